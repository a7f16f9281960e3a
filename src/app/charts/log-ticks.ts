/**
 * Tick values for a log axis over [min, max]: powers of ten, or 1-2-5 steps when the range
 * spans less than two decades (recharts' own log ticks land on values like 0.7 and 300).
 */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) return [];
  const lo = Math.floor(Math.log10(Math.min(min, max)));
  const hi = Math.ceil(Math.log10(Math.max(min, max)));
  const decades = Math.max(1, hi - lo);
  const mantissas = decades <= 2 ? [1, 2, 5] : [1];
  const step = decades > 8 ? Math.ceil(decades / 8) : 1;
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k += step) {
    for (const m of mantissas) {
      const v = Number((m * 10 ** k).toPrecision(12));
      if (v >= min / 1.0001 && v <= max * 1.0001) ticks.push(v);
    }
  }
  if (ticks.length < 2) return [Number(min.toPrecision(3)), Number(max.toPrecision(3))];
  return ticks;
}
