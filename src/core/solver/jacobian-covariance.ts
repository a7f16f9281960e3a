/**
 * (JᵀJ)⁻¹ from the Jacobian itself rather than from the formed normal matrix: columns
 * are equilibrated, factored by pivoted QR, and R's SVD gives the (pseudo-)inverse. This
 * loses digits as cond(J), not cond(J)² — the difference between 6 and 0 correct digits
 * in the standard errors of Hahn1, MGH09 or Thurber.
 */
import { createQrWorkspace, qrFactor } from '../numerics/dense-qr';
import { thinSvd } from './dense-svd';

const EPS = 2.220446049250313e-16;

export interface NormalInverse {
  /** (JᵀJ)⁻¹ (pseudo-inverse when rank-deficient), row-major p × p. */
  inverse: Float64Array;
  /** Number of singular directions dropped (0: full rank). */
  rankDeficiency: number;
  /** 2-norm condition number of the column-equilibrated Jacobian. */
  condition: number;
}

/**
 * Inverse of JᵀJ for a row-major m × p Jacobian (m ≥ p). Singular values of the
 * equilibrated J below rcond·s_max are dropped (default p·m·ε, scipy's pinv cut-off in
 * curve_fit is comparable).
 */
export function inverseNormalMatrix(
  m: number,
  p: number,
  jac: Float64Array,
  rcond = EPS * Math.max(m, p),
): NormalInverse {
  const ws = createQrWorkspace(m, p);
  const colScale = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += jac[i * p + j] * jac[i * p + j];
    colScale[j] = s > 0 ? Math.sqrt(s) : 1;
    for (let i = 0; i < m; i++) ws.a[i + j * m] = jac[i * p + j] / colScale[j];
  }
  qrFactor(ws, true);
  const r = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < j; i++) r[i + j * p] = ws.a[i + j * m];
    r[j + j * p] = ws.rdiag[j];
  }
  const { s, v } = thinSvd(p, p, r);
  const cutoff = rcond * s[0];
  const inverse = new Float64Array(p * p);
  let rankDeficiency = 0;
  // (AᵀA)⁺ = P·V·S⁻²·Vᵀ·Pᵀ for A = J·C⁻¹ = Q·R·Pᵀ, then (JᵀJ)⁻¹ = C⁻¹·(AᵀA)⁺·C⁻¹.
  for (let k = 0; k < p; k++) {
    if (!(s[k] > cutoff)) {
      rankDeficiency++;
      continue;
    }
    const w = 1 / (s[k] * s[k]);
    for (let a = 0; a < p; a++) {
      const ia = ws.ipvt[a];
      const va = v[a * p + k] * w;
      for (let b = 0; b < p; b++) {
        const ib = ws.ipvt[b];
        inverse[ia * p + ib] += va * v[b * p + k];
      }
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) inverse[a * p + b] /= colScale[a] * colScale[b];
  const condition = s[p - 1] > 0 ? s[0] / s[p - 1] : Infinity;
  return { inverse, rankDeficiency, condition };
}
