/** Equal-width histogram of the finite values of one parameter (column `i` of a row-major matrix). */
export interface Histogram {
  min: number;
  max: number;
  counts: Uint32Array;
  /** Values left out: NaN or infinite. */
  missing: number;
}

export function histogramOf(values: Float64Array, stride: number, column: number, bins = 40): Histogram {
  let min = Infinity;
  let max = -Infinity;
  let missing = 0;
  const count = Math.floor(values.length / stride);
  for (let j = 0; j < count; j++) {
    const v = values[j * stride + column];
    if (!Number.isFinite(v)) {
      missing++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const counts = new Uint32Array(bins);
  if (min > max) return { min: Number.NaN, max: Number.NaN, counts, missing };
  const width = (max - min) / bins;
  for (let j = 0; j < count; j++) {
    const v = values[j * stride + column];
    if (!Number.isFinite(v)) continue;
    const b = width > 0 ? Math.min(bins - 1, Math.floor((v - min) / width)) : Math.floor(bins / 2);
    counts[b]++;
  }
  return { min, max, counts, missing };
}
