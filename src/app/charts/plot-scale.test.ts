import { describe, expect, it } from 'vitest';
import { extentOf, fraction, paddedAxis, panAxis, valueAt, zoomAxis } from './plot-scale';

describe('plot scales', () => {
  it('map linear and log axes both ways', () => {
    const lin = { kind: 'linear' as const, min: 0, max: 10 };
    expect(fraction(lin, 2.5)).toBe(0.25);
    expect(valueAt(lin, 0.25)).toBe(2.5);
    const log = { kind: 'log' as const, min: 1, max: 1000 };
    expect(fraction(log, 10)).toBeCloseTo(1 / 3, 12);
    expect(valueAt(log, 2 / 3)).toBeCloseTo(100, 9);
    expect(fraction(log, 0)).toBeNaN();
  });

  it('log extents drop values ≤ 0; padding is on the axis scale', () => {
    expect(extentOf([-1, 0, 2, 50], 'log')).toEqual([2, 50]);
    expect(extentOf([-1, 0, 2, 50], 'linear')).toEqual([-1, 50]);
    expect(extentOf([NaN], 'linear')).toBeNull();
    const a = paddedAxis(1, 100, 'log');
    expect(a.min).toBeCloseTo(10 ** -0.1, 12);
    expect(a.max).toBeCloseTo(10 ** 2.1, 12);
  });

  it('zooms around a point and pans by a fraction', () => {
    const lin = { kind: 'linear' as const, min: 0, max: 10 };
    expect(zoomAxis(lin, 0.5, 0.5)).toEqual({ kind: 'linear', min: 2.5, max: 7.5 });
    expect(zoomAxis(lin, 0.5, 0)).toEqual({ kind: 'linear', min: 0, max: 5 });
    expect(panAxis(lin, 0.1)).toEqual({ kind: 'linear', min: 1, max: 11 });
  });
});
