/**
 * The GPU batch: the whole LM iteration per curve on the GPU (batch-lm kernel, one thread per
 * curve), in chunks that are double-buffered: while chunk k's kernels run, the CPU checks and
 * packs chunk k+1 into the other staging slot and queues it, so packing (the host-side cost
 * that dominated end to end) hides behind GPU work. Each slot owns its GPU buffers and one
 * MAP_READ staging buffer for both outputs; results land in order in one BatchResult, then
 * every curve is checked in float64 (batch-f64-check). Curves are independent, so the chunk
 * size never changes a result.
 */
import type { BatchResult, FitBatch, FitOptions } from '../core/api-types';
import type { CompiledModel } from '../core/model/compiled-model';
import { FitbenchError } from '../core/errors';
import type { DeviceSession } from './device-session';
import { buildProgramSource, programKey } from './program-source';
import { checkFScale, lossCode } from './robust-loss';
import { BATCH_LM_UNIFORMS } from './shaders/batch-lm-wgsl';
import { checkAndRefitInF64 } from './batch-f64-check';
import { createStagingSlot, packChunk, prepareBatchLayout, type BatchLayout, type StagingSlot } from './batch-pack';

/** f32 cannot resolve relative changes much below this; tighter ftol/xtol are raised to it. */
export const BATCH_F32_TOL_FLOOR = 1e-6;
const BATCH_WG = 64;
/** Curves per chunk by default: big enough to fill a GPU, small enough that packing overlaps. */
export const DEFAULT_BATCH_CHUNK_CURVES = 16_384;

/** Where a GPU batch spent its time (milliseconds, except the counts). */
export interface BatchPhaseTimings {
  /** Checking and packing curves on the CPU (after the first chunk, overlapped with GPU work). */
  packMs: number;
  /** Handing the packed chunks to the GPU queue (writeBuffer). */
  uploadMs: number;
  compileMs: number;
  /** Waiting for the GPU (kernels and result copies) beyond what packing hid. */
  computeWaitMs: number;
  /** Copying the mapped results into the BatchResult. */
  readbackMs: number;
  /** computeWaitMs + readbackMs (the figure earlier benchmarks reported). */
  kernelAndReadMs: number;
  /** The float64 check of every curve and the CPU refits. */
  checkF64Ms: number;
  /** Curves refitted in float64 on the CPU. */
  refitted: number;
  chunks: number;
  chunkCurves: number;
  totalMs: number;
}

export interface GpuBatchOptions extends Pick<
  FitOptions,
  'loss' | 'fScale' | 'maxIterations' | 'ftol' | 'xtol' | 'gtol' | 'absoluteSigma'
> {
  /** Timings of the phases, filled in when given. */
  timings?: Partial<BatchPhaseTimings>;
  /** Curves per chunk (default DEFAULT_BATCH_CHUNK_CURVES; capped by one storage binding). */
  chunkCurves?: number;
}

/** One chunk's worth of GPU buffers plus its host staging: two of them double-buffer. */
interface GpuSlot {
  host: StagingSlot;
  uniforms: GPUBuffer;
  x: GPUBuffer | null;
  y: GPUBuffer;
  w: GPUBuffer;
  start: GPUBuffer;
  outF: GPUBuffer;
  outU: GPUBuffer;
  staging: GPUBuffer;
  bindGroup: GPUBindGroup;
}

interface InFlight {
  slot: GpuSlot;
  first: number;
  count: number;
  mapped: Promise<void>;
}

/**
 * Fits every curve of `batch` on the GPU and returns the columnar BatchResult (all model
 * parameters, fixed ones at their start values with standard error 0) with per-curve
 * diagnostics from the float64 check.
 */
