/**
 * Guesses for sums of components. Peaks sit on a background (every non-peak component):
 * estimate the background, find the peaks in what is left, mask the peaks out, re-estimate the
 * background from the rest, and find the peaks again. Without peaks, components are guessed one
 * after another on what the previous ones leave unexplained.
 */
import { median, movingAverage, noiseSigma } from './numeric';
import { findPeaks, smoothingHalfWidth } from './peak-finding';
import type { LibraryModel, PeakModel } from './types';

export interface CompositeGuess {
  peaks: Record<string, number>[];
  background: Record<string, number>[];
}

/** Curved components first, so the polynomial baselines take up what they leave. */
function order(model: LibraryModel): number {
  if (model.family !== 'polynomial') return 0;
  return model.name === 'constant' ? 2 : 1;
}

/**
 * Guesses `models` one after another, each on the residual of those before it (curved
 * components before polynomials). Returns parameters in the order of `models`.
 */
export function guessSequential(
  models: readonly LibraryModel[],
  x: Float64Array,
  y: Float64Array,
): Record<string, number>[] {
  const result: Record<string, number>[] = new Array(models.length);
  const residual = Float64Array.from(y);
  const indices = models.map((_, i) => i).sort((i, j) => order(models[i]) - order(models[j]));
  for (const i of indices) {
    const p = sanitized(models[i], models[i].guess(x, residual));
    result[i] = p;
    for (let k = 0; k < x.length; k++) {
      const v = models[i].evaluate(p, x[k]);
      if (Number.isFinite(v)) residual[k] -= v;
    }
  }
  return result;
}

/** Non-finite raw values replaced by the model's fallback, so evaluation stays finite. */
function sanitized(model: LibraryModel, p: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of model.paramNames) out[name] = Number.isFinite(p[name]) ? p[name] : model.fallback[name];
  return out;
}

function evaluateAll(
  models: readonly LibraryModel[],
  params: readonly Record<string, number>[],
  x: Float64Array,
): Float64Array {
  const out = new Float64Array(x.length);
  models.forEach((m, j) => {
    for (let k = 0; k < x.length; k++) {
      const v = m.evaluate(params[j], x[k]);
      if (Number.isFinite(v)) out[k] += v;
    }
  });
  return out;
}

/** +1 when the signal's excursions above its bulk outweigh those below, else -1. */
function polarity(r: Float64Array): 1 | -1 {
  if (r.length === 0) return 1;
  const s = movingAverage(r, smoothingHalfWidth(r.length));
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of s) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const m = median(s);
  return hi - m >= m - lo ? 1 : -1;
}

/**
 * Start values for `peaks` (assigned the most prominent detected peaks in increasing x) on
 * top of the `background` components. x must be sorted.
 */
export function guessPeaksAndBackground(
  x: Float64Array,
  y: Float64Array,
  peaks: readonly PeakModel[],
  background: readonly LibraryModel[],
): CompositeGuess {
  const n = x.length;
  const span = n > 1 && x[n - 1] > x[0] ? x[n - 1] - x[0] : 1;
  let bgParams = background.length > 0 ? guessSequential(background, x, y) : [];
  let detected = detect(x, y, bgParams);
  for (let round = 0; round < 2 && background.length > 0; round++) {
    const keep: number[] = [];
    for (let k = 0; k < n; k++) {
      const inPeak = detected.found.some((p) => Math.abs(x[k] - p.center) < 1.5 * p.fwhm);
      if (!inPeak) keep.push(k);
    }
    if (keep.length < Math.max(3, 0.1 * n)) break;
    bgParams = guessSequential(
      background,
      Float64Array.from(keep, (k) => x[k]),
      Float64Array.from(keep, (k) => y[k]),
    );
    detected = detect(x, y, bgParams);
  }

  function detect(xs: Float64Array, ys: Float64Array, bg: Record<string, number>[]) {
    const base = evaluateAll(background, bg, xs);
    const r = Float64Array.from(ys, (v, k) => v - base[k]);
    const sign = polarity(r);
    const signal = Float64Array.from(r, (v) => sign * v);
    const found = findPeaks(xs, signal, peaks.length).map((p) => ({
      center: p.center,
      height: sign * p.height,
      fwhm: Number.isFinite(p.fwhm) && p.fwhm > 0 ? p.fwhm : span / (2 * (peaks.length + 1)),
    }));
    return { found, r, sign };
  }

  // Peaks that are no local maximum (shoulders) are sought in what the found ones leave;
  // peaks the data do not show at all are spread over the range.
  const chosen = [...detected.found];
  const left = Float64Array.from(detected.r, (v) => detected.sign * v);
  for (let j = chosen.length; j < peaks.length; j++) {
    for (const p of chosen.slice(j === detected.found.length ? 0 : chosen.length - 1)) {
      const params = peaks[0].fromPeak(detected.sign * p.height, p.center, p.fwhm);
      for (let k = 0; k < n; k++) left[k] -= detected.sign * peaks[0].evaluate(params, x[k]);
    }
    const shoulder = findPeaks(x, left, 1)[0];
    if (shoulder !== undefined && shoulder.prominence > 3 * noiseSigma(left) && shoulder.height > 0) {
      chosen.push({
        center: shoulder.center,
        height: detected.sign * shoulder.height,
        fwhm: Number.isFinite(shoulder.fwhm) && shoulder.fwhm > 0 ? shoulder.fwhm : span / (2 * (peaks.length + 1)),
      });
      continue;
    }
    const center = x.length > 0 ? x[0] + ((j + 1) / (peaks.length + 1)) * span : j;
    const k = nearestIndex(x, center);
    const localHeight = k >= 0 ? detected.r[k] : 0;
    const fallbackHeight = chosen.length > 0 ? chosen[0].height / 2 : detected.sign;
    chosen.push({
      center,
      height: detected.sign * localHeight > 0 ? localHeight : fallbackHeight,
      fwhm: span / (2 * (peaks.length + 1)),
    });
  }
  chosen.sort((a, b) => a.center - b.center);
  return {
    peaks: peaks.map((m, j) => m.fromPeak(chosen[j].height, chosen[j].center, chosen[j].fwhm)),
    background: bgParams,
  };
}

function nearestIndex(x: Float64Array, v: number): number {
  let best = -1;
  let dist = Infinity;
  for (let k = 0; k < x.length; k++) {
    const d = Math.abs(x[k] - v);
    if (d < dist) {
      dist = d;
      best = k;
    }
  }
  return best;
}
