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

export interface BatchCurves {
  count: number;
  /** Points per curve. */
  points: number;
  /** Shared x (length `points`), or one x per curve (length `count × points`) when `xPerCurve`. */
  x: FloatArray;
  xPerCurve: boolean;
  /** count × points, row-major. */
  y: FloatArray;
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
    labels: curves.labels?.slice(start, end),
    grid: curves.grid && { rows: curves.grid.rows.subarray(start, end), cols: curves.grid.cols.subarray(start, end) },
  };
}

/** A FitBatch over the packed curves: one view per curve, no copy. */
export function fitBatchOf(curves: BatchCurves, problem: Omit<FitBatch, 'x' | 'y' | 'sigma'>): FitBatch {
  const n = curves.points;
  const y = Array.from({ length: curves.count }, (_, j) => curves.y.subarray(j * n, (j + 1) * n));
  const x = curves.xPerCurve
    ? Array.from({ length: curves.count }, (_, j) => curves.x.subarray(j * n, (j + 1) * n))
    : curves.x;
  return { ...problem, x, y };
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
