/**
 * Loaded by harness.html: attaches `window.gpuHarness` so the Playwright specs
 * (e2e/gpu-*.spec.ts) can drive the WebGPU backend in real Chromium and compare it with the
 * f64 CPU path. Every method takes and returns plain JSON.
 */
import type { BatchResult, FitBatch, LossName } from '../../core/api-types';
import { FitbenchError } from '../../core/errors';
import { compileModel } from '../../core/model/compile-model';
import { createCpuEvaluator } from '../../core/solver/cpu-evaluator';
import { choleskyInverse } from '../../core/numerics/dense-cholesky';
import { levenbergMarquardt } from '../../core/solver/levenberg-marquardt';
import { resolveOptions } from '../../core/solver/minimizer-options';
import { DeviceSession } from '../../gpu/device-session';
import { GpuEvaluator } from '../../gpu/gpu-evaluator';
import { fitSingleGpu, type GpuFitSummary } from '../../gpu/gpu-fit';
import { curveFitBatchGpu, type BatchPhaseTimings } from '../../gpu/gpu-batch';
import { generateCurve, HARNESS_MODELS } from './harness-data';
import { mulberry32 } from '../../core/numerics/seeded-random';

interface CurveArgs {
  model: string;
  n: number;
  seed?: number;
  loss?: LossName;
  fScale?: number;
  withSigma?: boolean;
}

let sessionPromise: Promise<DeviceSession> | null = null;
let lossEvents = 0;

function session(): Promise<DeviceSession> {
  if (!sessionPromise) {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    sessionPromise = DeviceSession.create(gpu, { label: 'harness' }).then((s) => {
      s.onLost(() => lossEvents++);
      return s;
    });
    sessionPromise.catch(() => (sessionPromise = null));
  }
  return sessionPromise;
}

function setup(args: CurveArgs) {
  const spec = HARNESS_MODELS[args.model];
  if (!spec) throw new FitbenchError('MODEL_UNKNOWN', `No harness model "${args.model}".`);
  const model = compileModel(spec.expression);
  const data = generateCurve(model.evaluate.bind(model), model.paramNames, spec, args.n, args.seed ?? 7);
  return { spec, model, data, sigma: args.withSigma === false ? undefined : data.sigma };
}

function errorInfo(e: unknown): { code: string; message: string } {
  const f = FitbenchError.fromJSON(e);
  return { code: f.code, message: f.message };
}

/** CPU f64 reference fit (core LM) with standard errors from (JᵀJ)⁻¹·2cost/(n−p). */
async function cpuFit(args: CurveArgs) {
  const { spec, model, data, sigma } = setup(args);
  const t0 = performance.now();
  const cpu = createCpuEvaluator({
    model,
    predictors: [data.x],
    y: data.y,
    sigma,
    loss: args.loss,
    fScale: args.fScale,
  });
  const x0 = Float64Array.from(model.paramNames.map((p) => spec.p0[p]));
  const res = await levenbergMarquardt(cpu, x0, resolveOptions(cpu, x0, { method: 'lm' }));
  const np = x0.length;
  const jtj = new Float64Array(np * np);
  const cost = cpu.normalEquations(res.x, jtj, new Float64Array(np));
  const inv = new Float64Array(np * np);
  choleskyInverse(np, jtj, inv);
  const s2 = (2 * cost) / (args.n - np);
  const params: Record<string, number> = {};
  const stdErrors: Record<string, number> = {};
  model.paramNames.forEach((p, i) => {
    params[p] = res.x[i];
    stdErrors[p] = Math.sqrt(inv[i * np + i] * s2);
  });
  return { params, stdErrors, cost, iterations: res.iterations, status: res.status, ms: performance.now() - t0 };
}

