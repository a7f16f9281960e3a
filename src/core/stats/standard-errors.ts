/**
 * Standard errors alone from JᵀJ, for the batch path (which reports nothing else): the
 * Cholesky factor of the unit-diagonal matrix C = D⁻¹·JᵀJ·D⁻¹ gives diag(C⁻¹) in O(p³)
 * without the two eigen-decompositions of covarianceFromNormalMatrix. Only used where that
 * function would keep every eigenvalue (full rank, well conditioned), where both are the
 * same inverse to rounding; everything else goes through it unchanged.
 */
import { choleskyFactor } from '../numerics/dense-cholesky';
import { covarianceFromNormalMatrix } from './covariance';

/**
 * Writes √(scale·[(JᵀJ)⁻¹]_ii) into `out` (length p) for p × p row-major `jtj` from m
 * residuals; scale Infinity (no degrees of freedom) gives Infinity, as scipy does.
 */
export function standardErrorsFromNormalMatrix(
  jtj: Float64Array,
  p: number,
  m: number,
  scale: number,
  paramNames: readonly string[],
  out: Float64Array,
): void {
  if (!fastStandardErrors(jtj, p, m, scale, out)) {
    const cov = covarianceFromNormalMatrix(jtj.slice(), p, m, { paramNames, scale });
    out.set(cov.stdErrors);
  }
}

function fastStandardErrors(jtj: Float64Array, p: number, m: number, scale: number, out: Float64Array): boolean {
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    const d = jtj[j * p + j];
    if (!(d > 0) || !Number.isFinite(d)) return false;
  }
  for (let j = 0; j < p; j++) {
    for (let k = 0; k <= j; k++) {
      const v = jtj[j * p + k] / Math.sqrt(jtj[j * p + j] * jtj[k * p + k]);
      if (!Number.isFinite(v)) return false;
      l[j * p + k] = v;
    }
  }
  if (!choleskyFactor(p, l, l)) return false;
  // diag(C⁻¹)_i = Σ_k (L⁻¹)_ki²: forward substitution of each unit vector.
  const diag = new Float64Array(p);
  const col = new Float64Array(p);
  let trace = 0;
  for (let i = 0; i < p; i++) {
    col.fill(0);
    col[i] = 1;
    for (let r = i; r < p; r++) {
      let s = col[r];
      for (let k = i; k < r; k++) s -= l[r * p + k] * col[k];
      col[r] = s / l[r * p + r];
      diag[i] += col[r] * col[r];
    }
  }
  for (let i = 0; i < p; i++) trace += diag[i];
  // cond(C) ≤ trace(C)·trace(C⁻¹) = p·trace(C⁻¹); the eigen path drops eigenvalues below
  // eps·max(m, p)·λ_max, so stay a factor 100 inside that (and inside 1e10 in any case).
  const limit = Math.min(1e10, 0.01 / (Number.EPSILON * Math.max(m, p)));
  if (!(p * trace <= limit)) return false;
  for (let i = 0; i < p; i++)
    out[i] = scale === Infinity ? Infinity : Math.sqrt(Math.max(0, (scale * diag[i]) / jtj[i * p + i]));
  return true;
}
