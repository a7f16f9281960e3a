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
import { residualSummary, standardizedSample, type ResidualSummary } from './residual-views';
import { sigmaVector } from './error-bars';
import { xRange } from '../../stores/x-range';

export interface FitViews {
  data: XYPoint[];
  curve: XYPoint[];
  residuals: XYPoint[];
  /** Histogram and normal Q–Q points of the standardized residuals. */
  residualSummary: ResidualSummary;
}

/** Points per model evaluation between two yields to the page. */
const SLICE = 1 << 13;
/** Points the residual histogram and Q–Q plot read (an even sample beyond): enough for 40 bins
 * and 400 quantiles, and sorted in a few milliseconds on a busy page. */
const SUMMARY_POINTS = 20_000;
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

/** Indices 0, step, 2·step, … below n: at most `count` of them. */
function strideIndices(n: number, count: number): Uint32Array {
  const step = Math.max(1, Math.ceil(n / count));
  const rows = new Uint32Array(Math.ceil(n / step));
  for (let k = 0; k < rows.length; k++) rows[k] = k * step;
  return rows;
}

/** The indices sampleScatter draws (or all, for a short series). */
function drawIndices(n: number): Uint32Array {
  const rows = new Uint32Array(Math.min(n, DRAW_POINTS));
  for (let k = 0; k < rows.length; k++) rows[k] = n <= DRAW_POINTS ? k : Math.floor(((k + 0.5) * n) / DRAW_POINTS);
  return rows;
}

/**
 * Data, curve and residuals of a finished fit. The model is evaluated on the page only where
 * something is drawn: the curve's grid, the residual plot's sample and an even sample for
 * the histogram and Q–Q plot (20 000), in slices that yield; the residual scale comes from the
 * result's χ². A million-point fit thus costs the page about 30 000 evaluations. Resolves null when
 * `isStale()` turns true (a newer fit replaced this one while the slices were computed).
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
  const vector = sigmaVector(problem.sigma);
  const sigma = vector && vector.length === n ? toF64(vector as NumericArray) : undefined;

  /** y − f at the given rows, evaluated in slices with a yield between two. */
  const residualsAt = async (rows: Uint32Array): Promise<Float64Array | null> => {
    const r = new Float64Array(rows.length);
    for (let start = 0; start < rows.length; start += SLICE) {
      if (start > 0) {
        await pause();
        if (isStale()) return null;
      }
      const end = Math.min(rows.length, start + SLICE);
      const at = rows.subarray(start, end);
      const out = r.subarray(start, end);
      model.evaluate(
        params,
        predictors.map((p) => Float64Array.from(at, (i) => p[i])),
        out,
      );
      for (let k = 0; k < at.length; k++) out[k] = y[at[k]] - out[k];
    }
    return r;
  };

  const drawRows = drawIndices(n);
  const drawn = await residualsAt(drawRows);
  if (!drawn || (n > SLICE && (await pause(), isStale()))) return null;
  const summaryRows = strideIndices(n, SUMMARY_POINTS);
  const summary = await residualsAt(summaryRows);
  if (!summary) return null;

  let curve: XYPoint[] = [];
  if (single || model.predictorNames.length <= 1) {
    const [lo, hi] = xRange(first);
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
  const residuals: XYPoint[] = [];
  drawRows.forEach((i, k) => {
    if (Number.isFinite(first[i]) && Number.isFinite(drawn[k])) residuals.push({ x: first[i], y: drawn[k] });
  });
  const free = Object.keys(result.stdErrors ?? {}).length;
  return {
    data: drawnData ?? sampleScatter(first, y),
    curve,
    residuals,
    residualSummary: residualSummary(standardizedSample(summary, summaryRows, sigma, n, result.chiSquare, free)),
  };
}
