/**
 * Residual diagnostics beyond residuals-vs-x: a histogram and a normal Q–Q plot of the
 * standardized residuals (divided by σ when given, then by the fit's residual scale), so a
 * heavy tail, skew or a wrong weighting shows at a glance.
 */
import { normalQuantile } from '../../../core/stats/normal';
import type { XYPoint } from '../../charts/decimate-series';

export interface ResidualSummary {
  /** Bin centres against counts. */
  histogram: XYPoint[];
  /** Theoretical normal quantile against the sample quantile (standardized residuals). */
  qq: XYPoint[];
}

const QQ_POINTS = 400;
/** Residuals sorted at most (an even sample beyond): sorting a million on the page is a long task. */
const MAX_SORTED = 50_000;

/** Standardized residuals: r/σ, scaled to unit root-mean-square (dof = n − free parameters). */
export function standardizedResiduals(
  residual: ArrayLike<number>,
  sigma: ArrayLike<number> | undefined,
  freeParams: number,
): Float64Array {
  const n = residual.length;
  const z = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const v = sigma ? residual[i] / sigma[i] : residual[i];
    z[i] = v;
    ss += v * v;
  }
  const scale = Math.sqrt(ss / Math.max(1, n - freeParams)) || 1;
  for (let i = 0; i < n; i++) z[i] /= scale;
  return z;
}

/**
 * Standardized residuals of a sample of the rows (residual[k] at row rows[k] of n), scaled
 * by the whole fit's residual scale √(χ²/(n − free)); χ² is the result's (Σ(r/σ)² over all
 * rows), or, when not finite, estimated from the sample. So the page never needs the
 * residuals of every row to draw the histogram and the Q–Q plot.
 */
export function standardizedSample(
  residual: ArrayLike<number>,
  rows: ArrayLike<number>,
  sigma: ArrayLike<number> | undefined,
  n: number,
  chiSquare: number | undefined,
  freeParams: number,
): Float64Array {
  const z = new Float64Array(residual.length);
  let ss = 0;
  for (let k = 0; k < z.length; k++) {
    const v = sigma ? residual[k] / sigma[rows[k]] : residual[k];
    z[k] = v;
    ss += v * v;
  }
  const total = chiSquare !== undefined && Number.isFinite(chiSquare) ? chiSquare : (ss * n) / Math.max(1, z.length);
  const scale = Math.sqrt(total / Math.max(1, n - freeParams)) || 1;
  for (let k = 0; k < z.length; k++) z[k] /= scale;
  return z;
}

/** Histogram (√n bins, 8 to 40; counts of the sample beyond 50 000 points) and Q–Q points of standardized residuals. */
export function residualSummary(z: Float64Array): ResidualSummary {
  const step = Math.max(1, Math.ceil(z.length / MAX_SORTED));
  const sample = step === 1 ? z : z.filter((_, i) => i % step === 0);
  const sorted = sample.filter(Number.isFinite).sort();
  const n = sorted.length;
  if (n === 0) return { histogram: [], qq: [] };
  const lo = sorted[0];
  const hi = sorted[n - 1];
  const bins = Math.max(8, Math.min(40, Math.round(Math.sqrt(n))));
  const width = (hi - lo) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) counts[Math.min(bins - 1, Math.floor((sorted[i] - lo) / width))]++;
  const histogram = counts.map((c, k) => ({ x: lo + (k + 0.5) * width, y: c }));
  const m = Math.min(n, QQ_POINTS);
  const qq: XYPoint[] = [];
  for (let k = 0; k < m; k++) {
    const i = Math.min(n - 1, Math.floor(((k + 0.5) * n) / m));
    qq.push({ x: normalQuantile((i + 0.5) / n), y: sorted[i] });
  }
  return { histogram, qq };
}
