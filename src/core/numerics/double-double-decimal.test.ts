import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromShortestDecimal, liftColumn } from './double-double-decimal';

describe('fromShortestDecimal', () => {
  // lo = (decimal − f64) from 60-digit mpmath.
  it.each([
    [0.1, -5.551115123125783e-18],
    [2.5134, 1.4352963262354023e-16],
    [1.2e-7, 1.0724182501233026e-23],
    [6.02214076e23, 12976128.0],
    [-0.1, 5.551115123125783e-18],
  ])('%s carries the decimal in its low part', (v, lo) => {
    const x = fromShortestDecimal(v);
    expect(x.hi).toBe(v);
    expect(Math.abs(x.lo - lo)).toBeLessThanOrEqual(Math.abs(lo) * 1e-15);
  });

  it('exact binary values and 16–17 digit values stay as they are', () => {
    for (const v of [0.5, 3, 1200, 0.30000000000000004, Math.PI, 1 / 3, 0, -0, Infinity, Number.NaN, 5e-324, 1e300]) {
      const x = fromShortestDecimal(v);
      expect(Object.is(x.hi, v)).toBe(true);
      expect(x.lo === 0 || Number.isNaN(x.lo)).toBe(true);
    }
  });

  it('the low part is below half an ulp of the value, for any double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        const x = fromShortestDecimal(v);
        expect(x.hi).toBe(v);
        expect(Math.abs(x.lo)).toBeLessThanOrEqual(Math.abs(v) * 1.12e-16);
      }),
    );
  });

  it('liftColumn lifts every value', () => {
    const col = liftColumn([0.1, 0.5]);
    expect(Array.from(col.hi)).toEqual([0.1, 0.5]);
    expect(col.lo[0]).not.toBe(0);
    expect(col.lo[1]).toBe(0);
  });
});
