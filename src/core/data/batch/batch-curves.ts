/**
 * Many curves of equal length packed in one typed array (row-major, curve by curve): the
 * shape every batch reader (CSV, .npy, Arrow IPC) produces and the batch page, the CLI and
 * the distributed queue consume. Float32 input stays float32: packing for the GPU reads it
 * directly, and the CPU fits read numbers from it without a float64 copy of the whole batch.
 */
import type { FitBatch } from '../../api-types';
import { FitbenchError } from '../../errors';

export type FloatArray = Float32Array | Float64Array;

/** Grid coordinates of each curve (a pixel of an image, a well of a plate). */
export interface CurveGrid {
  rows: Int32Array;
  cols: Int32Array;
}

/** Start values per curve for some parameters (the others come from the shared p0). */
export interface CurveStarts {
  /** Parameter names, one column each. */
  names: string[];
  /** count × names.length, row-major (curve by curve). */
  values: Float64Array;
}

export interface BatchCurves {
  count: number;
  /** Points per curve. */
  points: number;
  /** Shared x (length `points`), or one x per curve (length `count × points`) when `xPerCurve`. */
  x: FloatArray;
  xPerCurve: boolean;
  /** count × points, row-major. */
  y: FloatArray;
  /** One sigma per point of every curve (count × points, like y), when the data carry them. */
  sigma?: FloatArray;
  /** Per-curve start values (overriding the shared p0 for the parameters they name). */
  p0?: CurveStarts;
  /** One name per curve (a column name, "row 12", an id column); absent means "curve i". */
  labels?: string[];
  grid?: CurveGrid;
}

/** Checks the packing invariants; DATA_LENGTH_MISMATCH / DATA_EMPTY otherwise. */
export function checkBatchCurves(curves: BatchCurves): BatchCurves {
  const { count, points, x, y, xPerCurve } = curves;
  if (count === 0 || points === 0)
    throw new FitbenchError('DATA_EMPTY', `the batch has ${count} curves of ${points} points: nothing to fit`);
  if (y.length !== count * points)
    throw new FitbenchError(
      'DATA_LENGTH_MISMATCH',
      `the y values hold ${y.length} numbers, not ${count} curves × ${points} points`,
    );
  const xLength = xPerCurve ? count * points : points;
  if (x.length !== xLength)
    throw new FitbenchError(
      'DATA_LENGTH_MISMATCH',
      `the x values hold ${x.length} numbers, expected ${xLength} (${xPerCurve ? 'one x per curve' : 'a shared x'})`,
    );
  if (curves.sigma && curves.sigma.length !== count * points)
    throw new FitbenchError(
      'DATA_LENGTH_MISMATCH',
      `the sigma values hold ${curves.sigma.length} numbers, not ${count} curves × ${points} points`,
      { column: 'sigma' },
    );
  if (curves.p0) {
    const k = curves.p0.names.length;
    if (k === 0 || new Set(curves.p0.names).size !== k)
      throw new FitbenchError(
        'DATA_PARSE',
        `per-curve start values need distinct parameter names, got [${curves.p0.names.join(', ')}]`,
      );
    if (curves.p0.values.length !== count * k)
      throw new FitbenchError(
        'DATA_LENGTH_MISMATCH',
        `per-curve start values for ${curves.p0.values.length / k} curves, the batch has ${count}`,
      );
  }
  if (curves.labels && curves.labels.length !== count)
    throw new FitbenchError('DATA_LENGTH_MISMATCH', `${curves.labels.length} labels for ${count} curves`);
  if (curves.grid && (curves.grid.rows.length !== count || curves.grid.cols.length !== count))
    throw new FitbenchError(
      'DATA_LENGTH_MISMATCH',
      `grid coordinates for ${curves.grid.rows.length} of ${count} curves`,
    );
  return curves;
}

/** The label of curve j. */
export function curveLabel(curves: Pick<BatchCurves, 'labels'>, j: number): string {
  return curves.labels?.[j] ?? `curve ${j}`;
}

/** Curves [start, end) as their own batch, sharing memory with the original (subarray views). */
export function sliceCurves(curves: BatchCurves, start: number, end: number): BatchCurves {
  const n = curves.points;
  return {
    count: end - start,
    points: n,
    x: curves.xPerCurve ? curves.x.subarray(start * n, end * n) : curves.x,
    xPerCurve: curves.xPerCurve,
    y: curves.y.subarray(start * n, end * n),
    ...(curves.sigma ? { sigma: curves.sigma.subarray(start * n, end * n) } : {}),
    ...(curves.p0
      ? {
          p0: {
            names: curves.p0.names,
            values: curves.p0.values.subarray(start * curves.p0.names.length, end * curves.p0.names.length),
          },
        }
      : {}),
    labels: curves.labels?.slice(start, end),
    grid: curves.grid && { rows: curves.grid.rows.subarray(start, end), cols: curves.grid.cols.subarray(start, end) },
  };
}

/**
 * A FitBatch over the packed curves: one view per curve, no copy. Per-curve sigma becomes
 * the batch's sigma rows; per-curve start values override the problem's p0 curve by curve.
 */
export function fitBatchOf(curves: BatchCurves, problem: Omit<FitBatch, 'x' | 'y' | 'sigma'>): FitBatch {
  const n = curves.points;
  const rows = (values: FloatArray) =>
    Array.from({ length: curves.count }, (_, j) => values.subarray(j * n, (j + 1) * n));
  const x = curves.xPerCurve ? rows(curves.x) : curves.x;
  const batch: FitBatch = { ...problem, x, y: rows(curves.y) };
  if (curves.sigma) batch.sigma = rows(curves.sigma);
  if (curves.p0) batch.p0 = curveStartsOf(curves.p0, curves.count, problem.p0);
  return batch;
}

/** One start-value record per curve: the shared (or per-curve) p0 with the curve's own values on top. */
function curveStartsOf(starts: CurveStarts, count: number, given: FitBatch['p0']): Record<string, number>[] {
  const k = starts.names.length;
  return Array.from({ length: count }, (_, j) => {
    const base = Array.isArray(given) ? given[j] : given;
    const row: Record<string, number> = { ...base };
    for (let i = 0; i < k; i++) row[starts.names[i]] = starts.values[j * k + i];
    return row;
  });
}

/** Packs equal-length arrays into one Float64Array; DATA_LENGTH_MISMATCH names the first odd curve. */
export function packRows(rows: ArrayLike<number>[], what: string): { values: Float64Array; points: number } {
  const points = rows.length > 0 ? rows[0].length : 0;
  const values = new Float64Array(rows.length * points);
  rows.forEach((row, j) => {
    if (row.length !== points)
      throw new FitbenchError(
        'DATA_LENGTH_MISMATCH',
        `${what} ${j} has ${row.length} points, curve 0 has ${points}: a batch needs curves of one length`,
        { curve: j },
      );
    for (let i = 0; i < points; i++) values[j * points + i] = row[i];
  });
  return { values, points };
}
