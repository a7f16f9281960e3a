/**
 * Correlated errors (scipy curve_fit's 2-D `sigma`): y has covariance Σ = L·Lᵀ, and the fit
 * minimizes the whitened residuals r = L⁻¹(y − f) with Jacobian −L⁻¹·∂f/∂θ. The factor comes
 * from a Cholesky decomposition; a matrix that is not symmetric positive definite is a clear
 * SIGMA_INVALID. Robust losses apply to the whitened residuals, as scipy's do.
 */
import type { LossName, NumericArray } from '../api-types';
import { FitbenchError } from '../errors';
import type { CompiledModel } from '../model/compiled-model';
import { createCpuEvaluator, type CpuEvaluator } from '../solver/cpu-evaluator';
import { choleskyFactor, forwardSubstitute } from '../numerics/dense-cholesky';
import type { Evaluator } from '../solver/evaluator';
import { createLoss, robustScaling } from '../solver/loss-functions';

/** True when `sigma` is a list of rows (a matrix) rather than one σ per point. */
export function isSigmaMatrix(sigma: unknown): sigma is readonly NumericArray[] {
  return Array.isArray(sigma) && sigma.length > 0 && (Array.isArray(sigma[0]) || ArrayBuffer.isView(sigma[0]));
}

/** Checks an n × n covariance matrix and returns its lower Cholesky factor (row-major). */
export function covarianceFactor(rows: readonly NumericArray[], n: number, label = 'sigma'): Float64Array {
  if (rows.length !== n)
    throw new FitbenchError(
      'DATA_LENGTH_MISMATCH',
      `${label} is a matrix with ${rows.length} rows but y has ${n} values: a covariance matrix must be ${n} × ${n}`,
      { column: label, expected: n, actual: rows.length },
    );
  const a = new Float64Array(n * n);
  rows.forEach((row, i) => {
    if (!row || row.length !== n)
      throw new FitbenchError(
        'DATA_LENGTH_MISMATCH',
        `row ${i + 1} of the ${label} matrix has ${row ? row.length : 0} entries; a covariance matrix must be ${n} × ${n}`,
        { column: label, row: i + 1 },
      );
    for (let j = 0; j < n; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new FitbenchError(
          'SIGMA_INVALID',
          `the ${label} matrix holds ${String(v)} at row ${i + 1}, column ${j + 1}: entries must be finite`,
          { column: label, row: i + 1 },
        );
      a[i * n + j] = v;
    }
  });
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const u = a[i * n + j];
      const v = a[j * n + i];
      if (Math.abs(u - v) > 1e-10 * Math.max(Math.abs(u), Math.abs(v), Math.sqrt(a[i * n + i] * a[j * n + j])))
        throw new FitbenchError(
          'SIGMA_INVALID',
          `the ${label} matrix is not symmetric: entry (${i + 1}, ${j + 1}) is ${u} but (${j + 1}, ${i + 1}) is ${v}`,
          { column: label, row: i + 1 },
        );
    }
  const l = new Float64Array(n * n);
  if (!choleskyFactor(n, a, l))
    throw new FitbenchError(
      'SIGMA_INVALID',
      `the ${label} matrix is not positive definite (its Cholesky factorization fails): a covariance matrix must have positive variances and |correlations| < 1`,
      { column: label },
    );
  return l;
}

/** L⁻¹·v for a lower factor (copy). */
export function whiten(l: Float64Array, v: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(v);
  forwardSubstitute(out.length, l, out);
  return out;
}

/** Square roots of the diagonal of Σ = L·Lᵀ: the marginal σ of each point. */
export function marginalSigma(l: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k <= i; k++) s += l[i * n + k] ** 2;
    out[i] = Math.sqrt(s);
  }
  return out;
}

export interface WhitenedEvaluatorOptions {
  model: CompiledModel;
  predictors: readonly Float64Array[];
  y: Float64Array;
  /** Lower Cholesky factor of the covariance of y (row-major n × n). */
  factor: Float64Array;
  loss?: LossName;
  fScale?: number;
  fixed?: Readonly<Record<string, number>>;
}

