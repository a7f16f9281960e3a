/**
 * Many refits of one problem: the engine under profiles, bootstraps and multistart. Each
 * refit differs from the problem by its start values, optionally its data (a bootstrap
 * resample) and a list of parameters held fixed (a profile). They run as one batch through
 * the batch engine (core's CPU curveFitBatch by default; the page's runtime passes its
 * own, which takes WebGPU when the batch qualifies). Problems with several named predictors
 * do not fit the batch's single shared x and are refitted one by one with curveFit.
 */
import type { BatchResult, FitBatch, FitOptions, FitProblem, LibraryFitOptions, NumericArray } from '../api-types';
import { FitbenchError } from '../errors';
import { createCpuEvaluatorFor, curveFit } from '../fit/curve-fit';
import { describeModelSpec, prepareFit } from '../fit/prepare-fit';
import { curveFitBatch, type BatchProgress } from '../fit/curve-fit-batch';

/** A batch engine: core's curveFitBatch, or a runtime's that routes to the GPU. */
export type BatchFitter = (
  batch: FitBatch,
  options: FitOptions,
  onProgress?: (p: BatchProgress) => void,
) => Promise<BatchResult>;

/** Options every uncertainty routine shares. */
export interface RefitOptions {
  /** Fit options of the refits (method, loss, tolerances…); the original fit's, normally. */
  fitOptions?: FitOptions;
  /** The batch engine (default: core's CPU curveFitBatch). */
  batchFit?: BatchFitter;
  /** Progress of the whole run, in refits. */
  onProgress?: (p: BatchProgress) => void;
  signal?: FitOptions['signal'];
}

export interface RefitRequest {
  /** Start values per refit (every parameter by name). */
  p0: Record<string, number>[];
  /** Per-refit data; default the problem's. */
  y?: NumericArray[];
  /** Per-refit predictors: arrays for a single x, records for named predictors. */
  x?: (NumericArray | Record<string, NumericArray>)[];
  sigma?: NumericArray[];
  /** Parameters held at their p0 values, beyond the problem's own fixed ones. */
  fixed?: readonly string[];
}

export interface RefitOutcome {
  paramNames: string[];
  /** refits × parameters, row-major. */
  params: Float64Array;
  /** χ² of each refit (2·cost: Σ r² for the linear loss). */
  chiSquare: Float64Array;
  converged: Uint8Array;
  backend: BatchResult['backend'];
}

/** Runs the refits as one batch; rows of refits that failed hold NaN. */
export async function refitMany(
  problem: FitProblem,
  request: RefitRequest,
  options: RefitOptions = {},
  progressOffset = 0,
  progressTotal = request.p0.length,
): Promise<RefitOutcome> {
  throwIfAborted(options.signal);
  const count = request.p0.length;
  const fixed = [...new Set([...(problem.fixed ?? []), ...(request.fixed ?? [])])];
  const fitOptions: FitOptions = { ...options.fitOptions, signal: options.signal ?? options.fitOptions?.signal };
  delete fitOptions.onIteration;
  delete fitOptions.resumeFrom;
  delete fitOptions.bandsAt;
  const progress = options.onProgress
    ? (p: BatchProgress) => options.onProgress?.({ done: progressOffset + p.done, total: progressTotal })
    : undefined;
  const names = describeModelSpec(
    problem.model,
    isArrayLike(problem.x) ? undefined : Object.keys(problem.x as Record<string, NumericArray>),
  ).paramNames;
  // Nothing left to fit (a profile of a one-parameter model): χ² at the given values.
  if (names.every((name) => fixed.includes(name))) return evaluateOnly(problem, request, names, fitOptions);
  if (isArrayLike(problem.x)) {
    const batch: FitBatch = {
      model: problem.model,
      x: (request.x as NumericArray[] | undefined) ?? problem.x,
      y: request.y ?? Array.from({ length: count }, () => problem.y),
      sigma:
        request.sigma ??
        (problem.sigma ? Array.from({ length: count }, () => problem.sigma as NumericArray) : undefined),
      p0: request.p0,
      bounds: problem.bounds,
      fixed,
    };
    // The core's engine fits on the CPU (it rejects 'webgpu' with a coded error); a runtime's may not.
    const fit: BatchFitter = options.batchFit ?? ((b, o, p) => curveFitBatch(b, o as LibraryFitOptions, p));
    const out = await fit(batch, fitOptions, progress);
    throwIfAborted(options.signal);
    // A batch engine that reports no progress of its own (a service job) reports at its end.
    progress?.({ done: count, total: count });
    const chiSquare = Float64Array.from(out.cost, (c) => 2 * c);
    return {
      paramNames: out.paramNames,
      params: out.params,
      chiSquare,
      converged: out.converged,
      backend: out.backend,
    };
  }
  return refitOneByOne(problem, request, fixed, fitOptions, progress);
}

