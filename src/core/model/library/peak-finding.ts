/**
 * Peak detection for initial guesses: smooth, take local maxima, rank them by topographic
 * prominence (as scipy.signal.peak_prominences defines it) and measure each one's full width
 * at half maximum from the half-height crossings.
 */
import { movingAverage, noiseSigma } from './numeric';

export interface DetectedPeak {
  /** Index into the (sorted) data. */
  index: number;
  center: number;
  /** Smoothed signal value at the peak (the signal is taken as having its baseline at 0). */
  height: number;
  prominence: number;
  fwhm: number;
}

/** Half-width of the smoothing window for n points: light, so narrow peaks survive. */
export function smoothingHalfWidth(n: number): number {
  return Math.min(25, Math.floor(n / 150));
}

/**
 * Up to `count` peaks of `signal` (maxima; negate the signal for dips), most prominent first.
 * x must be sorted. Maxima whose prominence is below 3 noise standard deviations are dropped
 * unless nothing else is left, so noise does not pose as a peak.
 */
export function findPeaks(x: Float64Array, signal: Float64Array, count: number): DetectedPeak[] {
  const n = x.length;
  if (n === 0 || count <= 0) return [];
  const s = movingAverage(signal, smoothingHalfWidth(n));
  const candidates: number[] = [];
  for (let i = 0; i < n; i++) {
    const left = i === 0 ? -Infinity : s[i - 1];
    const right = i === n - 1 ? -Infinity : s[i + 1];
    // Plateaus count once, at their left end.
    if (s[i] > left && s[i] >= right) candidates.push(i);
  }
  if (candidates.length === 0) candidates.push(argMax(s));
  const prom = candidates.map((i) => prominence(s, i));
  // Noise of the raw signal: a bump of the smoothed one must stand out from what one point can do.
  const noise = noiseSigma(signal);
  const order = candidates.map((_, k) => k).sort((a, b) => prom[b] - prom[a]);
  const kept = order.filter((k) => prom[k] > 3 * noise);
  const chosen = (kept.length > 0 ? kept : order.slice(0, 1)).slice(0, count);
  return chosen.map((k) => {
    const i = candidates[k];
    return { index: i, center: x[i], height: s[i], prominence: prom[k], fwhm: halfMaxWidth(x, s, i, noise) };
  });
}

function argMax(v: Float64Array): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}

/** Height above the higher of the two lowest points reached before climbing above the peak. */
function prominence(s: Float64Array, i: number): number {
  const h = s[i];
  let leftMin = h;
  for (let j = i - 1; j >= 0 && s[j] <= h; j--) leftMin = Math.min(leftMin, s[j]);
  let rightMin = h;
  for (let j = i + 1; j < s.length && s[j] <= h; j++) rightMin = Math.min(rightMin, s[j]);
  // A side that runs off the data edge without a higher point still bounds the peak.
  return h - Math.max(leftMin, rightMin);
}

/**
 * Full width at half maximum around index i, measured against 0. Each side walks outwards
 * until the signal drops below half the height or climbs out of a valley (a neighbouring peak);
 * the narrower complete side is doubled, as overlap only ever widens a side.
 */
function halfMaxWidth(x: Float64Array, s: Float64Array, i: number, noise: number): number {
  const half = s[i] / 2;
  const side = (dir: 1 | -1): number => {
    let lowest = s[i];
    for (let j = i; j + dir >= 0 && j + dir < s.length; j += dir) {
      const next = s[j + dir];
      if (next <= half) {
        const t = (s[j] - half) / (s[j] - next);
        return Math.abs(x[j] + t * (x[j + dir] - x[j]) - x[i]);
      }
      lowest = Math.min(lowest, next);
      // Climbing clearly (beyond noise) out of a real valley: a neighbour; the valley is the limit.
      const rise = next - lowest;
      if (lowest < 0.8 * s[i] && rise > 0.25 * (s[i] - lowest) && rise > 3 * noise) return Math.abs(x[j] - x[i]);
    }
    return Number.NaN;
  };
  const left = side(-1);
  const right = side(1);
  const sides = [left, right].filter((w) => Number.isFinite(w) && w > 0);
  if (sides.length === 0) return Number.NaN;
  return 2 * Math.min(...sides);
}
