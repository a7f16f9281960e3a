import { describe, expect, it } from 'vitest';
import {
  correlationFromCovariance,
  covarianceFromFactor,
  covarianceFromJacobian,
  covarianceFromNormalMatrix,
} from './covariance';
import { singularValueDecomposition, symmetricEigen } from '../numerics/jacobi-decompositions';
import { triangularFactor } from '../numerics/givens-qr';

function normalMatrix(jac: Float64Array, m: number, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let i = 0; i < m; i++)
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) out[a * p + b] += jac[i * p + a] * jac[i * p + b];
  return out;
}

/** Weighted exponential decay fitted by scipy.optimize.curve_fit (values below are scipy's). */
const X = [0, 1, 2, 3, 4, 5, 6, 7];
const Y = [5.1, 3.0, 1.9, 1.15, 0.68, 0.43, 0.24, 0.16];
const S = [0.2, 0.15, 0.1, 0.08, 0.05, 0.04, 0.03, 0.02];
const POPT = [5.064193023782348, 0.49824929733240897];
const PCOV_RELATIVE = [0.003476984733774437, 0.0001784358072398467, 0.0001784358072398467, 1.853510677813597e-5];
const PCOV_ABSOLUTE = [0.02477956341378766, 0.0012716654628478485, 0.0012716654628478485, 0.00013209487212547004];

function decayProblem() {
  const [a, b] = POPT;
  const m = X.length;
  const jac = new Float64Array(m * 2);
  let chi2 = 0;
  for (let i = 0; i < m; i++) {
    const e = Math.exp(-b * X[i]);
    chi2 += ((Y[i] - a * e) / S[i]) ** 2;
    jac[i * 2] = -e / S[i];
    jac[i * 2 + 1] = (a * X[i] * e) / S[i];
  }
  return { jac, chi2, m };
}

