/**
 * One axis of a plot: linear or log10, its data window (zoomed or not) and its ticks.
 * Pure functions, so the mapping is tested without a DOM.
 */
import { linearTicks } from './linear-ticks';
import { logTicks } from './log-ticks';

export type AxisKind = 'linear' | 'log';

export interface Axis {
  kind: AxisKind;
  min: number;
  max: number;
}

/** The range of `values` an axis can show (log axes keep positive values only); null when empty. */
export function extentOf(values: Iterable<number>, kind: AxisKind): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (kind === 'log' && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi >= lo ? [lo, hi] : null;
}

/** A padded axis over [lo, hi] (5% each side on the axis' own scale). */
export function paddedAxis(lo: number, hi: number, kind: AxisKind, pad = 0.05): Axis {
  if (kind === 'log') {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    const d = (b - a) * pad || 0.5;
    return { kind, min: 10 ** (a - d), max: 10 ** (b + d) };
  }
  const d = (hi - lo) * pad || Math.abs(lo) * 0.1 || 1;
  return { kind, min: lo - d, max: hi + d };
}

/** Where `v` falls on the axis, 0 at min and 1 at max (NaN for v ≤ 0 on a log axis). */
export function fraction(axis: Axis, v: number): number {
  if (axis.kind === 'log') {
    if (!(v > 0)) return NaN;
    return (Math.log10(v) - Math.log10(axis.min)) / (Math.log10(axis.max) - Math.log10(axis.min));
  }
  return (v - axis.min) / (axis.max - axis.min);
}

/** The value at fraction `f` of the axis (inverse of fraction). */
export function valueAt(axis: Axis, f: number): number {
  if (axis.kind === 'log') return 10 ** (Math.log10(axis.min) + f * (Math.log10(axis.max) - Math.log10(axis.min)));
  return axis.min + f * (axis.max - axis.min);
}

/** The axis zoomed by `factor` (< 1 zooms in) around fraction `at`. */
export function zoomAxis(axis: Axis, factor: number, at: number): Axis {
  const center = valueAt(axis, at);
  if (axis.kind === 'log') {
    const c = Math.log10(center);
    const a = c - (c - Math.log10(axis.min)) * factor;
    const b = c + (Math.log10(axis.max) - c) * factor;
    return { kind: 'log', min: 10 ** a, max: 10 ** b };
  }
  return { kind: 'linear', min: center - (center - axis.min) * factor, max: center + (axis.max - center) * factor };
}

/** The axis moved by `df` of its length (positive: towards larger values). */
export function panAxis(axis: Axis, df: number): Axis {
  return { kind: axis.kind, min: valueAt(axis, df), max: valueAt(axis, 1 + df) };
}

export function axisTicks(axis: Axis, count: number): number[] {
  return axis.kind === 'log' ? logTicks(axis.min, axis.max) : linearTicks(axis.min, axis.max, count);
}
