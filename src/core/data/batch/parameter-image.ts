/**
 * One parameter of a batch as an RGBA image over the curves' grid coordinates (a pixel per
 * curve, viridis from the smallest to the largest finite value, grey for none, transparent
 * where no curve sits). Pure: the batch page's file worker paints 100,000 pixels with it, and
 * the page only puts the finished image on its canvas.
 */
import type { CurveGrid } from './batch-curves';
import { colorOf } from './color-scale';

export interface ParameterImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, row by row. */
  rgba: Uint8ClampedArray<ArrayBuffer>;
  /** Range of the finite values (NaN when there is none). */
  min: number;
  max: number;
}

/** Paints column `index` of the row-major `params` (`stride` values per curve) at each curve's grid cell. */
export function parameterImage(params: Float64Array, stride: number, index: number, grid: CurveGrid): ParameterImage {
  const count = grid.rows.length;
  let width = 0;
  let height = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let j = 0; j < count; j++) {
    if (grid.rows[j] + 1 > height) height = grid.rows[j] + 1;
    if (grid.cols[j] + 1 > width) width = grid.cols[j] + 1;
    const v = params[j * stride + index];
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let j = 0; j < count; j++) {
    if (grid.rows[j] < 0 || grid.cols[j] < 0) continue;
    const [red, green, blue] = colorOf(params[j * stride + index], min, max);
    const k = (grid.rows[j] * width + grid.cols[j]) * 4;
    rgba[k] = red;
    rgba[k + 1] = green;
    rgba[k + 2] = blue;
    rgba[k + 3] = 255;
  }
  return min <= max ? { width, height, rgba, min, max } : { width, height, rgba, min: Number.NaN, max: Number.NaN };
}