describe('covarianceFromJacobian', () => {
  it('reproduces scipy curve_fit pcov (relative and absolute sigma)', () => {
    const { jac, chi2, m } = decayProblem();
    const rel = covarianceFromJacobian(jac, m, 2, { paramNames: ['a', 'b'], scale: chi2 / (m - 2) });
    const abs = covarianceFromJacobian(jac, m, 2, { paramNames: ['a', 'b'], scale: 1 });
    rel.covariance.forEach((c, i) => expect(c).toBeCloseTo(PCOV_RELATIVE[i], 9));
    abs.covariance.forEach((c, i) => expect(Math.abs(c / PCOV_ABSOLUTE[i] - 1)).toBeLessThan(1e-7));
    expect(rel.stdErrors[0]).toBeCloseTo(Math.sqrt(PCOV_RELATIVE[0]), 9);
    expect(rel.correlation[1]).toBeCloseTo(PCOV_RELATIVE[1] / Math.sqrt(PCOV_RELATIVE[0] * PCOV_RELATIVE[3]), 6);
    expect(rel.correlation[0]).toBe(1);
    // Correlation does not depend on the scale.
    expect(abs.correlation[1]).toBeCloseTo(rel.correlation[1], 12);
    expect(rel.rank).toBe(2);
    expect(rel.finite).toBe(true);
  });

  it('agrees with the normal-matrix path', () => {
    const { jac, chi2, m } = decayProblem();
    const opts = { paramNames: ['a', 'b'], scale: chi2 / (m - 2) };
    const viaJ = covarianceFromJacobian(jac, m, 2, opts);
    const viaN = covarianceFromNormalMatrix(normalMatrix(jac, m, 2), 2, m, opts);
    viaJ.covariance.forEach((c, i) => expect(Math.abs(viaN.covariance[i] / c - 1)).toBeLessThan(1e-12));
    expect(Math.abs(viaN.conditionNumber / viaJ.conditionNumber - 1)).toBeLessThan(1e-9);
  });

  it('gives a full-rank normal matrix its raw condition number (computed on first read) as (λmax/λmin) of JᵀJ', () => {
    // D·C·D: a well-conditioned correlation C, parameters in very different units D.
    const d = [1e3, 1, 1e-2];
    const c = [1, 0.5, 0.2, 0.5, 1, 0.3, 0.2, 0.3, 1];
    const jtj = Float64Array.from(c, (v, k) => d[Math.floor(k / 3)] * v * d[k % 3]);
    const cov = covarianceFromNormalMatrix(jtj, 3, 50, { paramNames: ['a', 'b', 'c'], scale: 1 });
    expect(cov.rank).toBe(3);
    const values = symmetricEigen(3, jtj).values;
    jtj.fill(0); // read later, the value is still that of the matrix given
    expect(cov.conditionNumber).toBe(values[0] / values[2]);
    expect(cov.conditionNumber).toBe(values[0] / values[2]);
    expect({ ...cov }.conditionNumber).toBe(values[0] / values[2]);
  });

  it('is the exact inverse of JᵀJ for a linear model', () => {
    // y = c0 + c1 x: (JᵀJ)⁻¹ = [[Σx², −Σx], [−Σx, n]] / (nΣx² − (Σx)²).
    const xs = [1, 2, 4, 7, 11];
    const jac = new Float64Array(xs.flatMap((x) => [1, x]));
    const n = xs.length;
    const sx = xs.reduce((a, b) => a + b, 0);
    const sxx = xs.reduce((a, b) => a + b * b, 0);
    const det = n * sxx - sx * sx;
    const cov = covarianceFromJacobian(jac, n, 2, { paramNames: ['c0', 'c1'], scale: 1 });
    const want = [sxx / det, -sx / det, -sx / det, n / det];
    cov.covariance.forEach((c, i) => expect(c).toBeCloseTo(want[i], 14));
  });

  it('names the non-identifiable pair and falls back to the pseudo-inverse', () => {
    // f = a·b·x: only the product is determined, so the columns are parallel.
    const xs = [1, 2, 3, 4, 5];
    const a = 2;
    const b = 3;
    const jac = new Float64Array(xs.flatMap((x) => [b * x, a * x]));
    const cov = covarianceFromJacobian(jac, xs.length, 2, { paramNames: ['a', 'b'], scale: 1 });
    expect(cov.rank).toBe(1);
    expect(cov.conditionNumber).toBeGreaterThan(1e20);
    expect(cov.diagnostics).toHaveLength(1);
    expect(cov.diagnostics[0]).toMatch(/covariance is singular \(rank 1 of 2\)/);
    expect(cov.diagnostics[0]).toMatch(/parameters 'a' and 'b' are not identifiable/);
    for (const v of cov.covariance) expect(Number.isFinite(v)).toBe(true);
    // Pseudo-inverse of JᵀJ = (Σx²)·u uᵀ with u = (b, a): (JᵀJ)⁺ = u uᵀ / (|u|⁴ Σx²).
    const sxx = xs.reduce((s, x) => s + x * x, 0);
    const u2 = a * a + b * b;
    expect(cov.covariance[0]).toBeCloseTo((b * b) / (u2 * u2 * sxx), 14);
    expect(cov.covariance[1]).toBeCloseTo((a * b) / (u2 * u2 * sxx), 14);
  });

  it('says which parameter has no effect (zero Jacobian column)', () => {
    const jac = new Float64Array([1, 0, 2, 0, 3, 0]);
    const cov = covarianceFromJacobian(jac, 3, 2, { paramNames: ['a', 'unused'], scale: 1 });
    expect(cov.rank).toBe(1);
    expect(cov.diagnostics[0]).toMatch(/parameter 'unused' has no effect on the model/);
    expect(cov.stdErrors[0]).toBeCloseTo(1 / Math.sqrt(14), 14);
    // Not determined at all: infinite, as scipy reports it, never 0.
    expect(cov.stdErrors[1]).toBe(Infinity);
    expect(cov.correlation[3]).toBe(0);
    const viaN = covarianceFromNormalMatrix(normalMatrix(jac, 3, 2), 2, 3, { paramNames: ['a', 'unused'], scale: 1 });
    expect(viaN.rank).toBe(1);
    expect(viaN.diagnostics[0]).toMatch(/'unused' has no effect/);
  });

  it('does not mistake a badly scaled parameter for an unidentifiable one', () => {
    // Column norms 1e-12 and 1e6: scipy's raw threshold would call this singular.
    const xs = [0.5, 1, 1.5, 2, 3];
    const jac = new Float64Array(xs.flatMap((x) => [1e-12 * x, 1e6 * Math.exp(-x)]));
    const cov = covarianceFromJacobian(jac, xs.length, 2, { paramNames: ['tiny', 'huge'], scale: 1 });
    expect(cov.rank).toBe(2);
    expect(cov.conditionNumber).toBeGreaterThan(1e30);
    expect(cov.scaledConditionNumber).toBeLessThan(100);
    expect(cov.diagnostics).toEqual([]);
  });

  it('reports non-finite Jacobians instead of returning garbage', () => {
    const jac = new Float64Array([1, 2, NaN, 4]);
    const cov = covarianceFromJacobian(jac, 2, 2, { paramNames: ['a', 'b'], scale: 1 });
    expect(cov.finite).toBe(false);
    expect(Number.isNaN(cov.stdErrors[0])).toBe(true);
    expect(cov.diagnostics[0]).toMatch(/Jacobian holds NaN or Infinity/);
    const viaN = covarianceFromNormalMatrix(new Float64Array([1, Infinity, Infinity, 1]), 2, 5, {
      paramNames: ['a', 'b'],
      scale: 1,
    });
    expect(viaN.finite).toBe(false);
    expect(viaN.diagnostics[0]).toMatch(/JᵀJ holds NaN/);
  });

  it('makes every variance infinite when the scale is (no degrees of freedom)', () => {
    const cov = covarianceFromJacobian(new Float64Array([1, 0, 0, 1]), 2, 2, {
      paramNames: ['a', 'b'],
      scale: Infinity,
    });
    expect(cov.stdErrors[0]).toBe(Infinity);
    expect(cov.correlation[0]).toBe(1);
  });

  it('handles p = 0 and p = 1', () => {
    const none = covarianceFromJacobian(new Float64Array(0), 3, 0, { paramNames: [], scale: 1 });
    expect(none.rank).toBe(0);
    expect(none.stdErrors.length).toBe(0);
    const one = covarianceFromJacobian(new Float64Array([3, 4]), 2, 1, { paramNames: ['a'], scale: 2 });
    expect(one.stdErrors[0]).toBeCloseTo(Math.sqrt(2 / 25), 15);
  });
});

