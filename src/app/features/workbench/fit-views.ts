/**
 * What the plots draw for a fit: the data, the fitted curve and the residuals, reduced for
 * drawing (the curve by min/max decimation, the dots by an even sample). The model is evaluated on the page only to draw (a few
 * hundred curve points, and the residuals in slices that yield between them, so a million
 * points never block the page); the solving happens in the workers.
 */
import type { FitProblem, FitResult, NumericArray } from '../../../core/api-types';
// Interpreted, not compiled: the page runs under a strict CSP (no eval on the main thread).
import { interpretModel } from '../../../core/model';
import { decimateSeries, type XYPoint } from '../../charts/decimate-series';
import { residualSummary, standardizedResiduals, type ResidualSummary } from './residual-views';
import { sigmaVector } from './error-bars';

export interface FitViews {
  data: XYPoint[];
  curve: XYPoint[];
  residuals: XYPoint[];
  /** Histogram and normal Q–Q points of the standardized residuals. */
  residualSummary: ResidualSummary;
}

/** Points per slice between two yields while computing residuals. */
const SLICE = 1 << 16;
const CURVE_POINTS = 400;
/** Points drawn for the data and the residuals (a scatter: recharts draws one SVG node each). */
const DRAW_POINTS = 600;

/**
 * An evenly strided sample of a scatter. Min/max decimation suits lines; on a noisy
 * scatter it draws the noise envelope as two false bands, so dots are sampled instead.
 */
export function sampleScatter(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints = DRAW_POINTS): XYPoint[] {
  const n = Math.min(x.length, y.length);
  if (n <= maxPoints) return decimateSeries(x, y, maxPoints);
  const out: XYPoint[] = [];
  for (let k = 0; k < maxPoints; k++) {
    const i = Math.floor(((k + 0.5) * n) / maxPoints);
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) out.push({ x: x[i], y: y[i] });
  }
  return out;
}

const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function toF64(a: NumericArray): Float64Array {
  return a instanceof Float64Array ? a : Float64Array.from(a);
}

/** The predictor columns of a problem by name ('x' for a single unnamed one). */
export function predictorColumns(problem: Pick<FitProblem, 'x'>): Record<string, Float64Array> {
  const x = problem.x;
  if (ArrayBuffer.isView(x) || Array.isArray(x)) return { x: toF64(x as NumericArray) };
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, toF64(v)]));
}

/** The data as drawn before any fit: first predictor against y. */
export function dataPoints(problem: Pick<FitProblem, 'x' | 'y'>): XYPoint[] {
  const cols = predictorColumns(problem);
  const first = Object.values(cols)[0];
  return first ? sampleScatter(first, problem.y) : [];
}

/**
 * Data, curve and residuals of a finished fit. Resolves null when `isStale()` turns true
 * (a newer fit replaced this one while the slices were computed).
 */
export async function computeFitViews(
  problem: FitProblem,
  result: FitResult,
  isStale: () => boolean = () => false,
  /** The data as already drawn (dataPoints of the same arrays): reused, so the chart keeps it. */
  drawnData?: XYPoint[],
): Promise<FitViews | null> {
  const cols = predictorColumns(problem);
  const names = Object.keys(cols);
  const single = names.length === 1;
  const model =
    single && names[0] === 'x'
      ? interpretModel(result.expression)
      : interpretModel(result.expression, { predictors: names });
  const params = Float64Array.from(model.paramNames, (n) => result.params[n]);
  const predictors =
    single && names[0] === 'x' ? model.predictorNames.map(() => cols.x) : model.predictorNames.map((n) => cols[n]);
  const y = toF64(problem.y);
  const n = y.length;
  const first = cols[names[0]];
  const residual = new Float64Array(n);
  const f = new Float64Array(Math.min(n, SLICE));
  for (let start = 0; start < n; start += SLICE) {
    const end = Math.min(n, start + SLICE);
    const out = end - start === f.length ? f : f.subarray(0, end - start);
    model.evaluate(
      params,
      predictors.map((p) => p.subarray(start, end)),
      out,
    );
    for (let i = start; i < end; i++) residual[i] = y[i] - out[i - start];
    if (end < n) {
      await pause();
      if (isStale()) return null;
    }
  }
  let curve: XYPoint[] = [];
  if (single || model.predictorNames.length <= 1) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = first[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (Number.isFinite(lo) && Number.isFinite(hi)) {
      const xs = new Float64Array(CURVE_POINTS);
      for (let i = 0; i < CURVE_POINTS; i++) xs[i] = lo + ((hi - lo) * i) / (CURVE_POINTS - 1);
      const ys = new Float64Array(CURVE_POINTS);
      model.evaluate(
        params,
        model.predictorNames.map(() => xs),
        ys,
      );
      curve = decimateSeries(xs, ys, CURVE_POINTS);
    }
  }
  const free = Object.keys(result.stdErrors ?? {}).length;
  const vector = sigmaVector(problem.sigma);
  const sigma = vector && vector.length === n ? toF64(vector as NumericArray) : undefined;
  return {
    data: drawnData ?? sampleScatter(first, y),
    curve,
    residuals: sampleScatter(first, residual),
    residualSummary: residualSummary(standardizedResiduals(residual, sigma, free)),
  };
}
