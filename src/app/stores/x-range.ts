/**
 * The smallest and largest value of a predictor column (NaN skipped), cached per array: a
 * fit's band grid needs it, and scanning a million points when Fit is pressed is a long task
 * on a busy page. `warmXRange` fills the cache in slices that yield, once the data is loaded.
 */
const cache = new WeakMap<object, readonly [number, number]>();

/** Rows scanned between two yields while warming. */
const SLICE = 1 << 16;

function scan(x: ArrayLike<number>, from: number, to: number, range: [number, number]): void {
  let lo = range[0];
  let hi = range[1];
  for (let i = from; i < to; i++) {
    const v = x[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  range[0] = lo;
  range[1] = hi;
}

/** [min, max] of `x` (NaN ignored; [Infinity, -Infinity] when empty), from the cache when warm. */
export function xRange(x: ArrayLike<number>): readonly [number, number] {
  const hit = cache.get(x);
  if (hit) return hit;
  const range: [number, number] = [Infinity, -Infinity];
  scan(x, 0, x.length, range);
  cache.set(x, range);
  return range;
}

/** Computes xRange(x) in slices that yield to the page; resolves when it is cached. */
export async function warmXRange(x: ArrayLike<number>): Promise<void> {
  if (cache.has(x)) return;
  const range: [number, number] = [Infinity, -Infinity];
  for (let from = 0; from < x.length; from += SLICE) {
    scan(x, from, Math.min(x.length, from + SLICE), range);
    if (from + SLICE < x.length) await new Promise<void>((resolve) => setTimeout(resolve, 0));
    // A fit started meanwhile and xRange scanned the whole column: nothing left to do.
    if (cache.has(x)) return;
  }
  cache.set(x, range);
}
