import type { FitStatus, IterationState } from '../core/api-types';
import type { CompiledModel } from '../core/model/compiled-model';
import { FitbenchError } from '../core/errors';
import { createCpuEvaluator } from '../core/solver/cpu-evaluator';
import { choleskyInverse } from '../core/numerics/dense-cholesky';
import { levenbergMarquardt } from '../core/solver/levenberg-marquardt';
import { resolveOptions } from '../core/solver/minimizer-options';
import type { DeviceSession } from './device-session';
import { GpuEvaluator, type GpuCurveData, type GpuEvaluatorOptions } from './gpu-evaluator';
import { assessF32, type F32Assessment } from './choose-backend';

/** A single curve to fit on the GPU (f64 data; start values by name). */
export interface GpuFitRequest {
  model: CompiledModel;
  data: GpuCurveData;
  p0: Record<string, number>;
  /** Names of parameters held at their p0 values. */
  fixed?: string[];
}

export interface GpuFitOptions extends Omit<GpuEvaluatorOptions, 'fixed'> {
  maxIterations?: number;
  ftol?: number;
  xtol?: number;
  gtol?: number;
  absoluteSigma?: boolean;
  /** f64 CPU finishing iterations: by the f32 rule (default), always, or never. */
  f64Finish?: 'auto' | 'always' | 'never';
  onIteration?: (s: IterationState) => void | 'stop';
  signal?: { readonly aborted: boolean };
}

export interface GpuFitSummary {
  /** Free parameters, in model order. */
  paramNames: string[];
  params: Record<string, number>;
  stdErrors: Record<string, number>;
  cost: number;
  chiSquare: number;
  iterations: number;
  nfev: number;
  status: FitStatus;
  converged: boolean;
  message: string;
  backend: 'webgpu';
  /** True when the f32 rule (or f64Finish 'always') sent the last iterations to the CPU. */
  finishedOnCpu: boolean;
  f32: F32Assessment;
  timings: {
    uploadMs: number;
    compileMs: number;
    gpuFitMs: number;
    cpuFinishMs: number;
    perIterationMs: number;
    gpuPasses: number;
  };
}

function startVector(
  model: CompiledModel,
  p0: Record<string, number>,
  fixed: Set<string>,
): { free: Float64Array; fixedValues: Record<string, number> } {
  const free: number[] = [];
  const fixedValues: Record<string, number> = {};
  for (const name of Object.keys(p0)) {
    if (!model.paramNames.includes(name))
      throw new FitbenchError('PARAM_UNKNOWN', `Start value given for "${name}", which is not a model parameter.`, {
        parameter: name,
      });
  }
  for (const name of model.paramNames) {
    const v = p0[name];
    if (v === undefined)
      throw new FitbenchError('PARAM_NO_START', `Parameter "${name}" has no start value.`, { parameter: name });
    if (!Number.isFinite(v))
      throw new FitbenchError('PARAM_NONFINITE', `Start value of "${name}" is ${v}.`, { parameter: name });
    if (fixed.has(name)) fixedValues[name] = v;
    else free.push(v);
  }
  for (const name of fixed) {
    if (!model.paramNames.includes(name))
      throw new FitbenchError('PARAM_UNKNOWN', `Fixed parameter "${name}" is not in the model.`, { parameter: name });
  }
  return { free: Float64Array.from(free), fixedValues };
}

/** Uploads the data, fits on the GPU (f64 step on the CPU) and releases the buffers. */
export async function fitSingleGpu(
  session: DeviceSession,
  request: GpuFitRequest,
  options: GpuFitOptions = {},
): Promise<GpuFitSummary> {
  const fixed = new Set(request.fixed ?? []);
  const { fixedValues } = startVector(request.model, request.p0, fixed);
  const ev = await GpuEvaluator.create(session, request.model, request.data, { ...options, fixed: fixedValues });
  try {
    return await fitOnGpuEvaluator(ev, request, options);
  } finally {
    ev.dispose();
  }
}

/**
 * Fits with an evaluator whose data are already on the GPU (the warm path the benchmark
 * times). Core's LM drives it; the GPU phase stops when the f32 rule says the Gauss–Newton
 * step is below F32_STEP_TOL standard errors, and finishes with f64 CPU iterations when the
 * rule says f32 is not enough.
 */