async function evaluateOnly(
  problem: FitProblem,
  request: RefitRequest,
  paramNames: string[],
  fitOptions: FitOptions,
): Promise<RefitOutcome> {
  const count = request.p0.length;
  const params = new Float64Array(count * paramNames.length);
  const chiSquare = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const prepared = prepareFit(
      {
        ...problem,
        y: request.y?.[j] ?? problem.y,
        sigma: request.sigma?.[j] ?? problem.sigma,
        p0: request.p0[j],
        fixed: [],
      },
      { loss: fitOptions.loss, fScale: fitOptions.fScale },
    );
    paramNames.forEach((name, i) => (params[j * paramNames.length + i] = request.p0[j][name]));
    chiSquare[j] = 2 * (await createCpuEvaluatorFor(prepared).cost(prepared.x0));
  }
  return { paramNames, params, chiSquare, converged: new Uint8Array(count).fill(1), backend: 'cpu' };
}

async function refitOneByOne(
  problem: FitProblem,
  request: RefitRequest,
  fixed: string[],
  fitOptions: FitOptions,
  progress: ((p: BatchProgress) => void) | undefined,
): Promise<RefitOutcome> {
  const count = request.p0.length;
  let paramNames: string[] = [];
  let params = new Float64Array(0);
  const chiSquare = new Float64Array(count).fill(Number.NaN);
  const converged = new Uint8Array(count);
  for (let j = 0; j < count; j++) {
    throwIfAborted(fitOptions.signal);
    try {
      const r = await curveFit(
        {
          ...problem,
          x: request.x?.[j] ?? problem.x,
          y: request.y?.[j] ?? problem.y,
          sigma: request.sigma?.[j] ?? problem.sigma,
          p0: request.p0[j],
          fixed,
        },
        { ...(fitOptions as LibraryFitOptions), backend: 'cpu' },
      );
      if (paramNames.length === 0) {
        paramNames = r.paramNames;
        params = new Float64Array(count * paramNames.length).fill(Number.NaN);
      }
      paramNames.forEach((name, i) => (params[j * paramNames.length + i] = r.params[name]));
      chiSquare[j] = 2 * r.cost;
      converged[j] = r.converged ? 1 : 0;
    } catch (error) {
      if (error instanceof FitbenchError && (error.code === 'FIT_ABORTED' || error.code === 'OPTIONS_INVALID'))
        throw error;
    }
    progress?.({ done: j + 1, total: count });
  }
  return { paramNames, params, chiSquare, converged, backend: 'cpu' };
}

/** Throws FIT_ABORTED when the caller's signal has fired. */
export function throwIfAborted(signal: FitOptions['signal']): void {
  if (signal?.aborted) throw new FitbenchError('FIT_ABORTED', 'the run was cancelled');
}

/** The parameters of row j by name. */
export function rowParams(out: RefitOutcome, j: number): Record<string, number> {
  const p = out.paramNames.length;
  const row: Record<string, number> = {};
  out.paramNames.forEach((name, i) => (row[name] = out.params[j * p + i]));
  return row;
}

export function isArrayLike(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || ArrayBuffer.isView(v);
}
