/**
 * The WebGPU side of the fitting service: a single fit runs core's LM on the GPU evaluator
 * (residuals, Jacobian and JᵀJ/Jᵀr/rᵀr reductions in f32 on the GPU, the step in f64 on the
 * CPU) until the f32 rule says the answer is as good as f32 makes it, then finishes with f64
 * CPU iterations when the rule says f32 is not enough; a batch runs the whole LM per curve
 * on the GPU. `auto` keeps small problems on the CPU (chooseBackend). Shapes match the
 * worker's FitEngine (src/worker/run-controller.ts) structurally.
 */
import type {
  BatchResult,
  FitBatch,
  FitOptions,
  FitProblem,
  FitResult,
  IterationState,
  MethodName,
} from '../core/api-types';
import { FitbenchError } from '../core/errors';
import {
  createCpuEvaluatorFor,
  curveFitBatch,
  isGlobalProblem,
  prepareFit,
  prepareGlobal,
  runGlobalFit,
  resolveModelSpec,
  runPreparedFit,
  type PreparedFit,
} from '../core/fit';
import { assessF32, chooseBackend, isSoftwareAdapter, type F32Assessment } from './choose-backend';
import { DeviceSession } from './device-session';
import { curveFitBatchGpu } from './gpu-batch';
import { GpuEvaluator } from './gpu-evaluator';

/** A GPU iteration that lowers the cost by less than this (relative) counts as stalled… */
const F32_STALL_DECREASE = 1e-6;
/** …and this many in a row hand the fit over to float64 on the CPU. */
const F32_STALL_ITERATIONS = 4;

export interface GpuPreparedRun {
  method: MethodName;
  run(options: FitOptions): Promise<FitResult>;
}

export interface GpuFitEngine {
  prepare(problem: FitProblem, options: FitOptions): Promise<GpuPreparedRun>;
  curveFitBatch(batch: FitBatch, options: FitOptions): Promise<BatchResult>;
  loseDevice(): void;
}

export type GpuEngineAvailability = { ok: true; engine: GpuFitEngine } | { ok: false; reason: string };

/**
 * One device session per worker, created on first use and re-acquired after a loss (the
 * runtime retries a GPU_DEVICE_LOST job, and its breaker decides whether the GPU is tried).
 */
