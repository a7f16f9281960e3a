import type { BatchResult, FitBatch, FitOptions, NumericArray } from '../core/api-types';
import type { CompiledModel } from '../core/model/compiled-model';
import { FitbenchError } from '../core/errors';
import type { DeviceSession } from './device-session';
import { buildProgramSource, programKey } from './program-source';
import { checkCurve } from './data-layout';
import { checkFScale, lossCode } from './robust-loss';
import { submitAndRead, uploadF32 } from './readback';
import { BATCH_LM_UNIFORMS } from './shaders/batch-lm-wgsl';
import { checkAndRefitInF64 } from './batch-f64-check';

/** f32 cannot resolve relative changes much below this; tighter ftol/xtol are raised to it. */
export const BATCH_F32_TOL_FLOOR = 1e-6;
const BATCH_WG = 64;

export interface GpuBatchOptions extends Pick<
  FitOptions,
  'loss' | 'fScale' | 'maxIterations' | 'ftol' | 'xtol' | 'gtol' | 'absoluteSigma'
> {
  /** Timings of the phases, filled in when given. */
  timings?: { packMs?: number; uploadMs?: number; compileMs?: number; kernelAndReadMs?: number; checkF64Ms?: number };
}

interface Packed {
  curves: number;
  n: number;
  sharedX: boolean;
  xs: Float32Array;
  ys: Float32Array;
  ws: Float32Array | null;
  start: Float32Array;
  bounds: Float32Array;
  freeMask: number;
  nFree: number;
}

function isRowArray(x: FitBatch['x']): x is NumericArray[] {
  return Array.isArray(x) && x.length > 0 && typeof x[0] !== 'number';
}

