import { describe, expect, it } from 'vitest';
import reference from '../uncertainty/reference/distributions.json';
import { chiSquareCdf, chiSquareSf, fisherFCdf, fisherFSf } from './fisher-f';
import { studentTCdf, studentTSf } from './student-t';

/** 1e-10 absolute (the bar), and 1e-8 relative for tail p-values below 1e-6. */
function expectClose(actual: number, expected: number, label: string) {
  expect(Math.abs(actual - expected), `${label}: ${actual} vs scipy ${expected}`).toBeLessThanOrEqual(1e-10);
  if (expected > 0 && expected < 1e-6)
    expect(Math.abs(actual - expected) / expected, `${label} (relative)`).toBeLessThanOrEqual(1e-8);
}

describe('F, χ² and t distributions against scipy.stats', () => {
  it('F cdf and sf', () => {
    for (const [x, d1, d2, cdf, sf] of reference.f) {
      expectClose(fisherFCdf(x, d1, d2), cdf, `F.cdf(${x}, ${d1}, ${d2})`);
      expectClose(fisherFSf(x, d1, d2), sf, `F.sf(${x}, ${d1}, ${d2})`);
    }
  });
  it('χ² cdf and sf', () => {
    for (const [x, k, cdf, sf] of reference.chi2) {
      expectClose(chiSquareCdf(x, k), cdf, `chi2.cdf(${x}, ${k})`);
      expectClose(chiSquareSf(x, k), sf, `chi2.sf(${x}, ${k})`);
    }
  });
  it('t cdf and sf', () => {
    for (const [x, k, cdf, sf] of reference.t) {
      expectClose(studentTCdf(x, k), cdf, `t.cdf(${x}, ${k})`);
      expectClose(studentTSf(x, k), sf, `t.sf(${x}, ${k})`);
    }
  });
  it('edges and bad arguments', () => {
    expect(fisherFSf(0, 2, 3)).toBe(1);
    expect(fisherFCdf(Infinity, 2, 3)).toBe(1);
    expect(fisherFSf(-1, 2, 3)).toBe(1);
    expect(fisherFSf(1, 0, 3)).toBeNaN();
    expect(chiSquareSf(Number.NaN, 3)).toBeNaN();
    expect(chiSquareCdf(0, 3)).toBe(0);
  });
});