/** A synchronous dense evaluator (the CPU evaluator's shape): what the global fit stacks. */
export interface SyncDenseEvaluator extends Evaluator {
  linearize(params: Float64Array, residuals: Float64Array, jacobian: Float64Array): number;
  cost(params: Float64Array): number;
  normalEquations(params: Float64Array, jtj: Float64Array, jtr: Float64Array): number;
  residuals(params: Float64Array, out: Float64Array): void;
}

/** A dense CPU evaluator of the whitened residuals L⁻¹(y − f). */
export function createWhitenedEvaluator(options: WhitenedEvaluatorOptions): SyncDenseEvaluator {
  const { factor: l } = options;
  const inner: CpuEvaluator = createCpuEvaluator({
    model: options.model,
    predictors: options.predictors,
    y: options.y,
    fixed: options.fixed,
  });
  const m = inner.numResiduals;
  const p = inner.numParameters;
  const loss = createLoss(options.loss ?? 'linear', options.fScale ?? 1);
  const robust = loss.name !== 'linear';
  const rho = new Float64Array(3);
  const fac = new Float64Array(2);
  let r = new Float64Array(0);
  let jac = new Float64Array(0);

  /** Whitened residuals in `out` (linear loss, for statistics). */
  const whitenedResiduals = (params: Float64Array, out: Float64Array): void => {
    inner.residuals(params, out);
    forwardSubstitute(m, l, out);
  };
  const costOf = (res: Float64Array): number => {
    let c = 0;
    for (let i = 0; i < m; i++) {
      if (robust) {
        loss.evaluate(res[i] * res[i], rho);
        c += 0.5 * rho[0];
      } else c += 0.5 * res[i] * res[i];
    }
    return Number.isFinite(c) ? c : NaN;
  };
  const linearize = (params: Float64Array, residuals: Float64Array, jacobian: Float64Array): number => {
    inner.linearize(params, residuals, jacobian);
    forwardSubstitute(m, l, residuals);
    // Rows of L⁻¹·J by forward substitution over whole rows: J_i ← (J_i − Σ_{k<i} L_ik J_k)/L_ii.
    for (let i = 0; i < m; i++) {
      const o = i * p;
      for (let k = 0; k < i; k++) {
        const lik = l[i * m + k];
        if (lik === 0) continue;
        const ok = k * p;
        for (let j = 0; j < p; j++) jacobian[o + j] -= lik * jacobian[ok + j];
      }
      const d = l[i * m + i];
      for (let j = 0; j < p; j++) jacobian[o + j] /= d;
    }
    const cost = costOf(residuals);
    if (robust)
      for (let i = 0; i < m; i++) {
        const ri = residuals[i];
        loss.evaluate(ri * ri, rho);
        robustScaling(ri, rho, fac);
        residuals[i] = ri * fac[0];
        for (let j = 0; j < p; j++) jacobian[i * p + j] *= fac[1];
      }
    return cost;
  };
  return {
    numResiduals: m,
    numParameters: p,
    paramNames: inner.paramNames,
    kind: 'dense',
    backend: 'cpu',
    cost(params) {
      if (r.length !== m) r = new Float64Array(m);
      whitenedResiduals(params, r);
      return costOf(r);
    },
    residuals: whitenedResiduals,
    linearize,
    normalEquations(params, jtj, jtr) {
      if (r.length !== m) r = new Float64Array(m);
      if (jac.length !== m * p) jac = new Float64Array(m * p);
      const cost = linearize(params, r, jac);
      jtj.fill(0);
      jtr.fill(0);
      for (let i = 0; i < m; i++) {
        const o = i * p;
        for (let a = 0; a < p; a++) {
          const ja = jac[o + a];
          jtr[a] += ja * r[i];
          for (let b = a; b < p; b++) jtj[a * p + b] += ja * jac[o + b];
        }
      }
      for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) jtj[a * p + b] = jtj[b * p + a];
      return cost;
    },
  };
}
