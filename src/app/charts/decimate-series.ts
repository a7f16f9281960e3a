/**
 * Reduces a large (x, y) series to at most ~2·buckets points for drawing, keeping each
 * bucket's min and max so peaks and outliers stay visible. A chart of a million points must
 * not block the page: recharts renders one SVG node per point.
 */
export interface XYPoint {
  x: number;
  y: number;
}

export function decimateSeries(x: ArrayLike<number>, y: ArrayLike<number>, buckets = 1000): XYPoint[] {
  const n = Math.min(x.length, y.length);
  if (n <= buckets * 2) {
    const out: XYPoint[] = [];
    for (let i = 0; i < n; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) out.push({ x: x[i], y: y[i] });
    return out;
  }
  const order = sortedOrder(x, n);
  const size = n / buckets;
  const out: XYPoint[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(n, Math.floor((b + 1) * size));
    let lo = -1;
    let hi = -1;
    for (let k = start; k < end; k++) {
      const i = order[k];
      if (!Number.isFinite(y[i]) || !Number.isFinite(x[i])) continue;
      if (lo < 0 || y[i] < y[lo]) lo = i;
      if (hi < 0 || y[i] > y[hi]) hi = i;
    }
    if (lo < 0) continue;
    const [first, second] = x[lo] <= x[hi] ? [lo, hi] : [hi, lo];
    out.push({ x: x[first], y: y[first] });
    if (second !== first) out.push({ x: x[second], y: y[second] });
  }
  return out;
}

function sortedOrder(x: ArrayLike<number>, n: number): Uint32Array {
  const order = new Uint32Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    if (i > 0 && x[i] < x[i - 1]) sorted = false;
  }
  if (!sorted) order.sort((a, b) => x[a] - x[b]);
  return order;
}
