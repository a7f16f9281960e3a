import { describe, expect, it } from 'vitest';
import { decimateSeries } from './decimate-series';

describe('decimateSeries', () => {
  it('keeps small series whole and drops non-finite points', () => {
    expect(decimateSeries([0, 1, 2], [1, NaN, 3])).toEqual([
      { x: 0, y: 1 },
      { x: 2, y: 3 },
    ]);
  });

  it('bounds the number of points and keeps the extremes', () => {
    const n = 100_000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 1000));
    y[54_321] = 50; // a spike must survive
    const points = decimateSeries(x, y, 500);
    expect(points.length).toBeLessThanOrEqual(1000);
    expect(points.some((p) => p.y === 50)).toBe(true);
    for (let i = 1; i < points.length; i++) expect(points[i].x).toBeGreaterThanOrEqual(points[i - 1].x);
  });

  it('sorts unsorted x before bucketing', () => {
    const n = 5000;
    const x = Float64Array.from({ length: n }, (_, i) => (i * 7919) % n);
    const y = Float64Array.from(x, (v) => v * 2);
    const points = decimateSeries(x, y, 100);
    for (let i = 1; i < points.length; i++) expect(points[i].x).toBeGreaterThan(points[i - 1].x);
  });
});
