import { FitbenchError } from '../core/errors';
import type { NumericArray } from '../core/api-types';

/**
 * Pure host-side preparation of GPU data: validation with clear errors, the one f64 → f32
 * conversion, and the split of large data into chunks that each fit one storage binding.
 */

export interface Chunk {
  /** First point of the chunk. */
  readonly start: number;
  /** Points in the chunk. */
  readonly count: number;
  /** Workgroups dispatched for it (x, y folded under maxComputeWorkgroupsPerDimension). */
  readonly groupsX: number;
  readonly groupsY: number;
  /** Index of its first workgroup partial in the shared partials buffer. */
  readonly partialBase: number;
}

/**
 * Splits n points into chunks whose largest array (n·nx f32) fits `bindingBytes`, each a
 * whole number of workgroup tiles (wg·ppt points).
 */
export function planChunks(
  n: number,
  nx: number,
  bindingBytes: number,
  wg: number,
  ppt: number,
  maxGroupsPerDim: number,
): Chunk[] {
  const tile = wg * ppt;
  const perBinding = Math.floor(bindingBytes / (4 * Math.max(1, nx)));
  const chunkPoints = Math.floor(perBinding / tile) * tile;
  if (chunkPoints < tile) {
    throw new FitbenchError(
      'OUT_OF_MEMORY',
      `A storage binding of ${bindingBytes} bytes cannot hold one tile of ${tile} points.`,
    );
  }
  const chunks: Chunk[] = [];
  let partialBase = 0;
  for (let start = 0; start < n; start += chunkPoints) {
    const count = Math.min(chunkPoints, n - start);
    const groups = Math.ceil(count / tile);
    const groupsX = Math.min(groups, maxGroupsPerDim);
    const groupsY = Math.ceil(groups / groupsX);
    if (groupsY > maxGroupsPerDim) {
      throw new FitbenchError(
        'OUT_OF_MEMORY',
        `Chunk of ${count} points needs more workgroups than the device allows.`,
      );
    }
    chunks.push({ start, count, groupsX, groupsY, partialBase });
    partialBase += groupsX * groupsY;
  }
  return chunks;
}

/** Checks that every value is finite; DATA_NONFINITE names the column and row. */
export function checkFinite(values: NumericArray, column: string, rowOffset = 0): void {
  // v − v is 0 for every finite v and NaN otherwise: one subtraction, no call, per value.
  let bad = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v !== 0) bad = true;
  }
  if (!bad) return;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new FitbenchError(
        'DATA_NONFINITE',
        `Column ${column} has a non-finite value (${values[i]}) at row ${i + rowOffset + 1}.`,
        {
          column,
          row: i + rowOffset + 1,
        },
      );
    }
  }
}

/** Checks lengths, finiteness and sigma > 0 for one curve; returns n. */
export function checkCurve(
  predictors: readonly NumericArray[],
  y: NumericArray,
  sigma: NumericArray | undefined,
  minPoints: number,
  curve?: number,
): number {
  const n = y.length;
  // Built on the error paths only: a string per curve is measurable at 10⁵ curves.
  const at = (): string => (curve === undefined ? '' : ` of curve ${curve}`);
  if (n === 0) throw new FitbenchError('DATA_EMPTY', `The y data${at()} are empty.`, { column: 'y' });
  predictors.forEach((x, k) => {
    if (x.length !== n) {
      throw new FitbenchError('DATA_LENGTH_MISMATCH', `Predictor ${k}${at()} has ${x.length} values but y has ${n}.`, {
        column: `x${k}`,
      });
    }
    checkFinite(x, `x${predictors.length > 1 ? k : ''}${at()}`);
  });
  checkFinite(y, `y${at()}`);
  if (sigma) checkSigma(sigma, n, curve);
  if (n < minPoints) {
    throw new FitbenchError('DATA_TOO_FEW_POINTS', `${n} points${at()} cannot determine ${minPoints} free parameters.`);
  }
  return n;
}

/** Checks that sigma has n values, all positive and finite; names the curve when given. */
export function checkSigma(sigma: NumericArray, n: number, curve?: number): void {
  const at = (): string => (curve === undefined ? '' : ` of curve ${curve}`);
  if (sigma.length !== n)
    throw new FitbenchError('DATA_LENGTH_MISMATCH', `sigma${at()} has ${sigma.length} values but y has ${n}.`, {
      column: 'sigma',
    });
  for (let i = 0; i < n; i++) {
    if (!(sigma[i] > 0) || !Number.isFinite(sigma[i])) {
      throw new FitbenchError(
        'SIGMA_INVALID',
        `sigma${at()} must be positive and finite; row ${i + 1} has ${sigma[i]}.`,
        { column: 'sigma', row: i + 1 },
      );
    }
  }
}

/** Predictors interleaved point-major as f32 (xs[i·nx + d]), the kernels' layout. */
export function interleaveF32(predictors: readonly NumericArray[], start: number, count: number): Float32Array {
  const nx = predictors.length;
  const out = new Float32Array(count * nx);
  if (nx === 1) {
    const x = predictors[0];
    for (let i = 0; i < count; i++) out[i] = x[start + i];
    return out;
  }
  for (let i = 0; i < count; i++) for (let d = 0; d < nx; d++) out[i * nx + d] = predictors[d][start + i];
  return out;
}

/** A slice as f32; with `invert`, 1/v (sigma → weight). */
export function sliceF32(values: NumericArray, start: number, count: number, invert = false): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = invert ? 1 / values[start + i] : values[start + i];
  return out;
}