/** Validates a FitBatch for one model and packs it curve-major in f32 (the batch kernel's layout). */
export function packBatch(model: CompiledModel, batch: FitBatch, curveStart = 0, curveCount = batch.y.length): Packed {
  const names = model.paramNames;
  const np = names.length;
  if (model.predictorNames.length !== 1) {
    throw new FitbenchError(
      'OPTIONS_INVALID',
      `Batch fits take one predictor; the model reads ${model.predictorNames.join(', ')}.`,
    );
  }
  const allCurves = batch.y.length;
  if (allCurves === 0) throw new FitbenchError('DATA_EMPTY', 'The batch has no curves.');
  const fixed = new Set(batch.fixed ?? []);
  for (const f of fixed)
    if (!names.includes(f))
      throw new FitbenchError('PARAM_UNKNOWN', `Fixed parameter "${f}" is not in the model.`, { parameter: f });
  let freeMask = 0;
  names.forEach((nm, j) => {
    if (!fixed.has(nm)) freeMask |= 1 << j;
  });
  const nFree = np - fixed.size;
  if (nFree === 0) throw new FitbenchError('OPTIONS_INVALID', 'Every parameter is fixed: nothing to fit.');
  const n = batch.y[0].length;
  const perCurveX = isRowArray(batch.x);
  if (perCurveX && (batch.x as NumericArray[]).length !== allCurves) {
    throw new FitbenchError(
      'DATA_LENGTH_MISMATCH',
      `The batch has ${allCurves} y rows but ${(batch.x as NumericArray[]).length} x rows.`,
      { column: 'x' },
    );
  }
  if (batch.sigma && batch.sigma.length !== allCurves) {
    throw new FitbenchError(
      'DATA_LENGTH_MISMATCH',
      `The batch has ${allCurves} y rows but ${batch.sigma.length} sigma rows.`,
      { column: 'sigma' },
    );
  }
  const p0List = Array.isArray(batch.p0) ? batch.p0 : null;
  if (p0List && p0List.length !== allCurves) {
    throw new FitbenchError(
      'DATA_LENGTH_MISMATCH',
      `The batch has ${allCurves} curves but ${p0List.length} start-value rows.`,
    );
  }
  const lo = new Float64Array(np).fill(-Infinity);
  const hi = new Float64Array(np).fill(Infinity);
  for (const [name, pair] of Object.entries(batch.bounds ?? {})) {
    const j = names.indexOf(name);
    if (j < 0)
      throw new FitbenchError('PARAM_UNKNOWN', `Bounds given for "${name}", which is not a model parameter.`, {
        parameter: name,
      });
    lo[j] = pair[0] ?? -Infinity;
    hi[j] = pair[1] ?? Infinity;
    if (Number.isNaN(lo[j]) || Number.isNaN(hi[j]) || lo[j] >= hi[j]) {
      throw new FitbenchError(
        'BOUNDS_INVERTED',
        `Bounds of "${name}" are [${lo[j]}, ${hi[j]}]: the lower bound must be below the upper one.`,
        { parameter: name },
      );
    }
  }
  const C = curveCount;
  const xs = new Float32Array(perCurveX ? n * C : n);
  const ys = new Float32Array(n * C);
  const ws = batch.sigma ? new Float32Array(n * C) : null;
  const start = new Float32Array(C * np);
  if (!perCurveX) {
    const x = batch.x as NumericArray;
    if (x.length !== n)
      throw new FitbenchError('DATA_LENGTH_MISMATCH', `The shared x has ${x.length} values but the curves have ${n}.`, {
        column: 'x',
      });
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(x[i]))
        throw new FitbenchError('DATA_NONFINITE', `Column x has a non-finite value at row ${i + 1}.`, {
          column: 'x',
          row: i + 1,
        });
      xs[i] = x[i];
    }
  }
  for (let k = 0; k < C; k++) {
    const c = curveStart + k;
    const y = batch.y[c];
    const sigma = batch.sigma?.[c];
    const x = perCurveX ? (batch.x as NumericArray[])[c] : (batch.x as NumericArray);
    if (y.length !== n)
      throw new FitbenchError('DATA_LENGTH_MISMATCH', `Curve ${c} has ${y.length} points; every curve needs ${n}.`, {
        curve: c,
      });
    checkCurve(perCurveX ? [x] : [], y, sigma, nFree, c);
    if (perCurveX && x.length !== n)
      throw new FitbenchError('DATA_LENGTH_MISMATCH', `x of curve ${c} has ${x.length} values but y has ${n}.`, {
        curve: c,
      });
    const row =
      p0List || k === 0
        ? startRow(names, p0List ? p0List[c] : ((batch.p0 as Record<string, number> | undefined) ?? {}), lo, hi, c)
        : null;
    // A shared p0 is checked once and copied: per-curve closures cost ~1 µs × 10⁵ curves.
    if (row) start.set(row, k * np);
    else start.copyWithin(k * np, 0, np);
  }
  copyCurves(batch.y, curveStart, C, n, ys, false);
  if (perCurveX) copyCurves(batch.x as NumericArray[], curveStart, C, n, xs, false);
  if (ws && batch.sigma) copyCurves(batch.sigma, curveStart, C, n, ws, true);
  const bounds = new Float32Array(2 * np);
  for (let j = 0; j < np; j++) {
    bounds[j] = Math.max(lo[j], -3.4e38);
    bounds[np + j] = Math.min(hi[j], 3.4e38);
  }
  return { curves: C, n, sharedX: !perCurveX, xs, ys, ws, start, bounds, freeMask, nFree };
}

/** One curve's start values in model order, checked against the bounds. */
function startRow(
  names: readonly string[],
  p0: Record<string, number>,
  lo: Float64Array,
  hi: Float64Array,
  c: number,
): Float32Array {
  const row = new Float32Array(names.length);
  names.forEach((name, j) => {
    const v = p0[name];
    if (v === undefined)
      throw new FitbenchError('PARAM_NO_START', `Parameter "${name}" has no start value for curve ${c}.`, {
        parameter: name,
        curve: c,
      });
    if (!Number.isFinite(v))
      throw new FitbenchError('PARAM_NONFINITE', `Start value of "${name}" for curve ${c} is ${v}.`, {
        parameter: name,
        curve: c,
      });
    if (v < lo[j] || v > hi[j]) {
      throw new FitbenchError(
        'START_OUTSIDE_BOUNDS',
        `Start value ${v} of "${name}" (curve ${c}) lies outside [${lo[j]}, ${hi[j]}].`,
        { parameter: name, curve: c },
      );
    }
    row[j] = v;
  });
  return row;
}

