/**
 * Sigmoids and saturation curves. Plateaus come from the ends of the lightly smoothed data,
 * the midpoint and slope from where the curve crosses 25%, 50% and 75% of the way between them.
 *
 * The dose-response model is the four-parameter logistic in log-dose form (GraphPad's
 * "log(agonist) vs. response — variable slope"): x is log10 of the concentration, which keeps
 * every point (and every derivative) finite; for x in plain concentration use `hill`.
 */
import { crossing, lineFit, mean, median, movingAverage, xSpan } from './numeric';
import type { LibraryModel } from './types';

interface SigmoidShape {
  /** Level at the left end (smallest x). */
  low: number;
  /** Level at the right end. */
  high: number;
  /** x of the half-way crossing. */
  mid: number;
  /** Distance between the 25% and 75% crossings (> 0). */
  width: number;
}

function sigmoidShape(x: Float64Array, y: Float64Array): SigmoidShape {
  const n = x.length;
  const span = xSpan(x);
  const s = movingAverage(y, Math.floor(n / 40));
  const m = Math.max(1, Math.floor(n / 10));
  const low = mean(s.subarray(0, m));
  const high = mean(s.subarray(Math.max(0, n - m)));
  const at = (q: number): number => crossing(x, s, low + q * (high - low), 0, 1);
  const x25 = at(0.25);
  const x50 = at(0.5);
  const x75 = at(0.75);
  const mid = Number.isFinite(x50) ? x50 : n > 0 ? median(x) : 0;
  const w = Math.abs(x75 - x25);
  return { low, high, mid, width: w > 0 && w <= 2 * span ? w : span / 4 };
}

/** Sum of squared differences between the data and a model at `p` (Infinity when undefined). */
function sse(model: LibraryModel, p: Record<string, number>, x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (y[i] - model.evaluate(p, x[i])) ** 2;
  return Number.isFinite(s) ? s : Infinity;
}

/** The candidate closest to the data (empty → {}, which the resolver fills with fallbacks). */
function best(
  model: LibraryModel,
  candidates: Record<string, number>[],
  x: Float64Array,
  y: Float64Array,
): Record<string, number> {
  let choice: Record<string, number> = candidates[0] ?? {};
  let cost = Infinity;
  for (const p of candidates) {
    const c = sse(model, p, x, y);
    if (c < cost) {
      cost = c;
      choice = p;
    }
  }
  return choice;
}

/** Amplitude candidates beyond the largest plateau: saturation may lie outside the data. */
const SATURATION_FACTORS = [1.02, 1.1, 1.25, 1.5, 2, 3, 5];

export const logistic: LibraryModel = {
  name: 'logistic',
  aliases: ['sigmoid', 'logistic4'],
  prefix: 'lg',
  family: 'sigmoid',
  title: 'Logistic',
  description: 'a/(1 + exp(−k·(x − xmid))) + c: step of height a at xmid with rate k above baseline c.',
  expression: 'a/(1 + exp(-k*(x - xmid))) + c',
  paramNames: ['a', 'k', 'xmid', 'c'],
  defaultBounds: {},
  fallback: { a: 1, k: 1, xmid: 0, c: 0 },
  meanings: { a: 'step height', k: 'steepness (rate)', xmid: 'midpoint (half height)', c: 'baseline' },
  preview: { x: [-6, 6], params: { a: 1, k: 1.2, xmid: 0, c: 0 } },
  evaluate: (p, x) => p.a / (1 + Math.exp(-p.k * (x - p.xmid))) + p.c,
  guess: (x, y) => {
    const s = sigmoidShape(x, y);
    return { a: s.high - s.low, k: (2 * Math.log(3)) / s.width, xmid: s.mid, c: s.low };
  },
};

export const doseResponse: LibraryModel = {
  name: 'doseresponse',
  aliases: ['dose-response', '4pl', 'fourpl', 'dose_response', 'doseresponse4'],
  prefix: 'dr',
  family: 'sigmoid',
  title: 'Dose-response (4PL, log dose)',
  description: 'bottom + (top − bottom)/(1 + 10^((logec50 − x)·hill)), x = log10(dose); response rises for hill > 0.',
  expression: 'bottom + (top - bottom)/(1 + 10^((logec50 - x)*hill))',
  paramNames: ['bottom', 'top', 'logec50', 'hill'],
  defaultBounds: {},
  fallback: { bottom: 0, top: 1, logec50: 0, hill: 1 },
  meanings: {
    bottom: 'response at low dose',
    top: 'response at high dose',
    logec50: 'log10 of the dose giving half the response',
    hill: 'Hill slope (steepness)',
  },
  preview: { x: [-3, 3], params: { bottom: 0, top: 1, logec50: 0, hill: 1 } },
  evaluate: (p, x) => p.bottom + (p.top - p.bottom) / (1 + 10 ** ((p.logec50 - x) * p.hill)),
  guess: (x, y) => {
    const s = sigmoidShape(x, y);
    return { bottom: s.low, top: s.high, logec50: s.mid, hill: (2 * Math.log10(3)) / s.width };
  },
};