export async function fitOnGpuEvaluator(
  ev: GpuEvaluator,
  request: GpuFitRequest,
  options: GpuFitOptions = {},
): Promise<GpuFitSummary> {
  const fixed = new Set(request.fixed ?? []);
  const { free: x0, fixedValues } = startVector(request.model, request.p0, fixed);
  const names = [...ev.paramNames];
  const t0 = performance.now();
  const passes0 = ev.passes;
  let f32: F32Assessment | null = null;
  const opts = resolveOptions(ev, x0, {
    method: 'lm',
    linearSolver: 'normal',
    maxIterations: options.maxIterations,
    ftol: options.ftol,
    xtol: options.xtol,
    gtol: options.gtol,
    signal: options.signal,
    onIteration: (state) => {
      const user = options.onIteration?.({
        method: state.method,
        iteration: state.iteration,
        params: Object.fromEntries(names.map((n, i) => [n, state.params[i]])),
        cost: state.cost,
        nfev: state.nfev,
        njev: state.njev,
        radius: state.radius,
        ...(state.lambda !== undefined ? { lambda: state.lambda } : {}),
        scale: state.scale(),
        gradientNorm: state.gradientNorm,
        stepNorm: state.stepNorm,
      });
      if (user === 'stop') return 'stop';
      const last = ev.lastEvaluation(state.params);
      if (!last) return undefined;
      f32 = assessF32({ ...last, points: ev.numResiduals, sumSqWeightedY: ev.sumSqWeightedY });
      return f32.verdict === 'converged' ? 'stop' : undefined;
    },
  });
  const gpu = await levenbergMarquardt(ev, x0, opts);
  const gpuFitMs = performance.now() - t0;
  const userStopped = gpu.status === 'user-stop' && (f32 as F32Assessment | null)?.verdict !== 'converged';
  let assessment =
    (f32 as F32Assessment | null) ??
    assessF32({ ...(await ev.evaluate(gpu.x)), points: ev.numResiduals, sumSqWeightedY: ev.sumSqWeightedY });
  let x = gpu.x;
  let status: FitStatus = gpu.status;
  let message = gpu.message;
  let converged = assessment.verdict === 'converged' || ['xtol', 'ftol', 'gtol', 'xtol+ftol'].includes(gpu.status);
  if (assessment.verdict === 'converged' && gpu.status === 'user-stop') {
    status = 'xtol';
    message = `Converged at f32 resolution on the GPU: ${assessment.reason}.`;
  }
  let iterations = gpu.iterations;
  let nfev = gpu.nfev;
  let finishedOnCpu = false;
  let cpuFinishMs = 0;
  const finish = options.f64Finish ?? 'auto';
  const wantFinish =
    finish === 'always' ||
    (finish === 'auto' && !userStopped && gpu.status !== 'aborted' && assessment.verdict !== 'converged');
  let jtj: Float64Array;
  let cost: number;
  let sumSq: number;
  if (wantFinish) {
    const t1 = performance.now();
    const cpu = createCpuEvaluator({
      model: request.model,
      predictors: request.data.predictors.map((p) => Float64Array.from(p)),
      y: Float64Array.from(request.data.y),
      sigma: request.data.sigma ? Float64Array.from(request.data.sigma) : undefined,
      loss: options.loss,
      fScale: options.fScale,
      fixed: fixedValues,
    });
    const res = await levenbergMarquardt(
      cpu,
      gpu.x,
      resolveOptions(cpu, gpu.x, {
        method: 'lm',
        linearSolver: 'normal',
        ftol: options.ftol,
        xtol: options.xtol,
        gtol: options.gtol,
        signal: options.signal,
      }),
    );
    x = res.x;
    status = res.status;
    converged = ['xtol', 'ftol', 'gtol', 'xtol+ftol'].includes(res.status);
    message = `${res.message} (finished with f64 CPU iterations: ${assessment.reason})`;
    iterations += res.iterations;
    nfev += res.nfev;
    jtj = new Float64Array(x.length * x.length);
    const jtr = new Float64Array(x.length);
    cost = cpu.normalEquations(x, jtj, jtr);
    const r = new Float64Array(cpu.numResiduals);
    cpu.residuals(x, r);
    sumSq = r.reduce((s, v) => s + v * v, 0);
    finishedOnCpu = true;
    cpuFinishMs = performance.now() - t1;
    assessment = { ...assessment, reason: `${assessment.reason}; finished on the CPU` };
  } else {
    const last = await ev.evaluate(x);
    jtj = last.jtj;
    cost = last.cost;
    sumSq = last.sumSq;
  }
  const n = x.length;
  const inv = new Float64Array(n * n);
  const ok = choleskyInverse(n, jtj, inv);
  const s2 = options.absoluteSigma ? 1 : (2 * cost) / Math.max(1, ev.numResiduals - n);
  const params: Record<string, number> = { ...fixedValues };
  const stdErrors: Record<string, number> = {};
  names.forEach((name, i) => {
    params[name] = x[i];
    stdErrors[name] = ok ? Math.sqrt(Math.max(0, inv[i * n + i] * s2)) : NaN;
  });
  for (const name of Object.keys(fixedValues)) stdErrors[name] = 0;
  const gpuPasses = ev.passes - passes0;
  return {
    paramNames: names,
    params,
    stdErrors,
    cost,
    chiSquare: sumSq,
    iterations,
    nfev,
    status,
    converged,
    message,
    backend: 'webgpu',
    finishedOnCpu,
    f32: assessment,
    timings: {
      uploadMs: ev.uploadMs,
      compileMs: ev.compileMs,
      gpuFitMs,
      cpuFinishMs,
      perIterationMs: gpuPasses ? gpuFitMs / gpuPasses : 0,
      gpuPasses,
    },
  };
}
