import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTPdf, studentTQuantile, studentTSf } from './student-t';
import { normalCdf, normalQuantile } from './normal';
import { logBeta, logGamma, regularizedIncompleteBeta } from '../numerics/gamma-functions';
import { NORMAL_CDF, NORMAL_QUANTILES, T_CDF, T_QUANTILES } from './scipy-reference.fixture';

function relErr(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
}

describe('Student t quantile', () => {
  it('matches the classic table values (two-sided 95%)', () => {
    const table: [number, number][] = [
      [1, 12.7062047362],
      [2, 4.30265272975],
      [10, 2.22813885196],
      [30, 2.0422724563],
      [1000, 1.96233908082],
    ];
    for (const [dof, t] of table) expect(studentTQuantile(0.975, dof)).toBeCloseTo(t, 9);
  });

  it('matches scipy.stats.t.ppf to 1e-12 relative over dof 1…1e7 and tails to 1e-12', () => {
    for (const [p, dof, expected] of T_QUANTILES) {
      const got = studentTQuantile(p, dof);
      expect(relErr(got, expected), `p=${p} dof=${dof}: ${got} vs ${expected}`).toBeLessThan(1e-12);
    }
  });

  it('is antisymmetric and inverts the CDF', () => {
    for (const dof of [1.5, 3, 8.25, 60, 5000]) {
      for (const p of [0.01, 0.2, 0.45, 0.9]) {
        const t = studentTQuantile(p, dof);
        expect(studentTQuantile(1 - p, dof)).toBeCloseTo(-t, 12);
        expect(studentTCdf(t, dof)).toBeCloseTo(p, 14);
      }
    }
  });

  it('handles the edges', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0, 7)).toBe(-Infinity);
    expect(studentTQuantile(1, 7)).toBe(Infinity);
    expect(studentTQuantile(1.2, 7)).toBeNaN();
    expect(studentTQuantile(0.9, 0)).toBeNaN();
    expect(studentTQuantile(0.9, -3)).toBeNaN();
    expect(studentTQuantile(Number.NaN, 3)).toBeNaN();
    expect(studentTQuantile(0.975, Infinity)).toBeCloseTo(1.959963984540054, 14);
  });

  it('works for fractional dof below 1', () => {
    const t = studentTQuantile(0.975, 0.5);
    expect(studentTCdf(t, 0.5)).toBeCloseTo(0.975, 13);
  });
});

describe('Student t CDF', () => {
  it('matches scipy.stats.t.cdf and .sf (3e-15 absolute and 1e-12 relative in tails up to dof 1000)', () => {
    for (const [t, dof, cdf, sf] of T_CDF) {
      const gotCdf = studentTCdf(t, dof);
      const gotSf = studentTSf(t, dof);
      // Lentz needs O(√dof) terms, so rounding grows slowly with dof.
      const tol = dof <= 1000 ? 3e-15 : 1e-12;
      expect(Math.abs(gotCdf - cdf), `cdf t=${t} dof=${dof}`).toBeLessThan(tol);
      expect(Math.abs(gotSf - sf), `sf t=${t} dof=${dof}`).toBeLessThan(tol);
      const rel = dof <= 1000 ? 1e-12 : 1e-10;
      if (sf > 1e-300 && sf < 0.5) expect(relErr(gotSf, sf), `sf rel t=${t} dof=${dof}`).toBeLessThan(rel);
      if (cdf > 1e-300 && cdf < 0.5) expect(relErr(gotCdf, cdf), `cdf rel t=${t} dof=${dof}`).toBeLessThan(rel);
    }
  });

  it('has the right limits and a density that integrates the CDF', () => {
    expect(studentTCdf(Infinity, 4)).toBe(1);
    expect(studentTCdf(-Infinity, 4)).toBe(0);
    expect(studentTCdf(0, 4)).toBe(0.5);
    expect(studentTCdf(Number.NaN, 4)).toBeNaN();
    const h = 1e-5;
    for (const [t, dof] of [
      [0.3, 3],
      [2, 12.5],
      [-1, 200],
    ] as const) {
      const numeric = (studentTCdf(t + h, dof) - studentTCdf(t - h, dof)) / (2 * h);
      expect(relErr(studentTPdf(t, dof), numeric)).toBeLessThan(1e-8);
    }
    // dof = 1 is the Cauchy distribution.
    expect(studentTPdf(1, 1)).toBeCloseTo(1 / (2 * Math.PI), 15);
  });
});

describe('normal distribution', () => {
  it('quantile matches scipy.stats.norm.ppf', () => {
    for (const [p, x] of NORMAL_QUANTILES) expect(relErr(normalQuantile(p), x), `p=${p}`).toBeLessThan(1e-13);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
  });

  it('CDF matches scipy.stats.norm.cdf relative to its value', () => {
    // exp(−x²/2) carries a relative error of about x²/2 ulp, ~1.5e-13 at x = −37.
    for (const [x, p] of NORMAL_CDF) expect(relErr(normalCdf(x), p), `x=${x}`).toBeLessThan(3e-13);
    expect(normalCdf(0)).toBe(0.5);
  });
});

describe('special functions', () => {
  it('logGamma at known points', () => {
    expect(Math.abs(logGamma(1))).toBeLessThan(2e-15);
    expect(Math.abs(logGamma(2))).toBeLessThan(2e-15);
    expect(Math.abs(logGamma(0.5) - 0.5 * Math.log(Math.PI))).toBeLessThan(1e-15);
    expect(relErr(logGamma(10), Math.log(362880))).toBeLessThan(1e-15);
    expect(relErr(logGamma(100), 359.1342053695754)).toBeLessThan(1e-15);
    expect(relErr(logGamma(0.1), 2.252712651734206)).toBeLessThan(1e-14);
    expect(logGamma(0)).toBeNaN();
  });

  it('logBeta stays accurate when one argument is huge', () => {
    // ln B(a, ½) = ln Γ(a) + ln √π − ln Γ(a+½) ≈ ln √π − ½ ln a − 1/(8a) for large a.
    const a = 5e8;
    const approx = 0.5 * Math.log(Math.PI) - 0.5 * Math.log(a) + 1 / (8 * a);
    expect(Math.abs(logBeta(a, 0.5) - approx)).toBeLessThan(1e-15);
    expect(Math.abs(logBeta(2, 3) - Math.log(1 / 12))).toBeLessThan(1e-14);
    expect(logBeta(20, 30)).toBeCloseTo(logGamma(20) + logGamma(30) - logGamma(50), 12);
  });

  it('incomplete beta has closed forms for integer arguments', () => {
    // I_x(1, b) = 1 − (1−x)^b and I_x(a, 1) = x^a.
    expect(regularizedIncompleteBeta(1, 3, 0.2)).toBeCloseTo(1 - 0.8 ** 3, 15);
    expect(regularizedIncompleteBeta(4, 1, 0.7)).toBeCloseTo(0.7 ** 4, 15);
    expect(regularizedIncompleteBeta(2, 2, 0)).toBe(0);
    expect(regularizedIncompleteBeta(2, 2, 1)).toBe(1);
    expect(regularizedIncompleteBeta(-1, 2, 0.5)).toBeNaN();
  });
});
