/**
 * Many independent fits of one model (DESIGN.md `curveFitBatch`) on the CPU: the model is
 * compiled and the shared x validated once, then each curve gets its own evaluator and a
 * minimizer run. This is the reference the GPU batch must match curve by curve.
 */
import type { BatchResult, FitBatch, FitOptions, LibraryFitOptions, NumericArray } from '../api-types';
import { validateArrays } from '../data';
import { FitbenchError } from '../errors';
import { createCpuEvaluator, minimize, type CpuEvaluator } from '../solver';
import { standardErrorsFromNormalMatrix } from '../stats';
import { prepareFit, type PreparedFit } from './prepare-fit';
import { validateFitOptions } from '../input/validate-fit-input';
import { cpuBatchDiagnostics } from './batch-diagnostics';

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export interface BatchProgress {
  done: number;
  total: number;
}

/** Checks the batch's shape and returns the curve count; FitbenchError on bad input. */
export function validateBatchShape(batch: FitBatch): number {
  if (batch === null || typeof batch !== 'object')
    throw new FitbenchError('DATA_PARSE', 'the batch must be an object with model, x, y and p0');
  if (!Array.isArray(batch.y) || batch.y.length === 0)
    throw new FitbenchError(
      'DATA_EMPTY',
      'the batch has no curves: y must be a non-empty list of arrays (one per curve)',
    );
  const count = batch.y.length;
  const perCurveX = Array.isArray(batch.x) && batch.x.length > 0 && isArrayLike(batch.x[0]);
  if (perCurveX && (batch.x as NumericArray[]).length !== count) {
    throw new FitbenchError(
      'DATA_LENGTH_MISMATCH',
      `the batch has ${count} curves in y but ${(batch.x as NumericArray[]).length} x arrays`,
    );
  }
  if (batch.sigma && batch.sigma.length !== count)
    throw new FitbenchError(
      'DATA_LENGTH_MISMATCH',
      `the batch has ${count} curves in y but ${batch.sigma.length} sigma arrays`,
    );
  if (Array.isArray(batch.p0) && batch.p0.length !== count)
    throw new FitbenchError('DATA_LENGTH_MISMATCH', `the batch has ${count} curves but ${batch.p0.length} p0 entries`);
  return count;
}

/** The x of curve j (shared or per curve). */
export function curveX(batch: FitBatch, j: number): NumericArray {
  const x = batch.x;
  return Array.isArray(x) && x.length > 0 && isArrayLike(x[0]) ? (x as NumericArray[])[j] : (x as NumericArray);
}

/** The start values of curve j (shared or per curve). */
export function curveP0(batch: FitBatch, j: number): Record<string, number> | undefined {
  return Array.isArray(batch.p0) ? batch.p0[j] : batch.p0;
}

/**
 * Fits every curve; a curve that fails (bad data, non-finite model) is reported as not
 * converged with NaN parameters instead of failing the batch.
 */
