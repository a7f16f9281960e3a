import { describe, expect, it } from 'vitest';
import { FitbenchError } from '../../errors';
import { crossing, leastSquares, MAX_GUESS_POINTS, mean, noiseSigma, prepareData, quantile } from './numeric';
import { findPeaks } from './peak-finding';
import { polynomialFit } from './polynomials';
import { syntheticCurve } from './synthetic';

describe('numeric helpers', () => {
  it('solves a well-posed least-squares problem exactly', () => {
    const x = Float64Array.from({ length: 20 }, (_, i) => i / 3);
    const y = Float64Array.from(x, (v) => 2 - 3 * v + 0.5 * v * v);
    const c = leastSquares([Float64Array.from(x, () => 1), x, Float64Array.from(x, (v) => v * v)], y);
    expect(Array.from(c).map((v) => +v.toFixed(10))).toEqual([2, -3, 0.5]);
  });

  it('gives dependent columns coefficient 0 instead of NaN', () => {
    const x = Float64Array.from([1, 2, 3, 4]);
    const c = leastSquares(
      [x, Float64Array.from(x, (v) => 2 * v), new Float64Array(4)],
      Float64Array.from(x, (v) => 3 * v),
    );
    expect(c[0]).toBeCloseTo(3, 10);
    expect(c[1]).toBe(0);
    expect(c[2]).toBe(0);
  });

  it('recovers polynomial coefficients far from the origin (scaled basis)', () => {
    const x = Float64Array.from({ length: 50 }, (_, i) => 1000 + i / 10);
    const y = Float64Array.from(x, (v) => 1 + 0.5 * (v - 1000) ** 2);
    const c = polynomialFit(x, y, 2);
    // 0.5·(x − 1000)² + 1 = 500001 − 1000·x + 0.5·x²
    expect(c[2]).toBeCloseTo(0.5, 6);
    expect(c[1]).toBeCloseTo(-1000, 3);
  });

  it('prepares data: drops non-finite pairs, sorts, bins above the limit', () => {
    const d = prepareData([3, Number.NaN, 1, 2], [30, 5, 10, Infinity]);
    expect(Array.from(d.x)).toEqual([1, 3]);
    expect(Array.from(d.y)).toEqual([10, 30]);
    const big = Float64Array.from({ length: 3 * MAX_GUESS_POINTS }, (_, i) => i);
    const b = prepareData(big, big);
    expect(b.x.length).toBe(MAX_GUESS_POINTS);
    expect(b.x[0]).toBeCloseTo(1, 10);
    expect(() => prepareData([1], [])).toThrowError(FitbenchError);
  });

  it('quantiles, means, noise and crossings', () => {
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(mean([1e308, 1e308])).toBe(1e308);
    const { y } = syntheticCurve(() => 0, 0, 1, 5000, 0.1, 3);
    expect(noiseSigma(y)).toBeCloseTo(0.1, 1);
    expect(crossing(Float64Array.from([0, 1, 2]), Float64Array.from([0, 2, 4]), 3, 0, 1)).toBe(1.5);
    expect(crossing(Float64Array.from([0, 1]), Float64Array.from([0, 1]), 5, 0, 1)).toBeNaN();
  });
});

describe('findPeaks', () => {
  it('ranks by prominence, not height, and measures the FWHM', () => {
    // A tall broad bump with a narrow spike on its shoulder, and a separate small clean peak.
    const f = (v: number): number =>
      5 * Math.exp(-((v - 0) ** 2) / (2 * 3 ** 2)) +
      1 * Math.exp(-((v - 2) ** 2) / 0.02) +
      2 * Math.exp(-((v - 12) ** 2) / 2);
    const { x, y } = syntheticCurve(f, -10, 16, 2000, 0.01, 5);
    const peaks = findPeaks(x, y, 2);
    expect(peaks.map((p) => Math.round(p.center))).toEqual([0, 12]);
    expect(peaks[1].fwhm).toBeCloseTo(2.3548, 0);
  });

  it('ignores noise-level maxima when the data have fewer peaks than asked', () => {
    const { x, y } = syntheticCurve((v) => 3 * Math.exp(-(v * v) / 2), -5, 5, 500, 0.05, 6);
    expect(findPeaks(x, y, 3)).toHaveLength(1);
  });
});
