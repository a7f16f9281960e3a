/**
 * Triangular factor R of a tall row-major matrix J (m × p) such that JᵀJ = RᵀR, computed
 * row by row with Givens rotations: one pass over J, O(p²) memory, no copy of J. Givens
 * (like Householder) is backward stable column by column, so R keeps the accuracy of badly
 * scaled columns, which the covariance of poorly scaled parameters depends on.
 */
export interface TriangularFactor {
  /** p × p upper triangular, row-major. */
  r: Float64Array;
  /** False when J holds a NaN or ±Infinity (R is then meaningless). */
  finite: boolean;
}

/** R from J (row-major m × p). */
export function triangularFactor(jacobian: Float64Array, m: number, p: number): TriangularFactor {
  const r = new Float64Array(p * p);
  const w = new Float64Array(p);
  let finite = true;
  for (let i = 0; i < m; i++) {
    const base = i * p;
    for (let k = 0; k < p; k++) {
      const v = jacobian[base + k];
      if (!Number.isFinite(v)) finite = false;
      w[k] = v;
    }
    if (!finite) break;
    for (let j = 0; j < p; j++) {
      const wj = w[j];
      if (wj === 0) continue;
      const rjj = r[j * p + j];
      let h = Math.sqrt(rjj * rjj + wj * wj);
      // Squares can overflow or underflow for extreme entries; hypot is slow but safe.
      if (!Number.isFinite(h) || h === 0) h = Math.hypot(rjj, wj);
      const c = rjj / h;
      const s = wj / h;
      r[j * p + j] = h;
      const row = j * p;
      for (let k = j + 1; k < p; k++) {
        const rk = r[row + k];
        const wk = w[k];
        r[row + k] = c * rk + s * wk;
        w[k] = c * wk - s * rk;
      }
    }
  }
  return { r, finite };
}
