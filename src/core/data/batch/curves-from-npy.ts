import { FitbenchError } from '../../errors';
import { checkBatchCurves, type BatchCurves, type FloatArray } from './batch-curves';
import type { NpyArray } from './read-npy';

/**
 * Curves from .npy arrays: y of shape (curves, points), or (rows, cols, points) for an
 * image whose every pixel is a curve (then each curve carries its grid coordinates), or
 * (points) for one curve. x is optional: shape (points) shared by all, or y's shape (one x
 * per curve); without it x = 0, 1, …, points − 1 (a channel index, as for spectra).
 */
export function curvesFromNpy(y: NpyArray, x?: NpyArray): BatchCurves {
  const dims = y.shape;
  if (dims.length < 1 || dims.length > 3)
    throw new FitbenchError(
      'DATA_PARSE',
      `the y array has shape (${dims.join(', ')}): expected (curves, points) or (rows, cols, points)`,
    );
  const points = dims[dims.length - 1];
  const count = dims.length === 1 ? 1 : dims.length === 2 ? dims[0] : dims[0] * dims[1];
  let grid: BatchCurves['grid'];
  if (dims.length === 3) {
    const width = dims[1];
    grid = { rows: new Int32Array(count), cols: new Int32Array(count) };
    for (let j = 0; j < count; j++) {
      grid.rows[j] = Math.floor(j / width);
      grid.cols[j] = j % width;
    }
  }
  let xValues: FloatArray;
  let xPerCurve = false;
  if (!x) xValues = Float64Array.from({ length: points }, (_, i) => i);
  else if (x.shape.length === 1 && x.shape[0] === points) xValues = x.data;
  else if (x.shape.length === dims.length && x.shape.every((d, i) => d === dims[i])) {
    xValues = x.data;
    xPerCurve = true;
  } else
    throw new FitbenchError(
      'DATA_LENGTH_MISMATCH',
      `the x array has shape (${x.shape.join(', ')}): expected (${points}) shared or (${dims.join(', ')}) like y`,
    );
  return checkBatchCurves({ count, points, x: xValues, xPerCurve, y: y.data, grid });
}
