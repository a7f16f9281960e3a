/**
 * Small dense spectral decompositions by Jacobi rotations: a symmetric eigensolver and a
 * one-sided (Hestenes) SVD. Both are accurate to working precision in the small singular
 * values, which is what the trust-region subproblem and the covariance pseudo-inverse need;
 * O(n³) per sweep, meant for n ≲ 30 parameters.
 */

const EPS = 2.220446049250313e-16;
const MAX_SWEEPS = 60;

export interface SymmetricEigen {
  /** Eigenvalues in descending order. */
  values: Float64Array;
  /** Row-major n × n; column k is the unit eigenvector of values[k]. */
  vectors: Float64Array;
}

/** Eigen-decomposition of a symmetric matrix (row-major n × n; only read, not modified). */
export function symmetricEigen(n: number, a: ArrayLike<number>): SymmetricEigen {
  const w = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += w[i * n + i] * w[i * n + i];
      for (let j = i + 1; j < n; j++) off += w[i * n + j] * w[i * n + j];
    }
    if (off <= EPS * EPS * diag || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = w[p * n + q];
        if (apq === 0) continue;
        const app = w[p * n + p];
        const aqq = w[q * n + q];
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = w[k * n + p];
          const akq = w[k * n + q];
          w[k * n + p] = c * akp - s * akq;
          w[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = w[p * n + k];
          const aqk = w[q * n + k];
          w[p * n + k] = c * apk - s * aqk;
          w[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => w[j * n + j] - w[i * n + i]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, k) => {
    values[k] = w[src * n + src];
    for (let i = 0; i < n; i++) vectors[i * n + k] = v[i * n + src];
  });
  return { values, vectors };
}

export interface ThinSvd {
  /** Singular values, descending. */
  s: Float64Array;
  /** m × n column-major left singular vectors (columns for zero singular values are 0). */
  u: Float64Array;
  /** Row-major n × n; column k is the right singular vector of s[k]. */
  v: Float64Array;
}

/**
 * Thin SVD A = U·diag(s)·Vᵀ of a column-major m × n matrix (m ≥ n) by one-sided Jacobi:
 * columns are rotated pairwise until mutually orthogonal. `a` is not modified.
 */
export function thinSvd(m: number, n: number, a: ArrayLike<number>): ThinSvd {
  const u = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        const op = p * m;
        const oq = q * m;
        for (let i = 0; i < m; i++) {
          const up = u[op + i];
          const uq = u[oq + i];
          alpha += up * up;
          beta += uq * uq;
          gamma += up * uq;
        }
        if (gamma === 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const up = u[op + i];
          const uq = u[oq + i];
          u[op + i] = c * up - s * uq;
          u[oq + i] = s * up + c * uq;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
    if (!rotated) break;
  }
  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let ss = 0;
    for (let i = 0; i < m; i++) ss += u[j * m + i] * u[j * m + i];
    norms[j] = Math.sqrt(ss);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => norms[j] - norms[i]);
  const s = new Float64Array(n);
  const uo = new Float64Array(m * n);
  const vo = new Float64Array(n * n);
  order.forEach((src, k) => {
    s[k] = norms[src];
    if (norms[src] > 0) for (let i = 0; i < m; i++) uo[k * m + i] = u[src * m + i] / norms[src];
    for (let i = 0; i < n; i++) vo[i * n + k] = v[i * n + src];
  });
  return { s, u: uo, v: vo };
}

/**
 * Moore–Penrose pseudo-inverse of a symmetric positive semi-definite matrix (row-major),
 * dropping eigenvalues below rcond·λ_max. Returns the inverse and the number of dropped
 * directions (0 when the matrix is numerically non-singular).
 */
export function symmetricPseudoInverse(
  n: number,
  a: ArrayLike<number>,
  rcond = n * EPS,
): { inverse: Float64Array; rankDeficiency: number } {
  const { values, vectors } = symmetricEigen(n, a);
  const cutoff = rcond * Math.max(0, values[0] ?? 0);
  const inverse = new Float64Array(n * n);
  let rankDeficiency = 0;
  for (let k = 0; k < n; k++) {
    if (!(values[k] > cutoff)) {
      rankDeficiency++;
      continue;
    }
    const inv = 1 / values[k];
    for (let i = 0; i < n; i++) {
      const vik = vectors[i * n + k] * inv;
      for (let j = 0; j < n; j++) inverse[i * n + j] += vik * vectors[j * n + k];
    }
  }
  return { inverse, rankDeficiency };
}
