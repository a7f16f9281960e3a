/**
 * GPU benchmark for a Node process with the `webgpu` package (Dawn): gauss4 single fits at
 * 1e6 and 1e7 points (warm, data on the GPU: fit wall time, per-iteration time, upload and
 * compile separately) and gauss4 batches of 10,000 × 100 and 100,000 × 128 curves (fits per
 * second, from float64 and float32 curves, with the share of each phase: pack, upload, compute,
 * readback, float64 check). Prints one JSON object. Bundle with:
 *   npx esbuild src/gpu/bench/gpu-bench.ts --bundle --platform=node --format=esm \
 *     --external:webgpu --outfile=.gpu/bench.mjs
 * Data: shared/bench/datagen.mjs (gauss4 workload; 1e7 and the batch shapes generated the same
 * way with seeds 105 and 302/303). Argument `--quick` shrinks every size tenfold.
 */
import { create, globals } from 'webgpu';
import { compileModel } from '../src/core/model/compile-model';
import { DeviceSession } from '../src/gpu/device-session';
import { GpuEvaluator } from '../src/gpu/gpu-evaluator';
import { fitOnGpuEvaluator } from '../src/gpu/gpu-fit';
import { curveFitBatchGpu, type BatchPhaseTimings } from '../src/gpu/gpu-batch';
import { fitSingleGpu } from '../src/gpu/gpu-fit';
import { curveFit } from '../src/core/fit/curve-fit';
// @ts-expect-error plain JS module outside the project (no types)
import { genBatch, genSingle, loadWorkloads } from '../../shared/bench/datagen.mjs';

interface Workload {
  id: string;
  expression: string;
  params: string[];
  p0: number[];
  seeds: Record<string, number>;
  [k: string]: unknown;
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const argv = (globalThis as { process?: { argv: string[] } }).process?.argv ?? [];
const quick = argv.includes('--quick');
const only = argv.find((a) => a.startsWith('--only='))?.slice(7);

async function singleFit(session: DeviceSession, w: Workload, n: number, seed: number) {
  const tg = performance.now();
  const { x, y } = genSingle({ ...w, seeds: { ...w.seeds, [String(n)]: seed } }, n) as {
    x: Float64Array;
    y: Float64Array;
  };
  const genMs = performance.now() - tg;
  const model = compileModel(w.expression);
  const p0 = Object.fromEntries(w.params.map((p, i) => [p, w.p0[i]]));
  const ev = await GpuEvaluator.create(session, model, { predictors: [x], y });
  const request = { model, data: { predictors: [x], y }, p0 };
  const first = await fitOnGpuEvaluator(ev, request); // warm-up (pipelines already compiled)
  const times: number[] = [];
  let last = first;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    last = await fitOnGpuEvaluator(ev, request);
    times.push(performance.now() - t0);
  }
  // One pass + readback, alone (distinct points so the cache never answers).
  const passes: number[] = [];
  const base = Float64Array.from(Object.values(last.params));
  for (let r = 0; r < 20; r++) {
    const at = base.map((v, j) => v * (1 + 1e-4 * (r + 1) * (j + 1)));
    const t0 = performance.now();
    await ev.evaluate(at);
    passes.push(performance.now() - t0);
  }
  ev.dispose();
  return {
    n,
    genMs,
    uploadMs: ev.uploadMs,
    compileMs: ev.compileMs,
    warmFitMsMedian: median(times),
    warmFitMs: times,
    iterations: last.iterations,
    gpuPasses: last.timings.gpuPasses,
    perIterationMs: median(times) / Math.max(1, last.timings.gpuPasses),
    passAndReadbackMsMedian: median(passes),
    finishedOnCpu: last.finishedOnCpu,
    f32: last.f32,
    message: last.message,
    cpuFinishMs: last.timings.cpuFinishMs,
    status: last.status,
    params: last.params,
    stdErrors: last.stdErrors,
  };
}

/** Median of each phase over the runs. */
function medianPhases(runs: Partial<BatchPhaseTimings>[]): Record<string, number> {
  const keys = ['packMs', 'uploadMs', 'computeWaitMs', 'readbackMs', 'checkF64Ms', 'totalMs'] as const;
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = median(runs.map((r) => r[k] ?? 0));
  const total = out.totalMs || 1;
  for (const k of keys.slice(0, -1)) out[`${k.replace('Ms', '')}Share`] = out[k] / total;
  return out;
}

/**
 * A gauss4 batch end to end (packing, upload, kernels, readback, float64 check), from float64
 * curves and from the same values as contiguous float32 curves (Arrow float32 / .npy f4: no
 * float64 pass, no copy): fits/s and the share of time in each phase.
 */