export async function curveFitBatch(
  batch: FitBatch,
  given: LibraryFitOptions = {},
  onProgress?: (p: BatchProgress) => void,
): Promise<BatchResult> {
  const options = validateFitOptions(given) as LibraryFitOptions;
  const count = validateBatchShape(batch);
  // Plain JavaScript callers get past the type: say what to do instead.
  if ((options.backend as string | undefined) === 'webgpu') {
    throw new FitbenchError(
      'GPU_UNAVAILABLE',
      'the webgpu batch runs through the fitting service (window.fitbench in the page, or fitbench batch --backend webgpu): the core library fits on the CPU',
    );
  }
  const t0 = now();
  // The first curve whose data are usable settles the model, parameter names and options
  // for all; curves before it (bad data) keep NaN rows, as any bad curve does.
  const { template, index: templateIndex } = firstPreparedCurve(batch, count, options);
  const p = template.paramNames.length;
  const k = template.freeNames.length;
  const params = new Float64Array(count * p).fill(Number.NaN);
  const stdErrors = new Float64Array(count * p).fill(Number.NaN);
  const cost = new Float64Array(count).fill(Number.NaN);
  const converged = new Uint8Array(count);
  const iterations = new Uint32Array(count);
  const sharedX = !(Array.isArray(batch.x) && batch.x.length > 0 && isArrayLike(batch.x[0]));
  const sharedPredictors = sharedX ? template.predictors : null;
  const freeIndex = template.paramNames.map((name) => template.freeNames.indexOf(name));
  const fast = fastPathPossible(batch, template);
  const workspaces = new Map<number, CurveWorkspace>();
  const freeErrors = new Float64Array(k);

  for (let j = 0; j < count; j++) {
    try {
      // Plain curves (finite data, no σ, nothing fixed) reuse one evaluator per length over
      // scratch copies of x and y; anything else takes the full preparation and its errors.
      if (j < templateIndex) continue;
      const ws = fast && j !== templateIndex ? loadCurve(batch, j, template, sharedPredictors, workspaces) : null;
      const curve = ws
        ? null
        : j === templateIndex
          ? template
          : prepareCurve(batch, j, template, sharedPredictors, options);
      const evaluator = ws ? ws.evaluator : createEvaluatorFor(curve as PreparedFit);
      const x0 = ws ? ws.x0 : (curve as PreparedFit).x0;
      const src = curve ?? template;
      // Fewer points than free parameters: a single fit may run TRF on it, but a batch row
      // of unidentifiable parameters is no result; it stays NaN, converged 0.
      if (evaluator.numResiduals < k) continue;
      const summary = await minimize(evaluator, x0, {
        method: src.method,
        xtol: options.xtol,
        ftol: options.ftol,
        gtol: options.gtol,
        maxIterations: options.maxIterations,
        lower: src.lower,
        upper: src.upper,
        signal: options.signal,
        linearSolver: 'normal',
      });
      const m = evaluator.numResiduals;
      const scale = options.absoluteSigma ? 1 : m > k ? (2 * summary.cost) / (m - k) : Infinity;
      standardErrorsFromNormalMatrix(summary.jtj, k, m, scale, src.freeNames, freeErrors);
      const fixedValues = curve ? curve.fixedValues : template.fixedValues;
      for (let i = 0; i < p; i++) {
        const f = freeIndex[i];
        params[j * p + i] = f >= 0 ? summary.params[f] : fixedValues[template.paramNames[i]];
        stdErrors[j * p + i] = f >= 0 ? freeErrors[f] : 0;
      }
      cost[j] = summary.cost;
      converged[j] = summary.converged ? 1 : 0;
      iterations[j] = summary.iterations;
      if (summary.status === 'aborted') break;
    } catch (error) {
      if (error instanceof FitbenchError && (error.code === 'FIT_ABORTED' || error.code === 'OPTIONS_INVALID'))
        throw error;
      // One bad curve does not sink the batch: its row stays NaN, converged 0.
    }
    if (onProgress && (j % 64 === 63 || j === count - 1)) onProgress({ done: j + 1, total: count });
  }
  const result: BatchResult = {
    paramNames: [...template.paramNames],
    params,
    stdErrors,
    cost,
    converged,
    iterations,
    backend: 'cpu',
    elapsedMs: 0,
  };
  result.diagnostics = cpuBatchDiagnostics(batch, result);
  result.elapsedMs = now() - t0;
  return result;
}

/** Errors that belong to one curve's data or start values, not to the model or the options. */
const CURVE_ERRORS: ReadonlySet<string> = new Set([
  'DATA_NONFINITE',
  'DATA_LENGTH_MISMATCH',
  'DATA_TOO_FEW_POINTS',
  'DATA_EMPTY',
  'DATA_PARSE',
  'SIGMA_INVALID',
  'START_OUTSIDE_BOUNDS',
  'PARAM_NONFINITE',
]);

/** The first curve that prepares; a model or option error throws at once, naming no curve. */
function firstPreparedCurve(
  batch: FitBatch,
  count: number,
  options: FitOptions,
): { template: PreparedFit; index: number } {
  let first: FitbenchError | null = null;
  for (let j = 0; j < count; j++) {
    try {
      const template = prepareFit(
        {
          model: batch.model,
          x: curveX(batch, j),
          y: batch.y[j],
          sigma: batch.sigma?.[j],
          p0: curveP0(batch, j),
          bounds: batch.bounds,
          fixed: batch.fixed,
        },
        options,
      );
      return { template, index: j };
    } catch (error) {
      if (!(error instanceof FitbenchError) || !CURVE_ERRORS.has(error.code)) throw error;
      first ??= error;
    }
  }
  const e = first as FitbenchError;
  throw new FitbenchError(e.code, `no curve of the batch has usable data; curve 0: ${e.message}`, {
    ...e.context,
    curve: 0,
  });
}

function createEvaluatorFor(curve: PreparedFit) {
  return createCpuEvaluator({
    model: curve.model,
    predictors: curve.predictors,
    y: curve.data.y,
    sigma: curve.data.sigma,
    loss: curve.loss,
    fScale: curve.fScale,
    fixed: curve.fixedValues,
  });
}

