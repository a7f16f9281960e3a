import { describe, expect, it } from 'vitest';
import { erf, erfc, wofzIm, wofzRe } from './error-functions';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('erf and erfc (Cody)', () => {
  // Reference values from C libm (glibc erf/erfc, within 1 ulp).
  const table: Array<[number, number, number]> = [
    [0.1, 0.1124629160182849, 0.8875370839817152],
    [0.3, 0.3286267594591274, 0.6713732405408726],
    [0.5, 0.5204998778130465, 0.4795001221869535],
    [1, 0.8427007929497149, 0.15729920705028513],
    [2, 0.9953222650189527, 0.004677734981047265],
    [3, 0.9999779095030014, 0.000022090496998585438],
    [5, 0.9999999999984626, 1.5374597944280351e-12],
    [10, 1, 2.088487583762545e-45],
    [26, 1, 5.663192408856143e-296],
  ];
  it.each(table)('x = %d', (x, e, c) => {
    expect(rel(erf(x), e)).toBeLessThan(2e-15);
    expect(rel(erfc(x), c)).toBeLessThan(2e-14);
    expect(erf(-x)).toBe(-erf(x));
    expect(rel(erfc(-x), 2 - c)).toBeLessThan(2e-15);
  });

  it('handles tiny, huge and non-finite arguments', () => {
    expect(erf(1e-300)).toBeCloseTo(1.1283791670955126e-300, 310);
    expect(erf(0)).toBe(0);
    expect(erfc(30)).toBe(0);
    expect(erf(Infinity)).toBe(1);
    expect(erfc(-Infinity)).toBe(2);
    expect(erf(NaN)).toBeNaN();
    expect(erfc(NaN)).toBeNaN();
  });
});

/** w(z) by the trapezoid rule on (i/π)∫exp(−t²)/(z − t)dt: exponentially accurate for Im z ≥ 0.3. */
function wofzByQuadrature(u: number, v: number): [number, number] {
  const h = 0.004;
  let sr = 0;
  let si = 0;
  for (let k = -3000; k <= 3000; k++) {
    const t = k * h;
    const g = Math.exp(-t * t);
    const dr = u - t;
    const d = dr * dr + v * v;
    sr += (g * v) / d;
    si += (g * dr) / d;
  }
  return [(sr * h) / Math.PI, (si * h) / Math.PI];
}

describe('Faddeeva w(z)', () => {
  it('matches quadrature to ~1e-13 in the upper half-plane', () => {
    for (const v of [0.3, 1, 2.5, 6, 7.9, 8.1, 30]) {
      for (const u of [0, 0.5, -1.7, 4, 7.9, 8.1, 40]) {
        const [re, im] = wofzByQuadrature(u, v);
        const err = Math.hypot(wofzRe(u, v) - re, wofzIm(u, v) - im) / Math.hypot(re, im);
        expect(err).toBeLessThan(5e-14);
      }
    }
  });

  it('has the known values on the axes', () => {
    expect(rel(wofzRe(1, 1), 0.3047442052569126)).toBeLessThan(1e-13);
    expect(rel(wofzIm(1, 1), 0.20821893820283163)).toBeLessThan(1e-13);
    // Real axis: Re w = exp(−u²), Im w = (2/√π)·Dawson(u); the error is relative to |w|.
    for (const u of [0.2, 1, 3, 6]) {
      const size = Math.hypot(wofzRe(u, 0), wofzIm(u, 0));
      expect(Math.abs(wofzRe(u, 0) - Math.exp(-u * u)) / size).toBeLessThan(5e-14);
    }
    expect(rel(wofzIm(1, 0), (2 / Math.sqrt(Math.PI)) * 0.5380795069127684)).toBeLessThan(1e-13);
    // Imaginary axis: w(iy) = exp(y²)·erfc(y).
    for (const y of [0.1, 1, 3, 7]) {
      expect(rel(wofzRe(0, y), Math.exp(y * y) * erfc(y))).toBeLessThan(1e-13);
      expect(wofzIm(0, y)).toBe(0);
    }
  });

  it('extends to v < 0 by reflection, w(z) = 2exp(−z²) − w(−z)', () => {
    const [u, v] = [0.7, -0.4];
    const zr = u * u - v * v;
    const zi = 2 * u * v;
    const m = 2 * Math.exp(-zr);
    expect(wofzRe(u, v)).toBeCloseTo(m * Math.cos(-zi) - wofzRe(-u, -v), 13);
    expect(wofzIm(u, v)).toBeCloseTo(m * Math.sin(-zi) - wofzIm(-u, -v), 13);
  });

  it('returns consistent parts when called alternately at different points', () => {
    const a = [wofzRe(1, 1), wofzIm(2, 0.5), wofzIm(1, 1), wofzRe(2, 0.5)];
    expect(a[0]).toBeCloseTo(0.3047442052569126, 14);
    expect(a[2]).toBeCloseTo(0.20821893820283163, 14);
    expect(a[1]).toBe(wofzIm(2, 0.5));
    expect(a[3]).toBe(wofzRe(2, 0.5));
  });
});
