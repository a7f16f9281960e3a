/**
 * Host-side packing of a FitBatch for the batch-lm kernel (curve-major f32), in chunks: the
 * batch is validated once (model, fixed, bounds, shared x, shared p0), then each chunk of
 * curves is checked and packed into a reusable staging slot. Curves that are back-to-back
 * Float32Array views of one buffer (Arrow float32 columns, .npy f4) are not copied at all:
 * the chunk's y is a view of the caller's memory, uploaded as is. Float64 curves convert in
 * one native `set` per chunk when contiguous, one per curve otherwise.
 */
import type { FitBatch, NumericArray } from '../core/api-types';
import type { CompiledModel } from '../core/model/compiled-model';
import { FitbenchError } from '../core/errors';
import { checkFinite, checkSigma } from './data-layout';

/** What every chunk of one batch shares, validated once. */
export interface BatchLayout {
  curves: number;
  n: number;
  np: number;
  perCurveX: boolean;
  /** The shared x in f32 (length n), or null with one x per curve. */
  sharedX: Float32Array | null;
  hasWeights: boolean;
  /** Lower bounds then upper bounds, f32 (±3.4e38 for none). */
  bounds: Float32Array;
  lo: Float64Array;
  hi: Float64Array;
  /** The start row of a shared p0 (model order), or null with one p0 per curve. */
  sharedStart: Float32Array | null;
  freeMask: number;
  nFree: number;
}

/** One chunk ready for upload. Arrays may be views of a staging slot or of the caller's data. */
export interface PackedChunk {
  first: number;
  curves: number;
  xs: Float32Array;
  ys: Float32Array;
  ws: Float32Array | null;
  start: Float32Array;
}

/** Reusable host memory for one chunk in flight (two of them double-buffer the packing). */
export interface StagingSlot {
  xs: Float32Array | null;
  ys: Float32Array;
  ws: Float32Array | null;
  start: Float32Array;
}

/** The packed batch of the unchunked layout (tests and small callers). */
export interface Packed extends Omit<PackedChunk, 'first'> {
  n: number;
  sharedX: boolean;
  bounds: Float32Array;
  freeMask: number;
  nFree: number;
}

export function isRowArray(x: FitBatch['x']): x is NumericArray[] {
  return Array.isArray(x) && x.length > 0 && typeof x[0] !== 'number';
}

/** Validates what the chunks share; throws the FitbenchError a bad batch deserves. */
export function prepareBatchLayout(model: CompiledModel, batch: FitBatch): BatchLayout {
  const names = model.paramNames;
  const np = names.length;
  if (model.predictorNames.length !== 1) {
    throw new FitbenchError(
      'OPTIONS_INVALID',
      `Batch fits take one predictor; the model reads ${model.predictorNames.join(', ')}.`,
    );
  }
  const curves = batch.y.length;
  if (curves === 0) throw new FitbenchError('DATA_EMPTY', 'The batch has no curves.');
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
  if (n === 0) throw new FitbenchError('DATA_EMPTY', 'The y data of curve 0 are empty.', { column: 'y' });
  if (n < nFree)
    throw new FitbenchError('DATA_TOO_FEW_POINTS', `${n} points per curve cannot determine ${nFree} free parameters.`);
  const perCurveX = isRowArray(batch.x);
  if (perCurveX && (batch.x as NumericArray[]).length !== curves) {
    throw new FitbenchError(
      'DATA_LENGTH_MISMATCH',
      `The batch has ${curves} y rows but ${(batch.x as NumericArray[]).length} x rows.`,
      { column: 'x' },
    );
  }
  if (batch.sigma && batch.sigma.length !== curves) {
    throw new FitbenchError(
      'DATA_LENGTH_MISMATCH',
      `The batch has ${curves} y rows but ${batch.sigma.length} sigma rows.`,
      { column: 'sigma' },
    );
  }
  const p0List = Array.isArray(batch.p0) ? batch.p0 : null;
  if (p0List && p0List.length !== curves) {
    throw new FitbenchError(
      'DATA_LENGTH_MISMATCH',
      `The batch has ${curves} curves but ${p0List.length} start-value rows.`,
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
  let sharedX: Float32Array | null = null;
  if (!perCurveX) {
    const x = batch.x as NumericArray;
    if (x.length !== n)
      throw new FitbenchError('DATA_LENGTH_MISMATCH', `The shared x has ${x.length} values but the curves have ${n}.`, {
        column: 'x',
      });
    sharedX = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(x[i]))
        throw new FitbenchError('DATA_NONFINITE', `Column x has a non-finite value at row ${i + 1}.`, {
          column: 'x',
          row: i + 1,
        });
      sharedX[i] = x[i];
    }
  }
  const bounds = new Float32Array(2 * np);
  for (let j = 0; j < np; j++) {
    bounds[j] = Math.max(lo[j], -3.4e38);
    bounds[np + j] = Math.min(hi[j], 3.4e38);
  }
  const sharedStart = p0List
    ? null
    : startRow(names, (batch.p0 as Record<string, number> | undefined) ?? {}, lo, hi, 0);
  return {
    curves,
    n,
    np,
    perCurveX,
    sharedX,
    hasWeights: Boolean(batch.sigma),
    bounds,
    lo,
    hi,
    sharedStart,
    freeMask,
    nFree,
  };
}

/** Host staging for chunks of up to `maxCurves` curves. */
export function createStagingSlot(layout: BatchLayout, maxCurves: number): StagingSlot {
  const { n, np } = layout;
  return {
    xs: layout.perCurveX ? new Float32Array(maxCurves * n) : null,
    ys: new Float32Array(maxCurves * n),
    ws: layout.hasWeights ? new Float32Array(maxCurves * n) : null,
    start: new Float32Array(maxCurves * np),
  };
}