export const hill: LibraryModel = {
  name: 'hill',
  aliases: ['hillequation'],
  prefix: 'h',
  family: 'sigmoid',
  title: 'Hill equation',
  description: 'ymax·x^n/(k^n + x^n): half-saturation k, Hill coefficient n; x ≥ 0 is a concentration.',
  expression: 'ymax*x^n/(k^n + x^n)',
  paramNames: ['ymax', 'n', 'k'],
  defaultBounds: { k: [0, Infinity] },
  fallback: { ymax: 1, n: 1, k: 1 },
  meanings: { ymax: 'saturation level', n: 'Hill coefficient (cooperativity)', k: 'half-saturation concentration' },
  preview: { x: [0, 4], params: { ymax: 1, n: 2.5, k: 1 } },
  evaluate: (p, x) => (p.ymax * x ** p.n) / (p.k ** p.n + x ** p.n),
  guess: (x, y) => {
    const s = sigmoidShape(x, y);
    const base = Math.abs(s.high) >= Math.abs(s.low) ? s.high : s.low;
    const positiveX = x.filter((v) => v > 0);
    const kDefault = positiveX.length > 0 ? median(positiveX) : 1;
    const candidates: Record<string, number>[] = [{ ymax: base, n: 1, k: kDefault }];
    for (const f of SATURATION_FACTORS) {
      const ymax = base * f;
      // logit(y/ymax) = n·ln x − n·ln k
      const lx: number[] = [];
      const lz: number[] = [];
      for (let i = 0; i < x.length; i++) {
        const z = y[i] / ymax;
        if (x[i] > 0 && z > 0.02 && z < 0.98) {
          lx.push(Math.log(x[i]));
          lz.push(Math.log(z / (1 - z)));
        }
      }
      if (lx.length < 2) continue;
      const { slope, intercept } = lineFit(lx, lz);
      if (slope !== 0) candidates.push({ ymax, n: slope, k: Math.exp(-intercept / slope) });
    }
    return best(
      hill,
      candidates.filter((p) => p.k > 0 && Number.isFinite(p.k)),
      x,
      y,
    );
  },
};

export const michaelisMenten: LibraryModel = {
  name: 'michaelismenten',
  aliases: ['michaelis-menten', 'michaelis_menten', 'mm', 'langmuir'],
  prefix: 'mm',
  family: 'sigmoid',
  title: 'Michaelis–Menten',
  description: 'vmax·x/(km + x): saturating rate with half-saturation constant km > 0.',
  expression: 'vmax*x/(km + x)',
  paramNames: ['vmax', 'km'],
  defaultBounds: { km: [0, Infinity] },
  fallback: { vmax: 1, km: 1 },
  meanings: { vmax: 'maximum rate', km: 'Michaelis constant (x at half of vmax)' },
  preview: { x: [0, 10], params: { vmax: 1, km: 1.5 } },
  evaluate: (p, x) => (p.vmax * x) / (p.km + x),
  guess: (x, y) => {
    const s = sigmoidShape(x, y);
    const base = Math.abs(s.high) >= Math.abs(s.low) ? s.high : s.low;
    const positiveX = x.filter((v) => v > 0);
    const candidates: Record<string, number>[] = [{ vmax: base, km: positiveX.length > 0 ? median(positiveX) : 1 }];
    // Hanes–Woolf: x/y = km/vmax + x/vmax, the least noise-distorting linearisation.
    const hx: number[] = [];
    const hy: number[] = [];
    for (let i = 0; i < x.length; i++) {
      if (x[i] > 0 && y[i] * base > 0) {
        hx.push(x[i]);
        hy.push(x[i] / y[i]);
      }
    }
    if (hx.length >= 2) {
      const { slope, intercept } = lineFit(hx, hy);
      if (slope !== 0) candidates.push({ vmax: 1 / slope, km: intercept / slope });
    }
    // km = x·(vmax − y)/y at each point, for vmax a little beyond the highest plateau.
    for (const f of SATURATION_FACTORS) {
      const vmax = base * f;
      const ks: number[] = [];
      for (let i = 0; i < x.length; i++) {
        const z = y[i] / vmax;
        if (x[i] > 0 && z > 0.05 && z < 0.95) ks.push((x[i] * (vmax - y[i])) / y[i]);
      }
      if (ks.length > 0) candidates.push({ vmax, km: median(ks) });
    }
    return best(
      michaelisMenten,
      candidates.filter((p) => p.km > 0 && Number.isFinite(p.km)),
      x,
      y,
    );
  },
};

export const SIGMOID_MODELS: readonly LibraryModel[] = [logistic, doseResponse, hill, michaelisMenten];