/** Scratch copies of one curve's x and y and the evaluator that reads them (one per curve length). */
interface CurveWorkspace {
  x: Float64Array;
  y: Float64Array;
  x0: Float64Array;
  evaluator: CpuEvaluator;
}

/** The fast path keeps the template's model, loss and bounds and needs per-curve data only. */
function fastPathPossible(batch: FitBatch, template: PreparedFit): boolean {
  return (
    !batch.sigma &&
    template.freeNames.length === template.paramNames.length &&
    template.model.predictorNames.length === 1 &&
    template.data.predictorNames.length === 1 &&
    template.data.droppedRows.length === 0
  );
}

/**
 * Copies curve j into the workspace of its length, checking what validateArrays checks for
 * plain data (array-like numbers, equal lengths, finite, enough points) and filling the
 * start values as prepareCurve does. Returns null when anything is unusual: the caller then
 * takes the full path, which raises the proper error.
 */
function loadCurve(
  batch: FitBatch,
  j: number,
  template: PreparedFit,
  sharedPredictors: Float64Array[] | null,
  workspaces: Map<number, CurveWorkspace>,
): CurveWorkspace | null {
  const yj = batch.y[j];
  if (!isArrayLike(yj)) return null;
  const n = yj.length;
  const xj = sharedPredictors ? sharedPredictors[0] : curveX(batch, j);
  if (!isArrayLike(xj) || xj.length !== n || n < template.freeNames.length || n === 0) return null;
  let ws = workspaces.get(n);
  if (!ws) {
    const x = sharedPredictors ? sharedPredictors[0] : new Float64Array(n);
    const y = new Float64Array(n);
    const evaluator = createCpuEvaluator({
      model: template.model,
      predictors: [x],
      y,
      loss: template.loss,
      fScale: template.fScale,
    });
    ws = { x, y, x0: new Float64Array(template.freeNames.length), evaluator };
    workspaces.set(n, ws);
  }
  if (!copyFinite(yj, ws.y)) return null;
  if (!sharedPredictors && !copyFinite(xj, ws.x)) return null;
  ws.evaluator.dataChanged();
  const given = curveP0(batch, j) ?? {};
  const names = template.freeNames;
  let guessed: Record<string, number> | null = null;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (name in given) {
      const v = given[name];
      if (typeof v !== 'number' || !Number.isFinite(v)) return null;
      ws.x0[i] = v;
    } else {
      if (!template.library) return null;
      guessed ??= template.library.guess(ws.x, ws.y);
      ws.x0[i] = guessed[name];
    }
    if (!(ws.x0[i] >= template.lower[i] && ws.x0[i] <= template.upper[i])) return null;
  }
  for (const name of Object.keys(given)) if (!template.paramNames.includes(name)) return null;
  return ws;
}

/** Copies numbers into `out`; false at the first non-number or non-finite value. */
function copyFinite(values: NumericArray, out: Float64Array): boolean {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== 'number' || v - v !== 0) return false;
    out[i] = v;
  }
  return true;
}

/** Curve j's data and start values on the template's model (compiled once, cached). */
function prepareCurve(
  batch: FitBatch,
  j: number,
  template: PreparedFit,
  sharedPredictors: Float64Array[] | null,
  options: FitOptions,
): PreparedFit {
  if (sharedPredictors) {
    const data = validateArrays({
      x: template.data.predictors.x ?? sharedPredictors[0],
      y: batch.y[j],
      sigma: batch.sigma?.[j],
      numFreeParams: template.freeNames.length,
    });
    const given = curveP0(batch, j) ?? {};
    const guessed =
      template.library && template.paramNames.some((name) => !(name in given))
        ? template.library.guess(template.data.predictors[template.data.predictorNames[0]], data.y)
        : {};
    const start = (name: string) => (name in given ? given[name] : guessed[name]);
    return {
      ...template,
      data,
      predictors: sharedPredictors,
      x0: Float64Array.from(template.freeNames, start),
      fixedValues: Object.fromEntries(Object.keys(template.fixedValues).map((name) => [name, start(name)])),
    };
  }
  return prepareFit(
    {
      model: batch.model,
      x: curveX(batch, j),
      y: batch.y[j],
      sigma: batch.sigma?.[j],
      p0: curveP0(batch, j),
      bounds: batch.bounds,
      fixed: batch.fixed,
    },
    // Every curve runs the template's method: a curve too short for it is that curve's error
    // (a NaN row), not a silent switch to another method.
    { ...options, method: options.method ?? template.method },
  );
}

function isArrayLike(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || ArrayBuffer.isView(v);
}