/** rows[start + k] → out[k·n …] in f32 (curve-major, the kernel's layout); with `invert`, 1/v. */
function copyCurves(
  rows: readonly NumericArray[],
  start: number,
  C: number,
  n: number,
  out: Float32Array,
  invert: boolean,
): void {
  const whole = !invert && contiguousView(rows, start, C, n);
  if (whole) {
    // Curves that are consecutive views of one buffer (a generator's or a parser's output)
    // convert in one call instead of C calls.
    out.set(whole);
    return;
  }
  for (let k = 0; k < C; k++) {
    const row = rows[start + k];
    if (!invert && ArrayBuffer.isView(row)) {
      out.set(row as Float64Array | Float32Array, k * n);
      continue;
    }
    const base = k * n;
    for (let i = 0; i < n; i++) out[base + i] = invert ? 1 / row[i] : row[i];
  }
}

/**
 * The C rows as one typed array when they are back-to-back views of one buffer, else null.
 * Float32 rows (Arrow float32 columns, .npy f4) come back as Float32Array: packing them is a
 * plain copy into the kernel's f32 buffer, with no float64 pass.
 */
function contiguousView(
  rows: readonly NumericArray[],
  start: number,
  C: number,
  n: number,
): Float64Array | Float32Array | null {
  const first = rows[start];
  if (!(first instanceof Float64Array) && !(first instanceof Float32Array)) return null;
  const Type = first instanceof Float32Array ? Float32Array : Float64Array;
  const bytes = n * Type.BYTES_PER_ELEMENT;
  for (let k = 1; k < C; k++) {
    const row = rows[start + k];
    if (
      !(row instanceof Type) ||
      row.buffer !== first.buffer ||
      row.byteOffset !== first.byteOffset + k * bytes ||
      row.length !== n
    )
      return null;
  }
  return first instanceof Float32Array
    ? new Float32Array(first.buffer, first.byteOffset, C * n)
    : new Float64Array(first.buffer, first.byteOffset, C * n);
}