/**
 * Checks curves [first, first + count) and packs them into `slot` (or, for contiguous f32
 * input, into views of the caller's arrays). Throws on the first bad curve, naming it.
 */
export function packChunk(
  model: CompiledModel,
  layout: BatchLayout,
  batch: FitBatch,
  first: number,
  count: number,
  slot: StagingSlot,
): PackedChunk {
  const { n, np } = layout;
  const xRows = layout.perCurveX ? (batch.x as NumericArray[]) : null;
  const yView = contiguousView(batch.y, first, count, n);
  const xView = xRows ? contiguousView(xRows, first, count, n) : null;
  // One finiteness pass over a contiguous chunk; the per-curve checks below then skip y and x.
  const yChecked = yView !== null && allFinite(yView);
  const xChecked = xView !== null && allFinite(xView);
  const p0List = Array.isArray(batch.p0) ? batch.p0 : null;
  for (let k = 0; k < count; k++) {
    const c = first + k;
    const y = batch.y[c];
    if (y.length !== n)
      throw new FitbenchError('DATA_LENGTH_MISMATCH', `Curve ${c} has ${y.length} points; every curve needs ${n}.`, {
        curve: c,
      });
    if (xRows && xRows[c].length !== n)
      throw new FitbenchError('DATA_LENGTH_MISMATCH', `x of curve ${c} has ${xRows[c].length} values but y has ${n}.`, {
        curve: c,
      });
    if (!yChecked) checkFinite(y, `y of curve ${c}`);
    if (xRows && !xChecked) checkFinite(xRows[c], `x of curve ${c}`);
    const sigma = batch.sigma?.[c];
    if (sigma) checkSigma(sigma, n, c);
    if (p0List) slot.start.set(startRow(model.paramNames, p0List[c], layout.lo, layout.hi, c), k * np);
  }
  if (layout.sharedStart) fillRows(slot.start, layout.sharedStart, count);
  const ys = yView instanceof Float32Array ? yView : copyInto(slot.ys, batch.y, first, count, n, yView);
  const xs =
    layout.sharedX ?? (xView instanceof Float32Array ? xView : copyInto(slot.xs!, xRows!, first, count, n, xView));
  let ws: Float32Array | null = null;
  if (batch.sigma && slot.ws) {
    ws = slot.ws.subarray(0, count * n);
    for (let k = 0; k < count; k++) {
      const row = batch.sigma[first + k];
      const base = k * n;
      for (let i = 0; i < n; i++) ws[base + i] = 1 / row[i];
    }
  }
  return { first, curves: count, xs, ys, ws, start: slot.start.subarray(0, count * np) };
}

/** Packs the whole batch at once (one chunk of every curve) into fresh arrays. */
export function packBatch(model: CompiledModel, batch: FitBatch): Packed {
  const layout = prepareBatchLayout(model, batch);
  const chunk = packChunk(model, layout, batch, 0, layout.curves, createStagingSlot(layout, layout.curves));
  return {
    curves: chunk.curves,
    n: layout.n,
    sharedX: !layout.perCurveX,
    xs: chunk.xs,
    ys: chunk.ys,
    ws: chunk.ws,
    start: chunk.start,
    bounds: layout.bounds,
    freeMask: layout.freeMask,
    nFree: layout.nFree,
  };
}

function allFinite(values: Float32Array | Float64Array): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v !== 0) return false;
  }
  return true;
}

function fillRows(out: Float32Array, row: Float32Array, count: number): void {
  const np = row.length;
  out.set(row, 0);
  // Doubling copies: log2(count) native calls instead of one per curve.
  for (let filled = 1; filled < count; filled *= 2)
    out.copyWithin(filled * np, 0, Math.min(filled, count - filled) * np);
}

/** rows[first + k] → out[k·n …] in f32; `whole` is their contiguous view when there is one. */
function copyInto(
  out: Float32Array,
  rows: readonly NumericArray[],
  first: number,
  count: number,
  n: number,
  whole: Float64Array | Float32Array | null,
): Float32Array {
  const target = out.subarray(0, count * n);
  if (whole) {
    target.set(whole);
    return target;
  }
  for (let k = 0; k < count; k++) {
    const row = rows[first + k];
    if (ArrayBuffer.isView(row)) {
      target.set(row as Float64Array | Float32Array, k * n);
      continue;
    }
    const base = k * n;
    for (let i = 0; i < n; i++) target[base + i] = row[i];
  }
  return target;
}

/**
 * The rows as one typed array when they are back-to-back views of one buffer, else null.
 * Float32 rows (Arrow float32 columns, .npy f4) come back as Float32Array: the chunk uploads
 * straight from the caller's memory, with no float64 pass and no copy.
 */
function contiguousView(
  rows: readonly NumericArray[],
  first: number,
  count: number,
  n: number,
): Float64Array | Float32Array | null {
  const head = rows[first];
  if (!(head instanceof Float64Array) && !(head instanceof Float32Array)) return null;
  const Type = head instanceof Float32Array ? Float32Array : Float64Array;
  const bytes = n * Type.BYTES_PER_ELEMENT;
  for (let k = 1; k < count; k++) {
    const row = rows[first + k];
    if (
      !(row instanceof Type) ||
      row.buffer !== head.buffer ||
      row.byteOffset !== head.byteOffset + k * bytes ||
      row.length !== n
    )
      return null;
  }
  if (head.length !== n) return null;
  return head instanceof Float32Array
    ? new Float32Array(head.buffer, head.byteOffset, count * n)
    : new Float64Array(head.buffer, head.byteOffset, count * n);
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
