import { describe, expect, it } from 'vitest';
import { fitDiagnostics } from './diagnostics';

describe('fitDiagnostics', () => {
  it('is empty for a healthy fit', () => {
    expect(
      fitDiagnostics({
        paramNames: ['a', 'b'],
        values: [1, 2],
        correlation: [1, 0.5, 0.5, 1],
        conditionNumber: 100,
        status: 'ftol',
      }),
    ).toEqual([]);
  });

  it('names parameters at a bound, within a relative tolerance', () => {
    const d = fitDiagnostics({
      paramNames: ['s', 'a', 'c'],
      values: [1e-9, 9.999999999, 0.5],
      bounds: { s: [0, null], a: [null, 10], c: [0, 1] },
    });
    expect(d).toContain("parameter 's' is at its lower bound 0");
    expect(d).toContain("parameter 'a' is at its upper bound 10");
    expect(d.some((m) => m.includes("'c'"))).toBe(false);
    expect(d.some((m) => m.includes('standard errors of parameters at a bound'))).toBe(true);
  });

  it('flags |correlation| > 0.99 with enough digits to see it is not 1', () => {
    const d = fitDiagnostics({
      paramNames: ['a', 'b', 'c'],
      values: [1, 1, 1],
      correlation: [1, -0.99997, 0.2, -0.99997, 1, 0.1, 0.2, 0.1, 1],
    });
    expect(d).toHaveLength(1);
    expect(d[0]).toMatch(/parameters 'a' and 'b' are strongly correlated \(r = -0\.999970\)/);
  });

  it('says how ill-conditioned the problem is', () => {
    const d = fitDiagnostics({ paramNames: ['a'], values: [1], conditionNumber: 3.2e14, rawConditionNumber: 1e20 });
    expect(d[0]).toMatch(
      /ill-conditioned \(condition number 3\.20e\+14 with parameters scaled to unit size; 1\.00e\+20 in the parameters' own units, above 1\.00e\+12\)/,
    );
    expect(fitDiagnostics({ paramNames: ['a'], values: [1], conditionNumber: Infinity })[0]).toMatch(/singular/);
    expect(fitDiagnostics({ paramNames: ['a'], values: [1], conditionNumber: 1e13, conditionThreshold: 1e14 })).toEqual(
      [],
    );
  });

  it('reports non-finite values and the iteration limit', () => {
    const d = fitDiagnostics({
      paramNames: ['a', 'b'],
      values: [NaN, 1],
      stdErrors: [NaN, NaN],
      nonFiniteResiduals: 3,
      status: 'max-iterations',
      iterations: 200,
    });
    expect(d[0]).toMatch(/^iteration limit reached \(200 iterations\)/);
    expect(d).toContain("parameter 'a' is NaN");
    expect(d).toContain("the standard error of 'b' could not be computed (NaN)");
    expect(d.some((m) => m.startsWith('3 residuals are NaN or Infinity'))).toBe(true);
  });
});