export function createGpuEngineProvider(gpu: GPU | undefined | null): () => Promise<GpuEngineAvailability> {
  let session: Promise<DeviceSession> | null = null;
  const acquire = async (): Promise<DeviceSession> => {
    if (session) {
      const s = await session.catch(() => null);
      if (s && !s.lost) return s;
      if (s) {
        await s.reacquire();
        return s;
      }
    }
    session = DeviceSession.create(gpu, { label: 'fit-worker', powerPreference: 'high-performance' });
    return session;
  };
  return async () => {
    try {
      return { ok: true, engine: createGpuEngine(await acquire()) };
    } catch (error) {
      session = null;
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  };
}

function createGpuEngine(session: DeviceSession): GpuFitEngine {
  const software = isSoftwareAdapter(session.adapterInfo);
  return {
    async prepare(problem, options) {
      if (isGlobalProblem(problem)) {
        // The stacked global evaluator is CPU float64 only (the WGSL kernels take one model and one data set).
        const global = prepareGlobal(problem, options);
        return {
          method: global.method,
          run: async (runOptions) => {
            const result = await runGlobalFit(global, runOptions);
            return { ...result, diagnostics: ['global fits run on the CPU (float64)', ...result.diagnostics] };
          },
        };
      }
      const prepared = prepareFit(problem, options);
      const decision = chooseBackend({
        requested: options.backend,
        gpuAvailable: true,
        softwareAdapter: software,
        points: prepared.data.y.length,
      });
      if (decision.backend === 'cpu') return cpuRun(prepared, []);
      if (prepared.sigmaFactor) {
        return cpuRun(prepared, [
          'correlated errors (a covariance-matrix sigma) are whitened on the CPU: this fit ran on the CPU (float64)',
        ]);
      }
      if (prepared.method !== 'lm') {
        return cpuRun(prepared, [
          'bounded fits use the trust-region reflective method, which runs on the CPU: this fit ran on the CPU (float64)',
        ]);
      }
      return { method: prepared.method, run: (runOptions) => runOnGpu(session, prepared, runOptions) };
    },
    async curveFitBatch(batch, options) {
      const { model, library } = resolveModelSpec(batch.model);
      const perCurve = batch.y[0]?.length ?? 0;
      const decision = chooseBackend({
        requested: options.backend,
        gpuAvailable: true,
        softwareAdapter: software,
        points: perCurve,
        curves: batch.y.length,
      });
      if (decision.backend === 'cpu' || model.predictorNames.length !== 1)
        return curveFitBatch(batch, { ...options, backend: 'cpu' });
      const p0 = library ? startValues(batch, library.guess, model.paramNames) : batch.p0;
      return curveFitBatchGpu(session, model, { ...batch, p0 }, options);
    },
    loseDevice: () => session.loseDevice(),
  };
}

function cpuRun(prepared: PreparedFit, diagnostics: string[]): GpuPreparedRun {
  return {
    method: prepared.method,
    run: async (options) => {
      const result = await runPreparedFit(prepared, createCpuEvaluatorFor(prepared), options);
      return diagnostics.length > 0 ? { ...result, diagnostics: [...diagnostics, ...result.diagnostics] } : result;
    },
  };
}

/**
 * GPU phase (core LM over the GPU evaluator, the f32 rule checked every iteration), then,
 * when f32 is not enough, an f64 phase on the CPU from where the GPU stopped. Statistics
 * come from the phase that produced the answer.
 */
async function runOnGpu(session: DeviceSession, prepared: PreparedFit, options: FitOptions): Promise<FitResult> {
  const evaluator = await GpuEvaluator.create(
    session,
    prepared.model,
    { predictors: prepared.predictors, y: prepared.data.y, sigma: prepared.data.sigma },
    { loss: prepared.loss, fScale: prepared.fScale, fixed: prepared.fixedValues },
  );
  try {
    let assessment: F32Assessment | null = null;
    let ruleStopped = false;
    let handOver = false;
    let lastCost = Infinity;
    let stalled = 0;
    const free = new Float64Array(prepared.freeNames.length);
    const gpuResult = await runPreparedFit(prepared, evaluator, {
      ...options,
      onIteration: async (state: IterationState) => {
        const verdict = options.onIteration ? await options.onIteration(state) : undefined;
        if (verdict === 'stop') return 'stop';
        // f32 sums stop improving the cost near 1e-6 relative: iterations past that point
        // are noise, so the GPU phase ends and f64 takes over.
        stalled =
          state.iteration > 0 && (lastCost - state.cost) / Math.max(Math.abs(state.cost), 1e-300) < F32_STALL_DECREASE
            ? stalled + 1
            : 0;
        lastCost = Math.min(lastCost, state.cost);
        prepared.freeNames.forEach((name, k) => (free[k] = state.params[name]));
        const last = evaluator.lastEvaluation(free);
        if (last)
          assessment = assessF32({ ...last, points: evaluator.numResiduals, sumSqWeightedY: evaluator.sumSqWeightedY });
        if (assessment?.verdict === 'converged' && state.iteration > 0) {
          ruleStopped = true;
          return 'stop';
        }
        if (assessment?.verdict === 'finish-f64' || stalled >= F32_STALL_ITERATIONS) {
          handOver = true;
          return 'stop';
        }
        return undefined;
      },
    });
    const final = assessment as F32Assessment | null;
    if (ruleStopped && final) {
      return {
        ...gpuResult,
        converged: true,
        status: 'xtol',
        message: `Converged at f32 resolution on the GPU: ${final.reason}.`,
        diagnostics: [`float32 on the GPU: ${final.reason}`, ...gpuResult.diagnostics],
      };
    }
    if ((gpuResult.status === 'user-stop' && !handOver) || gpuResult.status === 'aborted') return gpuResult;
    // f32 was not enough (ill-conditioned, tiny residuals, or the f32 noise floor stalled
    // the GPU phase): continue in float64 on the CPU from the GPU's answer.
    const reason = handOverReason(final, stalled >= F32_STALL_ITERATIONS);
    const cpuPrepared: PreparedFit = {
      ...prepared,
      x0: Float64Array.from(prepared.freeNames, (name) => gpuResult.params[name]),
    };
    const offset = gpuResult.iterations;
    // The iteration limit covers both phases.
    const left = options.maxIterations === undefined ? undefined : options.maxIterations - offset;
    if (left !== undefined && left < 1) return gpuResult;
    const cpuResult = await runPreparedFit(cpuPrepared, createCpuEvaluatorFor(cpuPrepared), {
      ...options,
      maxIterations: left,
      resumeFrom: undefined,
      onIteration: options.onIteration
        ? (s) => options.onIteration?.({ ...s, iteration: s.iteration + offset })
        : undefined,
    });
    return {
      ...cpuResult,
      backend: 'webgpu',
      iterations: offset + cpuResult.iterations,
      elapsedMs: gpuResult.elapsedMs + cpuResult.elapsedMs,
      nfev: gpuResult.nfev + cpuResult.nfev,
      njev: gpuResult.njev + cpuResult.njev,
      message: `${cpuResult.message} (${gpuResult.iterations} float32 iterations on the GPU, then float64 on the CPU: ${reason})`,
      diagnostics: [`finished with float64 iterations on the CPU: ${reason}`, ...cpuResult.diagnostics],
    };
  } catch (error) {
    if (session.lost)
      throw new FitbenchError(
        'GPU_DEVICE_LOST',
        `the GPU device was lost during the fit: ${error instanceof Error ? error.message : String(error)}`,
      );
    throw error;
  } finally {
    evaluator.dispose();
  }
}

/** Why float64 on the CPU took over from the GPU phase, for the message and diagnostics. */
function handOverReason(final: F32Assessment | null, stalledOut: boolean): string {
  if (final?.verdict === 'finish-f64') return final.reason;
  if (stalledOut) return `the float32 cost stopped decreasing${final ? ` (${final.reason})` : ''}`;
  return final ? final.reason : 'the GPU phase ended before the f32 rule was met';
}

/** Library models start from the caller's p0 where given and the guess elsewhere, per curve. */
export function startValues(
  batch: FitBatch,
  guess: (x: ArrayLike<number>, y: ArrayLike<number>) => Record<string, number>,
  names: readonly string[],
): FitBatch['p0'] {
  const shared = Array.isArray(batch.p0) ? null : (batch.p0 ?? {});
  if (shared && names.every((n) => n in shared)) return shared;
  return batch.y.map((y, j) => {
    const given = Array.isArray(batch.p0) ? batch.p0[j] : (shared ?? {});
    const x =
      Array.isArray(batch.x) && batch.x.length > 0 && typeof batch.x[0] !== 'number'
        ? (batch.x as ArrayLike<number>[])[j]
        : (batch.x as ArrayLike<number>);
    return { ...guess(x, y), ...given };
  });
}
