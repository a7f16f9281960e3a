/** Tick values fewer than this make an axis unreadable (one tick says nothing about scale). */
const MIN_TICKS = 3;

/** About `count` round tick values (1-2-5 steps) covering [min, max]; at least three on any finite range. */
export function linearTicks(min: number, max: number, count = 6): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const [lo, hi] = min < max ? [min, max] : [max, min];
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const steps = [1, 2, 5, 10].map((m) => m * power);
  let k = steps.findIndex((s) => s >= raw);
  if (k < 0) k = steps.length - 1;
  let ticks = ticksWithStep(lo, hi, steps[k]);
  // A narrow plot asks for two ticks; a round step may then fit only one: take smaller steps.
  for (let step = steps[k]; ticks.length < MIN_TICKS && step > (hi - lo) / 1e6;) {
    step = smallerStep(step);
    ticks = ticksWithStep(lo, hi, step);
  }
  return ticks;
}

function ticksWithStep(lo: number, hi: number, step: number): number[] {
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** The next smaller step in the 1-2-5 series. */
function smallerStep(step: number): number {
  const power = 10 ** Math.floor(Math.log10(step) + 1e-9);
  const m = Math.round(step / power);
  return m === 1 ? power / 2 : m === 2 ? power : 2 * power;
}
