/**
 * Sine and damped sine. The frequency comes from the peak of the zero-padded FFT of the data
 * (resampled onto a uniform grid, trend removed), refined by a golden-section search; amplitude,
 * phase and offset then follow exactly by linear least squares on [sin, cos, 1].
 */
import { leastSquares, lineFit, xSpan } from './numeric';
import type { LibraryModel } from './types';

const TWO_PI = 2 * Math.PI;

/** Linear fit of y on the given columns; coefficients and sum of squared residuals. */
function fitColumns(columns: Float64Array[], y: Float64Array): { coef: Float64Array; sse: number } {
  const coef = leastSquares(columns, y);
  let sse = 0;
  for (let i = 0; i < y.length; i++) {
    let f = 0;
    for (let j = 0; j < columns.length; j++) f += coef[j] * columns[j][i];
    sse += (y[i] - f) ** 2;
  }
  return { coef, sse: Number.isFinite(sse) ? sse : Infinity };
}

/** Damped-sine basis at frequency f and time constant t (t = Infinity: undamped). */
function basis(x: Float64Array, f: number, t: number): Float64Array[] {
  const x0 = x.length > 0 ? x[0] : 0;
  const env = (v: number): number => (Number.isFinite(t) ? Math.exp(-(v - x0) / t) : 1);
  return [
    Float64Array.from(x, (v) => env(v) * Math.sin(TWO_PI * f * v)),
    Float64Array.from(x, (v) => env(v) * Math.cos(TWO_PI * f * v)),
    new Float64Array(x.length).fill(1),
  ];
}

/** Minimum of a unimodal-ish function on [lo, hi] by golden-section search. */
function goldenMin(g: (v: number) => number, lo: number, hi: number, iterations = 40): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - r * (b - a);
  let d = a + r * (b - a);
  let gc = g(c);
  let gd = g(d);
  for (let i = 0; i < iterations; i++) {
    if (gc < gd) {
      b = d;
      d = c;
      gd = gc;
      c = b - r * (b - a);
      gc = g(c);
    } else {
      a = c;
      c = d;
      gc = gd;
      d = a + r * (b - a);
      gd = g(d);
    }
  }
  return (a + b) / 2;
}

/** Dominant frequency (cycles per unit x) of detrended data; 1/span when there is none. */
export function dominantFrequency(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  const span = xSpan(x);
  if (n < 4) return 1 / span;
  const dx = span / (n - 1);
  const { slope, intercept } = lineFit(x, y);
  let size = 1;
  while (size < 4 * n) size *= 2;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  // Linear interpolation onto the uniform grid x0 + i·dx.
  let j = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[0] + i * dx;
    while (j < n - 2 && x[j + 1] < xi) j++;
    const w = x[j + 1] > x[j] ? (xi - x[j]) / (x[j + 1] - x[j]) : 0;
    const yi = y[j] + Math.min(Math.max(w, 0), 1) * (y[j + 1] - y[j]);
    re[i] = yi - (slope * xi + intercept);
  }
  fft(re, im);
  let k = 1;
  let peak = -1;
  const power = (i: number): number => re[i] * re[i] + im[i] * im[i];
  for (let i = 1; i < size / 2; i++) {
    if (power(i) > peak) {
      peak = power(i);
      k = i;
    }
  }
  // Parabolic interpolation between bins.
  const a = power(k - 1);
  const b = power(k);
  const c = power(Math.min(k + 1, size / 2));
  const denom = a - 2 * b + c;
  const shift = denom !== 0 ? (0.5 * (a - c)) / denom : 0;
  const f = (k + Math.max(-0.5, Math.min(0.5, shift))) / (size * dx);
  return f > 0 && Number.isFinite(f) ? f : 1 / span;
}

/** In-place iterative radix-2 FFT (length a power of two). */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = -TWO_PI / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k);
        const wi = Math.sin(ang * k);
        const ur = re[i + k];
        const ui = im[i + k];
        const vr = re[i + k + len / 2] * wr - im[i + k + len / 2] * wi;
        const vi = re[i + k + len / 2] * wi + im[i + k + len / 2] * wr;
        re[i + k] = ur + vr;
        im[i + k] = ui + vi;
        re[i + k + len / 2] = ur - vr;
        im[i + k + len / 2] = ui - vi;
      }
    }
  }
}

