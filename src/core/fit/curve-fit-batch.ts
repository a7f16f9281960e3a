/**
 * Many independent fits of one model (DESIGN.md `curveFitBatch`) on the CPU: the model is
 * compiled and the shared x validated once, then each curve gets its own evaluator and a
 * minimizer run. This is the reference the GPU batch must match curve by curve.
 */
import type { BatchResult, FitBatch, FitOptions, NumericArray } from '../api-types';
import { validateArrays } from '../data';
import { FitbenchError } from '../errors';
import { createCpuEvaluator, minimize } from '../solver';
import { covarianceFromNormalMatrix } from '../stats';
import { prepareFit, type PreparedFit } from './prepare-fit';

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export interface BatchProgress {
  done: number;
  total: number;
}

/** Checks the batch's shape and returns the curve count; FitbenchError on bad input. */
export function validateBatchShape(batch: FitBatch): number {
  if (batch === null || typeof batch !== 'object') throw new FitbenchError('DATA_PARSE', 'the batch must be an object with model, x, y and p0');
  if (!Array.isArray(batch.y) || batch.y.length === 0) throw new FitbenchError('DATA_EMPTY', 'the batch has no curves: y must be a non-empty list of arrays (one per curve)');
  const count = batch.y.length;
  const perCurveX = Array.isArray(batch.x) && batch.x.length > 0 && isArrayLike(batch.x[0]);
  if (perCurveX && (batch.x as NumericArray[]).length !== count) {
    throw new FitbenchError('DATA_LENGTH_MISMATCH', `the batch has ${count} curves in y but ${(batch.x as NumericArray[]).length} x arrays`);
  }
  if (batch.sigma && batch.sigma.length !== count) throw new FitbenchError('DATA_LENGTH_MISMATCH', `the batch has ${count} curves in y but ${batch.sigma.length} sigma arrays`);
  if (Array.isArray(batch.p0) && batch.p0.length !== count) throw new FitbenchError('DATA_LENGTH_MISMATCH', `the batch has ${count} curves but ${batch.p0.length} p0 entries`);
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
export async function curveFitBatch(batch: FitBatch, options: FitOptions = {}, onProgress?: (p: BatchProgress) => void): Promise<BatchResult> {
  const count = validateBatchShape(batch);
  if (options.backend === 'webgpu') {
    throw new FitbenchError('GPU_UNAVAILABLE', 'the webgpu batch runs through the fitting service (window.fitbench in the page, or fitbench batch --backend webgpu): the core library fits on the CPU');
  }
  const t0 = now();
  // The first curve settles the model, parameter names and the options once for all.
  const template = prepareFit({ model: batch.model, x: curveX(batch, 0), y: batch.y[0], sigma: batch.sigma?.[0], p0: curveP0(batch, 0), bounds: batch.bounds, fixed: batch.fixed }, options);
  const p = template.paramNames.length;
  const k = template.freeNames.length;
  const params = new Float64Array(count * p).fill(Number.NaN);
  const stdErrors = new Float64Array(count * p).fill(Number.NaN);
  const cost = new Float64Array(count).fill(Number.NaN);
  const converged = new Uint8Array(count);
  const iterations = new Uint32Array(count);
  const sharedX = !(Array.isArray(batch.x) && batch.x.length > 0 && isArrayLike(batch.x[0]));
  const sharedPredictors = sharedX ? template.predictors : null;
  const jtjScratch = new Float64Array(k * k);

  for (let j = 0; j < count; j++) {
    try {
      const curve = j === 0 ? template : prepareCurve(batch, j, template, sharedPredictors, options);
      const evaluator = createCpuEvaluator({ model: curve.model, predictors: curve.predictors, y: curve.data.y, sigma: curve.data.sigma, loss: curve.loss, fScale: curve.fScale, fixed: curve.fixedValues });
      const summary = await minimize(evaluator, curve.x0, { method: curve.method, xtol: options.xtol, ftol: options.ftol, gtol: options.gtol, maxIterations: options.maxIterations, lower: curve.lower, upper: curve.upper, signal: options.signal, linearSolver: 'normal' });
      const m = curve.data.y.length;
      jtjScratch.set(summary.jtj);
      const scale = options.absoluteSigma ? 1 : m > k ? (2 * summary.cost) / (m - k) : Infinity;
      const cov = covarianceFromNormalMatrix(jtjScratch, k, m, { paramNames: curve.freeNames, scale });
      curve.paramNames.forEach((name, i) => {
        const f = curve.freeNames.indexOf(name);
        params[j * p + i] = f >= 0 ? summary.params[f] : curve.fixedValues[name];
        stdErrors[j * p + i] = f >= 0 ? cov.stdErrors[f] : 0;
      });
      cost[j] = summary.cost;
      converged[j] = summary.converged ? 1 : 0;
      iterations[j] = summary.iterations;
      if (summary.status === 'aborted') break;
    } catch (error) {
      if (error instanceof FitbenchError && (error.code === 'FIT_ABORTED' || error.code === 'OPTIONS_INVALID')) throw error;
      // One bad curve does not sink the batch: its row stays NaN, converged 0.
    }
    if (onProgress && (j % 64 === 63 || j === count - 1)) onProgress({ done: j + 1, total: count });
  }
  return { paramNames: [...template.paramNames], params, stdErrors, cost, converged, iterations, backend: 'cpu', elapsedMs: now() - t0 };
}

/** Curve j's data and start values on the template's model (compiled once, cached). */
function prepareCurve(batch: FitBatch, j: number, template: PreparedFit, sharedPredictors: Float64Array[] | null, options: FitOptions): PreparedFit {
  if (sharedPredictors) {
    const data = validateArrays({ x: template.data.predictors.x ?? sharedPredictors[0], y: batch.y[j], sigma: batch.sigma?.[j], numFreeParams: template.freeNames.length });
    const given = curveP0(batch, j) ?? {};
    const guessed = template.library && template.paramNames.some((name) => !(name in given)) ? template.library.guess(sharedPredictors[0], data.y) : {};
    const start = (name: string) => (name in given ? given[name] : guessed[name]);
    return { ...template, data, predictors: sharedPredictors, x0: Float64Array.from(template.freeNames, start), fixedValues: Object.fromEntries(Object.keys(template.fixedValues).map((name) => [name, start(name)])) };
  }
  return prepareFit({ model: batch.model, x: curveX(batch, j), y: batch.y[j], sigma: batch.sigma?.[j], p0: curveP0(batch, j), bounds: batch.bounds, fixed: batch.fixed }, options);
}

function isArrayLike(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || ArrayBuffer.isView(v);
}
