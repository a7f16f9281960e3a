/**
 * Small numerical helpers for initial guesses: data preparation, robust statistics and a
 * rank-safe linear least-squares solver. Guesses need robustness, not the last digit.
 */
import { FitbenchError } from '../../errors';

/** Guesses look at no more points than this; larger data are averaged into bins. */
export const MAX_GUESS_POINTS = 4096;

export interface PreparedData {
  x: Float64Array;
  y: Float64Array;
}

/**
 * Finite (x, y) pairs sorted by x; above MAX_GUESS_POINTS, averaged into equal-count bins
 * (which also smooths the noise the guessers would otherwise chase).
 */
export function prepareData(x: ArrayLike<number>, y: ArrayLike<number>): PreparedData {
  if (x.length !== y.length) {
    throw new FitbenchError(
      'DATA_LENGTH_MISMATCH',
      `Cannot guess start values: x has ${x.length} values but y has ${y.length}`,
    );
  }
  const idx: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) idx.push(i);
  }
  let sorted = true;
  for (let k = 1; k < idx.length && sorted; k++) sorted = x[idx[k - 1]] <= x[idx[k]];
  if (!sorted) idx.sort((i, j) => x[i] - x[j]);
  const n = idx.length;
  if (n <= MAX_GUESS_POINTS) {
    return { x: Float64Array.from(idx, (i) => x[i]), y: Float64Array.from(idx, (i) => y[i]) };
  }
  const bins = MAX_GUESS_POINTS;
  const bx = new Float64Array(bins);
  const by = new Float64Array(bins);
  for (let b = 0; b < bins; b++) {
    const lo = Math.floor((b * n) / bins);
    const hi = Math.floor(((b + 1) * n) / bins);
    let sx = 0;
    let sy = 0;
    for (let k = lo; k < hi; k++) {
      sx += x[idx[k]];
      sy += y[idx[k]];
    }
    bx[b] = sx / (hi - lo);
    by[b] = sy / (hi - lo);
  }
  return { x: bx, y: by };
}

/** Arithmetic mean (0 for none); terms are divided first so ±1e308 values do not overflow. */
export function mean(v: ArrayLike<number>): number {
  if (v.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] / v.length;
  return s;
}

/** Linear-interpolated quantile (q in [0, 1]); 0 for an empty array. */
export function quantile(v: ArrayLike<number>, q: number): number {
  if (v.length === 0) return 0;
  const s = Float64Array.from(v).sort();
  const pos = Math.min(Math.max(q, 0), 1) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (pos - lo) * (s[hi] - s[lo]);
}

export function median(v: ArrayLike<number>): number {
  return quantile(v, 0.5);
}

/** Noise standard deviation from the median absolute first difference (robust to trends). */
export function noiseSigma(y: ArrayLike<number>): number {
  if (y.length < 3) return 0;
  const d = new Float64Array(y.length - 1);
  for (let i = 1; i < y.length; i++) d[i - 1] = Math.abs(y[i] - y[i - 1]);
  return median(d) / (0.6745 * Math.SQRT2);
}

/** Centred moving average with half-width h (shrinking window at the ends). */
export function movingAverage(y: Float64Array, h: number): Float64Array {
  const n = y.length;
  if (h <= 0 || n < 3) return Float64Array.from(y);
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + y[i];
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - h);
    const hi = Math.min(n, i + h + 1);
    out[i] = (prefix[hi] - prefix[lo]) / (hi - lo);
  }
  return out;
}

/**
 * Least-squares solution of Σ_j c_j·columns[j] ≈ y by Householder QR on unit-norm columns.
 * Columns that are (numerically) dependent on earlier ones get coefficient 0 instead of a
 * blow-up, so few points or repeated x never produce NaN.
 */
export function leastSquares(columns: readonly Float64Array[], y: ArrayLike<number>): Float64Array {
  const p = columns.length;
  const n = y.length;
  const coef = new Float64Array(p);
  if (p === 0 || n === 0) return coef;
  const scale = new Float64Array(p);
  const a: Float64Array[] = columns.map((col, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s = Math.max(s, Math.abs(col[i]));
    scale[j] = s > 0 && Number.isFinite(s) ? s : 1;
    return Float64Array.from(col.subarray(0, n), (v) => v / scale[j]);
  });
  const b = Float64Array.from(y);
  const rdiag = new Float64Array(p);
  const pivotRow = new Int32Array(p).fill(-1);
  let row = 0;
  for (let j = 0; j < p && row < n; j++) {
    const col = a[j];
    const full = norm(col);
    let s = 0;
    for (let i = row; i < n; i++) s += col[i] * col[i];
    const alpha = Math.sqrt(s);
    // What is left of the column after projecting out earlier ones is noise: skip it.
    if (!(alpha > 1e-10 * full)) continue;
    const sign = col[row] >= 0 ? 1 : -1;
    const v0 = col[row] + sign * alpha;
    const beta = v0 * sign * alpha;
    const reflect = (t: Float64Array): void => {
      let d = v0 * t[row];
      for (let i = row + 1; i < n; i++) d += col[i] * t[i];
      const f = d / beta;
      t[row] -= f * v0;
      for (let i = row + 1; i < n; i++) t[i] -= f * col[i];
    };
    for (let k = j + 1; k < p; k++) reflect(a[k]);
    reflect(b);
    rdiag[j] = -sign * alpha;
    pivotRow[j] = row++;
  }
  for (let j = p - 1; j >= 0; j--) {
    const r = pivotRow[j];
    if (r < 0) continue;
    let s = b[r];
    for (let k = j + 1; k < p; k++) if (pivotRow[k] >= 0) s -= a[k][r] * coef[k];
    coef[j] = s / rdiag[j];
  }
  for (let j = 0; j < p; j++) coef[j] = Number.isFinite(coef[j]) ? coef[j] / scale[j] : 0;
  return coef;
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** Straight-line least squares; slope 0 when x has no spread. */
export function lineFit(x: ArrayLike<number>, y: ArrayLike<number>): { slope: number; intercept: number } {
  const n = x.length;
  if (n === 0) return { slope: 0, intercept: 0 };
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { slope, intercept: my - slope * mx };
}

/**
 * x where the (sorted-x) curve first crosses `level`, searching from index `start` in
 * direction `dir` (+1 right, -1 left); linear interpolation; NaN when it never crosses.
 */
export function crossing(x: Float64Array, y: Float64Array, level: number, start: number, dir: 1 | -1): number {
  for (let i = start; i + dir >= 0 && i + dir < x.length; i += dir) {
    const a = y[i] - level;
    const b = y[i + dir] - level;
    if (a === 0) return x[i];
    if ((a > 0 && b <= 0) || (a < 0 && b >= 0)) {
      const t = a / (a - b);
      return x[i] + t * (x[i + dir] - x[i]);
    }
  }
  return Number.NaN;
}

/** v when finite, else the fallback. */
export function finiteOr(v: number, fallback: number): number {
  return Number.isFinite(v) ? v : fallback;
}

/** Span of sorted x, or 1 when there is none. */
export function xSpan(x: Float64Array): number {
  const s = x.length > 0 ? x[x.length - 1] - x[0] : 0;
  return s > 0 && Number.isFinite(s) ? s : 1;
}
