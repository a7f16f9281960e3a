import { describe, expect, it } from 'vitest';
import { computeFitStatistics } from './fit-statistics';

// Weighted exponential decay fitted by scipy's curve_fit (see covariance.test.ts).
const X = [0, 1, 2, 3, 4, 5, 6, 7];
const Y = [5.1, 3.0, 1.9, 1.15, 0.68, 0.43, 0.24, 0.16];
const S = [0.2, 0.15, 0.1, 0.08, 0.05, 0.04, 0.03, 0.02];
const [A, B] = [5.064193023782348, 0.49824929733240897];

function linearization() {
  const m = X.length;
  const jac = new Float64Array(m * 2);
  const r = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const e = Math.exp(-B * X[i]);
    r[i] = (Y[i] - A * e) / S[i];
    jac[i * 2] = -e / S[i];
    jac[i * 2 + 1] = (A * X[i] * e) / S[i];
  }
  return { jac, r };
}

describe('computeFitStatistics', () => {
  it('fills the FitResult statistics fields, fixed parameters last', () => {
    const { jac, r } = linearization();
    const stats = computeFitStatistics({
      freeParamNames: ['a', 'b'],
      freeValues: [A, B],
      fixedParams: { c: 0 },
      y: Y,
      sigma: S,
      weightedResiduals: r,
      linearization: { kind: 'jacobian', jacobian: jac },
      bounds: { b: [0, 10] },
      status: 'ftol',
      bands: {
        x: [1.5],
        evaluateAt: (x) => ({
          value: A * Math.exp(-B * x),
          gradient: [Math.exp(-B * x), -A * x * Math.exp(-B * x)],
          sigma: 0.1,
        }),
      },
    });
    expect(stats.paramNames).toEqual(['a', 'b', 'c']);
    expect(stats.params).toEqual({ a: A, b: B, c: 0 });
    expect(stats.stdErrors.a).toBeCloseTo(Math.sqrt(0.003476984733774437), 9);
    expect(stats.stdErrors.b).toBeCloseTo(Math.sqrt(1.853510677813597e-5), 9);
    expect(stats.stdErrors.c).toBe(0);
    expect(stats.confidenceIntervals.c).toEqual([0, 0]);
    const t = 2.4469118511449786; // scipy t.ppf(0.975, 6)
    expect(stats.confidenceIntervals.a[1] - A).toBeCloseTo(t * stats.stdErrors.a, 10);
    expect(stats.covariance).toHaveLength(3);
    expect(stats.covariance[2]).toEqual([0, 0, 0]);
    expect(stats.correlation[0][0]).toBe(1);
    expect(stats.correlation[0][2]).toBe(0);
    expect(stats.dof).toBe(6);
    expect(stats.nPoints).toBe(8);
    expect(stats.reducedChiSquare).toBeCloseTo(stats.chiSquare / 6, 14);
    expect(stats.rank).toBe(2);
    expect(stats.diagnostics).toEqual([]);
    expect(stats.bands?.x).toEqual([1.5]);
    expect(stats.bands!.predictionUpper[0]).toBeGreaterThan(stats.bands!.confidenceUpper[0]);
    // The result is plain data (structured-clone and JSON safe).
    expect(JSON.parse(JSON.stringify(stats.covariance))).toEqual(stats.covariance);
  });

  it('absoluteSigma leaves the covariance unscaled', () => {
    const { jac, r } = linearization();
    const stats = computeFitStatistics({
      freeParamNames: ['a', 'b'],
      freeValues: [A, B],
      y: Y,
      sigma: S,
      weightedResiduals: r,
      linearization: { kind: 'jacobian', jacobian: jac },
      absoluteSigma: true,
    });
    expect(stats.covariance[0][0] / 0.02477956341378766).toBeCloseTo(1, 7);
  });

  it('the JᵀJ path gives the same answer', () => {
    const { jac, r } = linearization();
    const jtj = new Float64Array(4);
    for (let i = 0; i < X.length; i++)
      for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) jtj[a * 2 + b] += jac[i * 2 + a] * jac[i * 2 + b];
    const common = { freeParamNames: ['a', 'b'], freeValues: [A, B], y: Y, sigma: S, weightedResiduals: r };
    const viaJ = computeFitStatistics({ ...common, linearization: { kind: 'jacobian', jacobian: jac } });
    const viaN = computeFitStatistics({ ...common, linearization: { kind: 'normal', jtj } });
    expect(viaN.stdErrors.a / viaJ.stdErrors.a).toBeCloseTo(1, 12);
    expect(viaN.stdErrors.b / viaJ.stdErrors.b).toBeCloseTo(1, 12);
  });

  it('explains the lack of degrees of freedom and the bound the fit ended on', () => {
    const stats = computeFitStatistics({
      freeParamNames: ['a', 'b'],
      freeValues: [1, 0],
      y: [1, 2],
      weightedResiduals: [0.1, -0.1],
      linearization: { kind: 'jacobian', jacobian: new Float64Array([1, 0, 1, 1]) },
      bounds: { b: [0, null] },
      status: 'max-iterations',
      iterations: 50,
    });
    expect(stats.dof).toBe(0);
    expect(stats.stdErrors.a).toBe(Infinity);
    expect(stats.confidenceIntervals.a).toEqual([-Infinity, Infinity]);
    expect(stats.diagnostics[0]).toMatch(/iteration limit reached \(50 iterations\)/);
    expect(stats.diagnostics).toContain("parameter 'b' is at its lower bound 0");
    expect(stats.diagnostics.some((d) => d.startsWith('no degrees of freedom (2 points, 2 free parameters)'))).toBe(
      true,
    );
  });
});