export async function curveFitBatchGpu(
  session: DeviceSession,
  model: CompiledModel,
  batch: FitBatch,
  options: GpuBatchOptions = {},
): Promise<BatchResult> {
  const t0 = performance.now();
  const np = model.paramNames.length;
  const loss = lossCode(options.loss);
  const fScale = checkFScale(options.fScale);
  const maxIter = options.maxIterations ?? 100;
  if (!Number.isInteger(maxIter) || maxIter < 1)
    throw new FitbenchError('OPTIONS_INVALID', `maxIterations must be a positive integer, got ${maxIter}.`, {
      option: 'maxIterations',
    });
  const requested = options.chunkCurves ?? DEFAULT_BATCH_CHUNK_CURVES;
  if (!Number.isInteger(requested) || requested < 1)
    throw new FitbenchError('OPTIONS_INVALID', `chunkCurves must be a positive integer, got ${requested}.`, {
      option: 'chunkCurves',
    });
  const layout = prepareBatchLayout(model, batch);
  const { curves, n } = layout;
  const stride = 2 * np + 2;
  // The largest binding of a chunk is y (n f32 per curve) or the parameter output (stride f32).
  const bytesPerCurve = 4 * Math.max(n, stride);
  const binding = await session.ensureBindingCapacity(bytesPerCurve * Math.min(requested, curves));
  const perChunk = Math.max(1, Math.min(requested, curves, Math.floor(binding / bytesPerCurve)));
  const spec = { kernel: 'batch-lm' as const, workgroupSize: BATCH_WG };
  const tc = performance.now();
  const pipeline = await session.pipeline(programKey(spec, model.wgsl), 'batch-lm', () =>
    buildProgramSource(spec, model.wgsl),
  );
  const compileMs = performance.now() - tc;
  const result: BatchResult = {
    paramNames: [...model.paramNames],
    params: new Float64Array(curves * np),
    stdErrors: new Float64Array(curves * np),
    cost: new Float64Array(curves),
    converged: new Uint8Array(curves),
    iterations: new Uint32Array(curves),
    backend: 'webgpu',
    elapsedMs: 0,
  };
  const o = options;
  const uniformsOf = (count: number, groupsX: number) =>
    BATCH_LM_UNIFORMS.pack({
      curves: count,
      n,
      sharedX: layout.perCurveX ? 0 : 1,
      hasWeights: layout.hasWeights ? 1 : 0,
      loss,
      fScale,
      maxIter,
      freeMask: layout.freeMask,
      ftol: Math.max(o.ftol ?? BATCH_F32_TOL_FLOOR, BATCH_F32_TOL_FLOOR),
      xtol: Math.max(o.xtol ?? BATCH_F32_TOL_FLOOR, BATCH_F32_TOL_FLOOR),
      gtol: o.gtol ?? 1e-8,
      groupsX,
      nFree: layout.nFree,
      absoluteSigma: o.absoluteSigma ? 1 : 0,
    });
  const t = { packMs: 0, uploadMs: 0, computeWaitMs: 0, readbackMs: 0 };
  const chunks = Math.ceil(curves / perChunk);
  const gpu = new BatchBuffers(session, pipeline, layout, perChunk, Math.min(2, chunks));
  let inFlight: InFlight | null = null;
  let finished = false;
  try {
    for (let k = 0, first = 0; first < curves; k++, first += perChunk) {
      const count = Math.min(perChunk, curves - first);
      const slot = gpu.slots[k % gpu.slots.length];
      // Chunk k−1 is on the GPU while this one is checked and packed.
      const tp = performance.now();
      const packed = packChunk(model, layout, batch, first, count, slot.host);
      t.packMs += performance.now() - tp;
      const tu = performance.now();
      const groups = Math.ceil(count / BATCH_WG);
      const gx = Math.min(groups, session.device.limits.maxComputeWorkgroupsPerDimension);
      const queue = session.device.queue;
      queue.writeBuffer(slot.uniforms, 0, uniformsOf(count, gx));
      write(queue, slot.y, packed.ys);
      if (slot.x) write(queue, slot.x, packed.xs);
      if (packed.ws) write(queue, slot.w, packed.ws);
      write(queue, slot.start, packed.start);
      t.uploadMs += performance.now() - tu;
      const mapped = gpu.dispatch(slot, count, gx, Math.ceil(groups / gx));
      // Collected below or in the finally block; never an unhandled rejection meanwhile.
      mapped.catch(() => undefined);
      const previous: InFlight | null = inFlight;
      inFlight = { slot, first, count, mapped };
      if (previous) await collectInto(previous, result, np, stride, t, session);
    }
    const last = inFlight as InFlight | null;
    inFlight = null;
    if (last) await collectInto(last, result, np, stride, t, session);
    finished = true;
  } finally {
    const left = inFlight as InFlight | null;
    if (left)
      await left.mapped.then(
        () => left.slot.staging.unmap(),
        () => undefined,
      );
    gpu.release(finished);
  }
  // Every curve checked in float64; those that are not a converged minimum are refitted on the CPU.
  const tc64 = performance.now();
  await checkAndRefitInF64(model, batch, result, {
    loss: options.loss,
    fScale: options.fScale,
    maxIterations: options.maxIterations,
    absoluteSigma: options.absoluteSigma,
    ftol: options.ftol,
    xtol: options.xtol,
    gtol: options.gtol,
  });
  const checkF64Ms = performance.now() - tc64;
  result.elapsedMs = performance.now() - t0;
  if (options.timings) {
    const refitted = result.diagnostics?.refittedF64.reduce((s, v) => s + v, 0) ?? 0;
    const phases: BatchPhaseTimings = {
      ...t,
      compileMs,
      kernelAndReadMs: t.computeWaitMs + t.readbackMs,
      checkF64Ms,
      refitted,
      chunks,
      chunkCurves: perChunk,
      totalMs: result.elapsedMs,
    };
    Object.assign(options.timings, phases);
  }
  return result;
}

function write(queue: GPUQueue, buffer: GPUBuffer, data: Float32Array): void {
  if (data.byteLength > 0) queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
}