describe('Jacobi decompositions', () => {
  it('SVD reconstructs singular values of a known matrix', () => {
    // [[3, 0], [4, 5]] has singular values √45 and √5.
    const svd = singularValueDecomposition(new Float64Array([3, 0, 4, 5]), 2, 2);
    expect(svd.values[0]).toBeCloseTo(Math.sqrt(45), 14);
    expect(svd.values[1]).toBeCloseTo(Math.sqrt(5), 14);
  });

  it('eigen-decomposition satisfies A v = λ v', () => {
    const a = new Float64Array([4, 1, 2, 1, 3, 0.5, 2, 0.5, 6]);
    const { values, vectors } = symmetricEigen(3, a);
    expect(values[0]).toBeGreaterThanOrEqual(values[1]);
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < 3; i++) {
        let av = 0;
        for (let j = 0; j < 3; j++) av += a[i * 3 + j] * vectors[j * 3 + k];
        expect(av).toBeCloseTo(values[k] * vectors[i * 3 + k], 13);
      }
    }
    expect(values[0] + values[1] + values[2]).toBeCloseTo(13, 13);
  });

  it('Givens factor satisfies RᵀR = JᵀJ and flags non-finite input', () => {
    const jac = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 10, 0, 1, 1]);
    const { r, finite } = triangularFactor(jac, 4, 3);
    expect(finite).toBe(true);
    const jtj = normalMatrix(jac, 4, 3);
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += r[k * 3 + a] * r[k * 3 + b];
        expect(s).toBeCloseTo(jtj[a * 3 + b], 12);
      }
    }
    expect(triangularFactor(new Float64Array([1, Infinity]), 1, 2).finite).toBe(false);
  });

  it('correlationFromCovariance clamps and zeroes undefined entries', () => {
    const c = correlationFromCovariance(new Float64Array([4, 6.0000001, 0, 6.0000001, 9, 0, 0, 0, 0]), 3);
    expect(c[1]).toBeLessThanOrEqual(1);
    expect(c[8]).toBe(0);
    expect(c[2]).toBe(0);
  });
});

describe('covarianceFromFactor', () => {
  it('accepts a pivoted R from the solver (J·P = Q·R)', () => {
    const jac = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 10, 0, 1, 1]);
    const direct = covarianceFromJacobian(jac, 4, 3, { paramNames: ['a', 'b', 'c'], scale: 1 });
    // Permute columns (c, a, b), factor, and hand R back with its permutation.
    const perm = [2, 0, 1];
    const permuted = new Float64Array(12);
    for (let i = 0; i < 4; i++) for (let k = 0; k < 3; k++) permuted[i * 3 + k] = jac[i * 3 + perm[k]];
    const { r } = triangularFactor(permuted, 4, 3);
    const viaR = covarianceFromFactor(r, 3, 4, { paramNames: ['a', 'b', 'c'], scale: 1, permutation: perm });
    direct.covariance.forEach((c, i) => expect(viaR.covariance[i]).toBeCloseTo(c, 12));
    expect(covarianceFromFactor(new Float64Array([NaN]), 1, 3, { paramNames: ['a'], scale: 1 }).finite).toBe(false);
  });
});