/**
 * Fits every curve of `batch` with the whole LM iteration on the GPU (batch-lm kernel, one
 * thread per curve) and returns the columnar BatchResult (all model parameters, fixed ones at
 * their start values with standard error 0). Batches larger than one storage binding run in
 * several dispatches of whole curves.
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
  const curves = batch.y.length;
  if (curves === 0) throw new FitbenchError('DATA_EMPTY', 'The batch has no curves.');
  const n = batch.y[0].length;
  const perCurveX = isRowArray(batch.x);
  const bytesPerCurve = n * 4 * (perCurveX ? 2 : 1) + (batch.sigma ? n * 4 : 0);
  const binding = await session.ensureBindingCapacity(bytesPerCurve * curves);
  const perChunk = Math.max(1, Math.floor(binding / (n * 4)));
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
  let packMs = 0;
  let uploadMs = 0;
  let runMs = 0;
  for (let first = 0; first < curves; first += perChunk) {
    const count = Math.min(perChunk, curves - first);
    const tp = performance.now();
    const packed = packBatch(model, batch, first, count);
    packMs += performance.now() - tp;
    const tu = performance.now();
    const out = await runChunk(session, pipeline, packed, { loss, fScale, maxIter, options, np });
    uploadMs += out.uploadMs;
    runMs += performance.now() - tu - out.uploadMs;
    const stride = 2 * np + 2;
    for (let k = 0; k < count; k++) {
      const c = first + k;
      for (let j = 0; j < np; j++) {
        result.params[c * np + j] = out.f[k * stride + j];
        const se = out.f[k * stride + np + j];
        result.stdErrors[c * np + j] = se < 0 ? NaN : se;
      }
      result.cost[c] = out.f[k * stride + 2 * np];
      result.converged[c] = out.u[k * 2];
      result.iterations[c] = out.u[k * 2 + 1];
    }
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
  const checkMs = performance.now() - tc64;
  if (options.timings)
    Object.assign(options.timings, { packMs, uploadMs, compileMs, kernelAndReadMs: runMs, checkF64Ms: checkMs });
  result.elapsedMs = performance.now() - t0;
  return result;
}

async function runChunk(
  session: DeviceSession,
  pipeline: GPUComputePipeline,
  p: Packed,
  cfg: { loss: number; fScale: number; maxIter: number; options: GpuBatchOptions; np: number },
): Promise<{ f: Float32Array; u: Uint32Array; uploadMs: number }> {
  const device = session.device;
  const pool = session.buffers;
  const tu = performance.now();
  const groups = Math.ceil(p.curves / BATCH_WG);
  const maxDim = device.limits.maxComputeWorkgroupsPerDimension;
  const gx = Math.min(groups, maxDim);
  const gy = Math.ceil(groups / gx);
  const o = cfg.options;
  const u = BATCH_LM_UNIFORMS.pack({
    curves: p.curves,
    n: p.n,
    sharedX: p.sharedX ? 1 : 0,
    hasWeights: p.ws ? 1 : 0,
    loss: cfg.loss,
    fScale: cfg.fScale,
    maxIter: cfg.maxIter,
    freeMask: p.freeMask,
    ftol: Math.max(o.ftol ?? BATCH_F32_TOL_FLOOR, BATCH_F32_TOL_FLOOR),
    xtol: Math.max(o.xtol ?? BATCH_F32_TOL_FLOOR, BATCH_F32_TOL_FLOOR),
    gtol: o.gtol ?? 1e-8,
    groupsX: gx,
    nFree: p.nFree,
    absoluteSigma: o.absoluteSigma ? 1 : 0,
  });
  const stride = 2 * cfg.np + 2;
  const uniforms = pool.acquire(
    BATCH_LM_UNIFORMS.byteSize,
    GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    'batch-lm:uniforms',
  );
  device.queue.writeBuffer(uniforms, 0, u);
  const inputs = [
    uploadF32(session, p.xs, 'batch-lm:x'),
    uploadF32(session, p.ys, 'batch-lm:y'),
    uploadF32(session, p.ws ?? new Float32Array(4), 'batch-lm:w'),
    uploadF32(session, p.start, 'batch-lm:start'),
    uploadF32(session, p.bounds, 'batch-lm:bounds'),
  ];
  const outF = pool.acquire(p.curves * stride * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, 'batch-lm:outF');
  const outU = pool.acquire(p.curves * 2 * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, 'batch-lm:outU');
  const uploadMs = performance.now() - tu;
  const all = [uniforms, ...inputs, outF, outU];
  try {
    const bindGroup = device.createBindGroup({
      label: 'batch-lm:bindgroup',
      layout: pipeline.getBindGroupLayout(0),
      entries: all.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const encoder = device.createCommandEncoder({ label: 'batch-lm:encoder' });
    const pass = encoder.beginComputePass({ label: 'batch-lm:pass' });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(gx, gy);
    pass.end();
    const f = new Float32Array(
      await submitAndRead(session, encoder, outF, 0, p.curves * stride * 4, 'batch-lm:params'),
    );
    const enc2 = device.createCommandEncoder({ label: 'batch-lm:flags-encoder' });
    const flags = new Uint32Array(await submitAndRead(session, enc2, outU, 0, p.curves * 2 * 4, 'batch-lm:flags'));
    return { f, u: flags, uploadMs };
  } finally {
    if (!session.lost) {
      for (const b of all) pool.release(b);
      pool.onSubmitted();
    }
  }
}