/** Waits for a chunk's staging map and copies its outputs into the result, in curve order. */
async function collectInto(
  chunk: InFlight,
  result: BatchResult,
  np: number,
  stride: number,
  t: { computeWaitMs: number; readbackMs: number },
  session: DeviceSession,
): Promise<void> {
  const tw = performance.now();
  try {
    await chunk.mapped;
  } catch (e) {
    throw session.toError(e, 'batch-lm:results');
  }
  t.computeWaitMs += performance.now() - tw;
  const tr = performance.now();
  const { count, first, slot } = chunk;
  const fBytes = count * stride * 4;
  try {
    const range = slot.staging.getMappedRange(0, fBytes + count * 8);
    const f = new Float32Array(range, 0, count * stride);
    const u = new Uint32Array(range, fBytes, count * 2);
    for (let k = 0; k < count; k++) {
      const c = first + k;
      for (let j = 0; j < np; j++) {
        result.params[c * np + j] = f[k * stride + j];
        const se = f[k * stride + np + j];
        result.stdErrors[c * np + j] = se < 0 ? NaN : se;
      }
      result.cost[c] = f[k * stride + 2 * np];
      result.converged[c] = u[k * 2];
      result.iterations[c] = u[k * 2 + 1];
    }
  } finally {
    slot.staging.unmap();
  }
  t.readbackMs += performance.now() - tr;
}

/** The pooled GPU buffers of a batch: the shared ones and one slot per chunk in flight. */
class BatchBuffers {
  readonly slots: GpuSlot[] = [];
  private readonly owned: GPUBuffer[] = [];
  private readonly stride: number;

  constructor(
    private readonly session: DeviceSession,
    private readonly pipeline: GPUComputePipeline,
    layout: BatchLayout,
    perChunk: number,
    slotCount: number,
  ) {
    const device = session.device;
    const { n, np } = layout;
    const stride = 2 * np + 2;
    this.stride = stride;
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
    const sharedX = layout.sharedX ? this.buffer(layout.sharedX.byteLength, storage, 'batch-lm:x') : null;
    if (sharedX && layout.sharedX) write(device.queue, sharedX, layout.sharedX);
    const bounds = this.buffer(layout.bounds.byteLength, storage, 'batch-lm:bounds');
    write(device.queue, bounds, layout.bounds);
    const noWeights = layout.hasWeights ? null : this.buffer(16, storage, 'batch-lm:w');
    for (let s = 0; s < slotCount; s++) {
      const uniforms = this.buffer(
        BATCH_LM_UNIFORMS.byteSize,
        GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
        'batch-lm:uniforms',
      );
      const x = layout.perCurveX ? this.buffer(perChunk * n * 4, storage, 'batch-lm:x') : null;
      const y = this.buffer(perChunk * n * 4, storage, 'batch-lm:y');
      const w = noWeights ?? this.buffer(perChunk * n * 4, storage, 'batch-lm:w');
      const start = this.buffer(perChunk * np * 4, storage, 'batch-lm:start');
      const out = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC;
      const outF = this.buffer(perChunk * stride * 4, out, 'batch-lm:outF');
      const outU = this.buffer(perChunk * 2 * 4, out, 'batch-lm:outU');
      const staging = this.buffer(
        perChunk * (stride + 2) * 4,
        GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
        'batch-lm:staging',
      );
      const entries = [uniforms, x ?? (sharedX as GPUBuffer), y, w, start, bounds, outF, outU];
      const bindGroup = device.createBindGroup({
        label: 'batch-lm:bindgroup',
        layout: pipeline.getBindGroupLayout(0),
        entries: entries.map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
      this.slots.push({
        host: createStagingSlot(layout, perChunk),
        uniforms,
        x,
        y,
        w,
        start,
        outF,
        outU,
        staging,
        bindGroup,
      });
    }
  }

  private buffer(bytes: number, usage: number, label: string): GPUBuffer {
    const b = this.session.buffers.acquire(Math.max(16, bytes), usage, label);
    this.owned.push(b);
    return b;
  }

  /** Runs the kernel over a slot's chunk and copies both outputs into its staging buffer; resolves when mapped. */
  dispatch(slot: GpuSlot, count: number, gx: number, gy: number): Promise<void> {
    const device = this.session.device;
    const encoder = device.createCommandEncoder({ label: 'batch-lm:encoder' });
    const pass = encoder.beginComputePass({ label: 'batch-lm:pass' });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, slot.bindGroup);
    pass.dispatchWorkgroups(gx, gy);
    pass.end();
    const fBytes = count * this.stride * 4;
    const uBytes = count * 2 * 4;
    encoder.copyBufferToBuffer(slot.outF, 0, slot.staging, 0, fBytes);
    encoder.copyBufferToBuffer(slot.outU, 0, slot.staging, fBytes, uBytes);
    device.queue.submit([encoder.finish()]);
    return slot.staging.mapAsync(GPUMapMode.READ, 0, fBytes + uBytes);
  }

  /**
   * Back to the pool after a batch that finished; destroyed after one that failed (a staging
   * buffer may be left mid-map); dropped with a lost device, whose buffers are dead anyway.
   */
  release(finished: boolean): void {
    if (this.session.lost) return;
    for (const b of this.owned) {
      if (finished) this.session.buffers.release(b);
      else this.session.buffers.discard(b);
    }
    this.session.buffers.onSubmitted();
  }
}