/** Best frequency near f0 for time constant t (within half a cycle over the span). */
function refineFrequency(x: Float64Array, y: Float64Array, f0: number, t: number): number {
  const half = 0.5 / xSpan(x);
  return goldenMin((f) => fitColumns(basis(x, f, t), y).sse, Math.max(f0 - half, f0 / 2), f0 + half);
}

/** a, phi, c of a·env·sin(2πfx + phi) + c from the [sin, cos, 1] coefficients. */
function amplitudePhase(coef: Float64Array): { a: number; phi: number; c: number } {
  return { a: Math.hypot(coef[0], coef[1]), phi: Math.atan2(coef[1], coef[0]), c: coef[2] };
}

export const sine: LibraryModel = {
  name: 'sine',
  aliases: ['sin', 'sinusoid', 'sinewave'],
  prefix: 's',
  family: 'periodic',
  title: 'Sine',
  description: 'a·sin(2π·f·x + phi) + c: amplitude a, frequency f (cycles per unit x), phase phi.',
  expression: 'a*sin(2*pi*f*x + phi) + c',
  paramNames: ['a', 'f', 'phi', 'c'],
  defaultBounds: {},
  fallback: { a: 1, f: 1, phi: 0, c: 0 },
  meanings: { a: 'amplitude', f: 'frequency (cycles per unit x)', phi: 'phase (radians)', c: 'offset (mean level)' },
  preview: { x: [0, 2], params: { a: 1, f: 1, phi: 0, c: 0 } },
  evaluate: (p, x) => p.a * Math.sin(TWO_PI * p.f * x + p.phi) + p.c,
  guess: (x, y) => {
    const f = refineFrequency(x, y, dominantFrequency(x, y), Infinity);
    return { f, ...amplitudePhase(fitColumns(basis(x, f, Infinity), y).coef) };
  },
};

export const dampedSine: LibraryModel = {
  name: 'dampedsine',
  aliases: ['damped-sine', 'dampedsin', 'dampedoscillation', 'damped_sine'],
  prefix: 'ds',
  family: 'periodic',
  title: 'Damped sine',
  description: 'a·exp(−x/t)·sin(2π·f·x + phi) + c: oscillation decaying with time constant t.',
  expression: 'a*exp(-x/t)*sin(2*pi*f*x + phi) + c',
  paramNames: ['a', 't', 'f', 'phi', 'c'],
  defaultBounds: { t: [0, Infinity] },
  fallback: { a: 1, t: 1, f: 1, phi: 0, c: 0 },
  meanings: {
    a: 'initial amplitude',
    t: 'decay time constant',
    f: 'frequency (cycles per unit x)',
    phi: 'phase (radians)',
    c: 'offset (mean level)',
  },
  preview: { x: [0, 4], params: { a: 1, t: 1.5, f: 1, phi: 0, c: 0 } },
  evaluate: (p, x) => p.a * Math.exp(-x / p.t) * Math.sin(TWO_PI * p.f * x + p.phi) + p.c,
  guess: (x, y) => {
    const span = xSpan(x);
    let f = dominantFrequency(x, y);
    const cost = (logT: number): number => fitColumns(basis(x, f, Math.exp(logT)), y).sse;
    // Coarse log grid for t, then golden section around the best grid point, then f again.
    const grid = Array.from({ length: 21 }, (_, i) => Math.log(span / 50) + (i / 20) * Math.log(2500));
    const costs = grid.map(cost);
    const i = costs.indexOf(Math.min(...costs));
    const step = grid[1] - grid[0];
    const t = Math.exp(goldenMin(cost, grid[Math.max(0, i - 1)] - (i === 0 ? step : 0), grid[Math.min(20, i + 1)], 30));
    f = refineFrequency(x, y, f, t);
    const { a, phi, c } = amplitudePhase(fitColumns(basis(x, f, t), y).coef);
    // The basis envelope starts at 1 at the first x; the model's at x = 0.
    return { a: a * Math.exp((x.length > 0 ? x[0] : 0) / t), t, f, phi, c };
  },
};

export const PERIODIC_MODELS: readonly LibraryModel[] = [sine, dampedSine];