const gpuHarness = {
  async adapterInfo() {
    const s = await session();
    return { ...s.adapterInfo, statusLine: s.statusLine() };
  },

  /** GPU vs CPU f64 cost, Jᵀr and JᵀJ at the start values (or `at`, scaled truth). */
  async evalNormalEquations(args: CurveArgs & { reduction?: 'gpu' | 'cpu'; maxChunkPoints?: number; shift?: number }) {
    const s = await session();
    const { spec, model, data, sigma } = setup(args);
    const shift = args.shift ?? 0.05;
    const at = Float64Array.from(model.paramNames.map((p) => spec.truth[p] * (1 + shift)));
    const ev = await GpuEvaluator.create(s, model, { predictors: [data.x], y: data.y, sigma }, args);
    try {
      const g = await ev.evaluate(at);
      const costOnly = await ev.costOnly(at);
      const cpu = createCpuEvaluator({
        model,
        predictors: [data.x],
        y: data.y,
        sigma,
        loss: args.loss,
        fScale: args.fScale,
      });
      const np = at.length;
      const jtj = new Float64Array(np * np);
      const jtr = new Float64Array(np);
      const cost = cpu.normalEquations(at, jtj, jtr);
      return {
        paramNames: model.paramNames,
        gpu: { cost: g.cost, costOnly, jtj: [...g.jtj], jtr: [...g.jtr] },
        cpu: { cost, jtj: [...jtj], jtr: [...jtr] },
        uploadMs: ev.uploadMs,
      };
    } finally {
      ev.dispose();
    }
  },

  /** One GPU fit and the CPU f64 reference fit of the same data. */
  async fitSingle(args: CurveArgs & { f64Finish?: 'auto' | 'always' | 'never'; skipCpu?: boolean }) {
    const s = await session();
    const { spec, model, data, sigma } = setup(args);
    const t0 = performance.now();
    const gpu = await fitSingleGpu(s, { model, data: { predictors: [data.x], y: data.y, sigma }, p0: spec.p0 }, args);
    const gpuMs = performance.now() - t0;
    const cpu = args.skipCpu ? null : await cpuFit(args);
    return { gpu, gpuMs, cpu };
  },

  /** A batch of `curves` curves (truths spread ±10%) on the GPU and each one on the CPU. */
  async fitBatch(args: {
    model: string;
    curves: number;
    n: number;
    seed?: number;
    perCurveX?: boolean;
    cpuCheck?: number;
  }) {
    const s = await session();
    const spec = HARNESS_MODELS[args.model];
    const model = compileModel(spec.expression);
    const rand = mulberry32(args.seed ?? 11);
    const [lo, hi] = spec.xRange;
    const shared = Float64Array.from({ length: args.n }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / args.n);
    const xs: Float64Array[] = [];
    const ys: Float64Array[] = [];
    const sigmas: Float64Array[] = [];
    for (let c = 0; c < args.curves; c++) {
      const truth = Object.fromEntries(model.paramNames.map((p) => [p, spec.truth[p] * (1 + 0.1 * (2 * rand() - 1))]));
      const d = generateCurve(
        model.evaluate.bind(model),
        model.paramNames,
        spec,
        args.n,
        1000 + c,
        truth,
        args.perCurveX ? undefined : shared,
      );
      xs.push(d.x);
      ys.push(d.y);
      sigmas.push(d.sigma);
    }
    const t0 = performance.now();
    const gpu = await curveFitBatchGpu(s, model, {
      model: spec.expression,
      x: args.perCurveX ? xs : shared,
      y: ys,
      sigma: sigmas,
      p0: spec.p0,
    });
    const gpuMs = performance.now() - t0;
    const np = model.paramNames.length;
    const check = Math.min(args.cpuCheck ?? args.curves, args.curves);
    const cpu: { params: number[]; stdErrors: number[]; converged: boolean }[] = [];
    const tc = performance.now();
    for (let c = 0; c < check; c++) {
      const ev = createCpuEvaluator({ model, predictors: [xs[c]], y: ys[c], sigma: sigmas[c] });
      const x0 = Float64Array.from(model.paramNames.map((p) => spec.p0[p]));
      const res = await levenbergMarquardt(ev, x0, resolveOptions(ev, x0, { method: 'lm' }));
      const jtj = new Float64Array(np * np);
      const cost = ev.normalEquations(res.x, jtj, new Float64Array(np));
      const inv = new Float64Array(np * np);
      choleskyInverse(np, jtj, inv);
      const s2 = (2 * cost) / (args.n - np);
      cpu.push({
        params: [...res.x],
        stdErrors: [...res.x].map((_, i) => Math.sqrt(inv[i * np + i] * s2)),
        converged: ['xtol', 'ftol', 'gtol', 'xtol+ftol'].includes(res.status),
      });
    }
    const cpuMs = performance.now() - tc;
    return {
      paramNames: gpu.paramNames,
      gpu: {
        params: [...gpu.params],
        stdErrors: [...gpu.stdErrors],
        cost: [...gpu.cost],
        converged: [...gpu.converged],
        iterations: [...gpu.iterations],
      },
      cpu,
      gpuMs,
      cpuMs,
    };
  },

  /**
   * The same batch fitted in one chunk and in chunks of `chunkCurves` (double-buffered), and
   * as contiguous Float32Array curves against float64 curves holding the same f32 values:
   * which result arrays differ (bitwise) and the phase timings of each run.
   */
  async compareChunking(args: { model: string; curves: number; n: number; chunkCurves: number; perCurveX?: boolean }) {
    const s = await session();
    const spec = HARNESS_MODELS[args.model];
    const model = compileModel(spec.expression);
    const rand = mulberry32(23);
    const [lo, hi] = spec.xRange;
    const n = args.n;
    const shared = Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / n);
    const ys = new Float32Array(args.curves * n);
    const xs = new Float32Array(args.perCurveX ? args.curves * n : 0);
    const sigmas: Float64Array[] = [];
    for (let c = 0; c < args.curves; c++) {
      const truth = Object.fromEntries(model.paramNames.map((p) => [p, spec.truth[p] * (1 + 0.1 * (2 * rand() - 1))]));
      const d = generateCurve(
        model.evaluate.bind(model),
        model.paramNames,
        spec,
        n,
        500 + c,
        truth,
        args.perCurveX ? undefined : shared,
      );
      ys.set(d.y, c * n);
      if (args.perCurveX) xs.set(d.x, c * n);
      sigmas.push(d.sigma);
    }
    const rows = (v: Float32Array | Float64Array) =>
      Array.from({ length: args.curves }, (_, c) => v.subarray(c * n, (c + 1) * n));
    const y64 = Float64Array.from(ys);
    const x64 = Float64Array.from(xs);
    const base = { model: spec.expression, sigma: sigmas, p0: spec.p0 };
    const run = async (x: FitBatch['x'], y: FitBatch['y'], chunkCurves: number) => {
      const timings: Partial<BatchPhaseTimings> = {};
      const r = await curveFitBatchGpu(s, model, { ...base, x, y }, { chunkCurves, timings });
      return { r, timings };
    };
    const whole = await run(args.perCurveX ? rows(x64) : shared, rows(y64), args.curves);
    const chunked = await run(args.perCurveX ? rows(x64) : shared, rows(y64), args.chunkCurves);
    const f32 = await run(args.perCurveX ? rows(xs) : shared, rows(ys), args.chunkCurves);
    const differing = (a: BatchResult, b: BatchResult) => {
      const keys = ['params', 'stdErrors', 'cost', 'converged', 'iterations'] as const;
      const out: string[] = keys.filter((k) => !sameBits(a[k], b[k]));
      for (const k of ['atBound', 'notIdentifiable', 'refittedF64'] as const)
        if (!a.diagnostics || !b.diagnostics || !sameBits(a.diagnostics[k], b.diagnostics[k])) out.push(k);
      return out;
    };
    return {
      chunks: [whole.timings.chunks, chunked.timings.chunks, f32.timings.chunks],
      chunkedVsWhole: differing(whole.r, chunked.r),
      float32VsFloat64: differing(chunked.r, f32.r),
      converged: whole.r.converged.reduce((a, v) => a + v, 0),
      refitted: whole.timings.refitted,
      timings: { whole: whole.timings, chunked: chunked.timings, float32: f32.timings },
    };
  },

  /**
   * Loses the device at iteration `atIteration` of a GPU fit (the chaos switch), checks the
   * error and the loss notification, re-acquires and fits again.
   */
  async loseDeviceAndRecover(args: CurveArgs & { atIteration?: number }) {
    const s = await session();
    const { spec, model, data, sigma } = setup(args);
    const before = lossEvents;
    const request = { model, data: { predictors: [data.x], y: data.y, sigma }, p0: spec.p0 };
    let failure: { code: string; message: string } | null = null;
    try {
      await fitSingleGpu(s, request, {
        onIteration: (st) => {
          if (st.iteration === (args.atIteration ?? 2)) s.loseDevice();
        },
      });
    } catch (e) {
      failure = errorInfo(e);
    }
    await new Promise((r) => setTimeout(r, 50));
    const notified = lossEvents - before;
    const lostFlag = s.lost;
    await s.reacquire();
    const recovered: GpuFitSummary = await fitSingleGpu(s, request);
    const cpu = await cpuFit(args);
    return {
      failure,
      notified,
      lostFlag,
      lostAfter: s.lost,
      generation: s.generation,
      recovered,
      cpu,
      diagnostics: s.diagnostics.slice(-5),
    };
  },

  /** Wall times of a CPU f64 fit and a GPU fit (cold and warm) at each size: the auto threshold. */
  async timeBackends(args: { model: string; sizes: number[] }) {
    const rows = [];
    for (const n of args.sizes) {
      const cpu = await cpuFit({ model: args.model, n });
      const cold = await gpuHarness.fitSingle({ model: args.model, n, skipCpu: true });
      const warm = await gpuHarness.fitSingle({ model: args.model, n, skipCpu: true });
      rows.push({
        n,
        cpuMs: cpu.ms,
        gpuColdMs: cold.gpuMs,
        gpuWarmMs: warm.gpuMs,
        gpuIterations: warm.gpu.iterations,
        perIterationMs: warm.gpu.timings.perIterationMs,
        uploadMs: warm.gpu.timings.uploadMs,
      });
    }
    return rows;
  },

  /** Bad input reaches the caller as a FitbenchError code. */
  async badInput(kind: 'nan' | 'length' | 'sigma' | 'loss') {
    const s = await session();
    const { model, data } = setup({ model: 'gauss4', n: 100 });
    const y = Float64Array.from(data.y);
    let x = data.x;
    let sigma: Float64Array | undefined;
    if (kind === 'nan') y[5] = NaN;
    if (kind === 'length') x = data.x.subarray(0, 50);
    if (kind === 'sigma') sigma = new Float64Array(100).fill(-1);
    try {
      await GpuEvaluator.create(
        s,
        model,
        { predictors: [x], y, sigma },
        kind === 'loss' ? { loss: 'bogus' as LossName } : {},
      );
      return null;
    } catch (e) {
      return errorInfo(e);
    }
  },
};

/** Bitwise equality of two typed arrays (NaN equals NaN of the same bits). */
function sameBits(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

export type GpuHarness = typeof gpuHarness;
(globalThis as unknown as { gpuHarness: GpuHarness }).gpuHarness = gpuHarness;