async function batchFit(session: DeviceSession, w: Workload, count: number, n: number, seed: number) {
  const tg = performance.now();
  const b = genBatch({ ...w, count, n, seed }) as { x: Float64Array; y: Float64Array };
  const rows = (v: Float64Array | Float32Array) =>
    Array.from({ length: count }, (_, c) => v.subarray(c * n, (c + 1) * n));
  const y32 = Float32Array.from(b.y);
  const x32 = Float32Array.from(b.x);
  const genMs = performance.now() - tg;
  const model = compileModel(w.expression);
  const p0 = Object.fromEntries(w.params.map((p, i) => [p, w.p0[i]]));
  const inputs = {
    float64: { model: w.expression, x: rows(b.x), y: rows(b.y), p0 },
    float32: { model: w.expression, x: rows(x32), y: rows(y32), p0 },
  };
  const out: Record<string, unknown> = { curves: count, n, genMs };
  for (const [name, batch] of Object.entries(inputs)) {
    const warm: Partial<BatchPhaseTimings> = {};
    const first = await curveFitBatchGpu(session, model, batch, { timings: warm });
    const runs: Partial<BatchPhaseTimings>[] = [];
    let last = first;
    for (let r = 0; r < 3; r++) {
      const t: Partial<BatchPhaseTimings> = {};
      last = await curveFitBatchGpu(session, model, batch, { timings: t });
      runs.push(t);
    }
    const wall = median(runs.map((r) => r.totalMs ?? 0));
    let conv = 0;
    let iters = 0;
    for (let c = 0; c < count; c++) {
      conv += last.converged[c];
      iters += last.iterations[c];
    }
    out[name] = {
      firstRunMs: first.elapsedMs,
      compileMs: warm.compileMs,
      chunks: warm.chunks,
      chunkCurves: warm.chunkCurves,
      wallMsMedian: wall,
      fitsPerSecondWall: count / (wall / 1000),
      fitsPerSecondBeforeCheck: count / ((wall - median(runs.map((r) => r.checkF64Ms ?? 0))) / 1000),
      phases: medianPhases(runs),
      refitted: runs[0].refitted,
      convergedFraction: conv / count,
      meanIterations: iters / count,
      firstCurve: Array.from(last.params.subarray(0, 4)),
    };
  }
  return out;
}

/**
 * Where the GPU starts to win for `auto`: the CPU f64 fit (core curveFit) against a GPU fit
 * from f64 data in host memory (upload, fit, release: what one service job costs), by size.
 */
async function crossover(session: DeviceSession, w: Workload) {
  const model = compileModel(w.expression);
  const p0 = Object.fromEntries(w.params.map((p, i) => [p, w.p0[i]]));
  const rows: { n: number; cpuMs: number; gpuMs: number }[] = [];
  for (const n of [1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000]) {
    const { x, y } = genSingle({ ...w, seeds: { ...w.seeds, [String(n)]: 900 + rows.length } }, n) as {
      x: Float64Array;
      y: Float64Array;
    };
    const cpu: number[] = [];
    const gpu: number[] = [];
    for (let r = 0; r < 4; r++) {
      let t0 = performance.now();
      await curveFit({ model: w.expression, x, y, p0 }, { backend: 'cpu' });
      cpu.push(performance.now() - t0);
      t0 = performance.now();
      await fitSingleGpu(session, { model, data: { predictors: [x], y }, p0 });
      gpu.push(performance.now() - t0);
    }
    rows.push({ n, cpuMs: median(cpu.slice(1)), gpuMs: median(gpu.slice(1)) });
  }
  const first = rows.find((r) => r.gpuMs < r.cpuMs);
  return { rows, gpuWinsFrom: first ? first.n : null };
}

async function main(): Promise<void> {
  Object.assign(globalThis, globals);
  const gpu = create([]);
  const session = await DeviceSession.create(gpu, { label: 'bench', minBindingBytes: quick ? 0 : 256 * 1024 * 1024 });
  const spec = loadWorkloads() as { workloads: Workload[] };
  const gauss = spec.workloads.find((w) => w.id === 'gauss4')!;
  const batchW = spec.workloads.find((w) => w.id === 'batch')!;
  const s = quick ? 10 : 1;
  const out: Record<string, unknown> = { adapter: session.adapterInfo, statusLine: session.statusLine(), quick };
  const run = async (key: string, f: () => Promise<unknown>) => {
    if (only && !key.startsWith(only)) return;
    try {
      out[key] = await f();
    } catch (e) {
      out[key] = { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
  };
  await run('crossover', () => crossover(session, gauss));
  await run('single_1e6', () => singleFit(session, gauss, 1_000_000 / s, quick ? 103 : 104));
  await run('single_1e7', () => singleFit(session, gauss, 10_000_000 / s, 105));
  await run('batch_10000x100', () => batchFit(session, batchW, 10_000 / s, 100, 302));
  await run('batch_100000x128', () => batchFit(session, batchW, 100_000 / s, 128, 303));
  out.pipelines = session.pipelines.stats();
  out.memory = session.buffers.stats();
  out.diagnostics = session.diagnostics;
  console.log(JSON.stringify(out, null, 1));
  session.dispose();
}

main().catch((e: unknown) => {
  console.log(JSON.stringify({ fatal: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e) }));
});
