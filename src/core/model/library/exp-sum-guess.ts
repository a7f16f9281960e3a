/**
 * Start values for y = Σ a_i·exp(−x/t_i) + c with 1–3 components.
 *
 * Primary: regression by successive integration (J. Jacquelin, "Régressions et équations
 * intégrales"). Such a sum solves a linear ODE of order k, so integrated k times
 *   y = P_k(x) + d_1·S_1 + … + d_k·S_k,   S_j = j-fold running integral of y,
 * a linear least-squares problem whose d_j give the rates as the roots of
 * λ^k − d_1·λ^(k−1) − … − d_k = 0 (λ_i = −1/t_i). Integration averages the noise out.
 * Fallback when the roots are not real and negative: peeling — fit the slow tail, subtract it,
 * fit what remains on the early part. Amplitudes and offset then follow by linear least squares
 * with the rates held fixed.
 */
import { leastSquares, lineFit, mean, xSpan } from './numeric';

export interface ExpSumGuess {
  /** Amplitudes at x = 0, ordered by increasing time constant. */
  amps: number[];
  /** Time constants t_1 < t_2 < …, all > 0. */
  taus: number[];
  c: number;
}

/** Guess for k decaying exponentials plus an offset; x sorted, values finite. */
export function guessExpSum(x: Float64Array, y: Float64Array, k: number): ExpSumGuess {
  const span = xSpan(x);
  let taus = x.length >= 2 * k + 2 ? integralRates(x, y, k) : null;
  if (taus === null) taus = peel(x, y, k);
  taus = separated(
    taus.sort((a, b) => a - b),
    span,
  );
  const { amps, c } = amplitudes(x, y, taus);
  return { amps, taus, c };
}

function integralRates(x: Float64Array, y: Float64Array, k: number): number[] | null {
  const n = x.length;
  const x0 = x[0];
  const columns: Float64Array[] = [];
  for (let j = 0; j <= k; j++) columns.push(Float64Array.from(x, (v) => (v - x0) ** j));
  let prev: ArrayLike<number> = y;
  for (let j = 1; j <= k; j++) {
    const s = new Float64Array(n);
    for (let i = 1; i < n; i++) s[i] = s[i - 1] + ((prev[i] + prev[i - 1]) / 2) * (x[i] - x[i - 1]);
    columns.push(s);
    prev = s;
  }
  const coef = leastSquares(columns, y);
  const d = Array.from(coef.subarray(k + 1));
  const roots = realRoots(d);
  if (roots === null || roots.some((r) => !(r < 0) || !Number.isFinite(r))) return null;
  return roots.map((r) => -1 / r);
}

/** Real roots of λ^k − d1·λ^(k−1) − … − dk (k ≤ 3); null when some root is complex. */
function realRoots(d: number[]): number[] | null {
  if (d.length === 1) return [d[0]];
  if (d.length === 2) {
    const disc = d[0] * d[0] + 4 * d[1];
    if (disc < 0) return null;
    const q = (d[0] + Math.sign(d[0] || 1) * Math.sqrt(disc)) / 2;
    // q·r = −d[1] (product of the roots), the stable second root.
    return q === 0 ? [0, 0] : [q, -d[1] / q];
  }
  // λ³ + bλ² + cλ + e, depressed by λ = τ − b/3 (trigonometric form for three real roots).
  const b = -d[0];
  const c = -d[1];
  const e = -d[2];
  const p = c - (b * b) / 3;
  const q = (2 * b * b * b) / 27 - (b * c) / 3 + e;
  if (!(p < 0)) return null;
  const m = 2 * Math.sqrt(-p / 3);
  const arg = (3 * q) / (p * m);
  if (Math.abs(arg) > 1) return null;
  const theta = Math.acos(arg) / 3;
  return [0, 1, 2].map((i) => m * Math.cos(theta - (2 * Math.PI * i) / 3) - b / 3);
}

/** Time constants by peeling the slowest component off the late half, recursively. */
function peel(x: Float64Array, y: Float64Array, k: number): number[] {
  const span = xSpan(x);
  if (k === 1 || x.length < 8) {
    const t = singleRate(x, y, span);
    return Array.from({ length: k }, (_, i) => t / 4 ** (k - 1 - i));
  }
  const mid = x[0] + span / 2;
  const tail = indicesWhere(x, (v) => v >= mid);
  const xt = pick(x, tail);
  const yt = pick(y, tail);
  const slow = singleRate(xt, yt, xSpan(xt));
  const { amps, c } = amplitudes(xt, yt, [slow]);
  const head = indicesWhere(x, (v) => v < mid);
  const xh = pick(x, head);
  const rh = Float64Array.from(head, (i) => y[i] - amps[0] * Math.exp(-x[i] / slow) - c);
  return [...peel(xh, rh, k - 1), slow];
}

/**
 * One time constant: successive integration for k = 1, else a log-linear fit of |y − tail
 * level| over the early 70% of the range; span/3 when the data show no decay at all.
 */
function singleRate(x: Float64Array, y: Float64Array, span: number): number {
  const fromIntegral = x.length >= 4 ? integralRates(x, y, 1) : null;
  if (fromIntegral !== null && fromIntegral[0] < 100 * span) return fromIntegral[0];
  const m = Math.max(1, Math.floor(x.length / 10));
  const level = mean(y.subarray(y.length - m));
  const sign = mean(y.subarray(0, m)) >= level ? 1 : -1;
  const limit = x[0] + 0.7 * span;
  const xs: number[] = [];
  const ls: number[] = [];
  for (let i = 0; i < x.length && x[i] <= limit; i++) {
    const z = sign * (y[i] - level);
    if (z > 0) {
      xs.push(x[i]);
      ls.push(Math.log(z));
    }
  }
  const slope = xs.length >= 2 ? lineFit(xs, ls).slope : 0;
  return slope < 0 && -1 / slope < 100 * span ? -1 / slope : span / 3;
}

/** Keeps time constants positive and at least a factor 1.5 apart (a non-singular basis). */
function separated(taus: number[], span: number): number[] {
  const out = taus.map((t) => (t > 0 && Number.isFinite(t) ? t : span / 3));
  out.sort((a, b) => a - b);
  for (let i = 1; i < out.length; i++) if (out[i] < 1.5 * out[i - 1]) out[i] = 1.5 * out[i - 1];
  return out;
}

/** a_i and c by linear least squares with the time constants fixed. */
function amplitudes(x: Float64Array, y: Float64Array, taus: number[]): { amps: number[]; c: number } {
  if (x.length === 0) return { amps: taus.map(() => 0), c: 0 };
  const x0 = x[0];
  // Basis shifted to the first x, so exp never overflows; shifted back below.
  const columns = taus.map((t) => Float64Array.from(x, (v) => Math.exp(-(v - x0) / t)));
  columns.push(new Float64Array(x.length).fill(1));
  const coef = leastSquares(columns, y);
  return { amps: taus.map((t, i) => coef[i] * Math.exp(x0 / t)), c: coef[taus.length] };
}

function indicesWhere(x: Float64Array, test: (v: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) if (test(x[i])) out.push(i);
  return out;
}

function pick(v: Float64Array, idx: number[]): Float64Array {
  return Float64Array.from(idx, (i) => v[i]);
}
