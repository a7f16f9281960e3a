/**
 * Small dense decompositions by Jacobi rotations (n ≲ 100): the cyclic Jacobi symmetric
 * eigensolver and the one-sided (Hestenes) thin SVD. Both stop on a relative off-diagonal
 * test, which keeps the small eigenvalues/singular values of graded matrices accurate
 * (Demmel & Veselić 1992): what the trust-region subproblem and the covariance of badly
 * scaled parameters need. One implementation for the solver and the statistics.
 */

const MAX_SWEEPS = 60;

export interface SymmetricEigen {
  /** Eigenvalues, descending. */
  values: Float64Array;
  /** Row-major n × n; column k is the unit eigenvector of values[k]. */
  vectors: Float64Array;
}

/** Eigen-decomposition of a symmetric row-major n × n matrix (only the upper triangle is read). */
export function symmetricEigen(n: number, matrix: ArrayLike<number>): SymmetricEigen {
  const v = identity(n);
  const values = jacobiDiagonalize(n, matrix, v);
  return sortDescending(values, v, n);
}

/**
 * The eigenvalues alone, descending: the same rotations as {@link symmetricEigen} (so the
 * same values, bit for bit) without accumulating the eigenvectors.
 */
export function symmetricEigenvalues(n: number, matrix: ArrayLike<number>): Float64Array {
  return jacobiDiagonalize(n, matrix, null).sort((x, y) => y - x);
}

/** Cyclic Jacobi on a copy of `matrix`; the rotations are applied to `v` when given. Returns the diagonal. */
function jacobiDiagonalize(n: number, matrix: ArrayLike<number>, v: Float64Array | null): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      a[i * n + j] = matrix[i * n + j];
      a[j * n + i] = matrix[i * n + j];
    }
  }
  // Index arithmetic is hoisted out of the rotation loops: this runs once or twice per fit, so
  // in a new process it runs unoptimized, where every bytecode counts. Same operations, same bits.
  const nn = n * n;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      const rowP = p * n;
      for (let q = p + 1; q < n; q++) {
        const rowQ = q * n;
        const apq = a[rowP + q];
        const app = a[rowP + p];
        const aqq = a[rowQ + q];
        if (apq === 0 || Math.abs(apq) <= Number.EPSILON * Math.sqrt(Math.abs(app * aqq))) continue;
        rotated = true;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        // A ← Gᵀ A G on columns p and q, then rows p and q.
        for (let kp = p, kq = q; kp < nn; kp += n, kq += n) {
          const akp = a[kp];
          const akq = a[kq];
          a[kp] = c * akp - s * akq;
          a[kq] = s * akp + c * akq;
        }
        for (let kp = rowP, kq = rowQ, end = rowP + n; kp < end; kp++, kq++) {
          const apk = a[kp];
          const aqk = a[kq];
          a[kp] = c * apk - s * aqk;
          a[kq] = s * apk + c * aqk;
        }
        if (v) rotateColumns(v, n, p, q, c, s);
      }
    }
    if (!rotated) break;
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i];
  return values;
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
        if (gamma === 0 || Math.abs(gamma) <= Number.EPSILON * Math.sqrt(alpha * beta)) continue;
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

/** Singular values and right singular vectors of a row-major rows × n matrix (rows ≥ n). */
export function singularValueDecomposition(a: ArrayLike<number>, rows: number, n: number): SymmetricEigen {
  const cols = new Float64Array(rows * n);
  for (let i = 0; i < rows; i++) for (let j = 0; j < n; j++) cols[j * rows + i] = a[i * n + j];
  const { s, v } = thinSvd(rows, n, cols);
  return { values: s, vectors: v };
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

function rotateColumns(v: Float64Array, n: number, i: number, j: number, c: number, s: number): void {
  const nn = n * n;
  for (let ki = i, kj = j; ki < nn; ki += n, kj += n) {
    const x = v[ki];
    const y = v[kj];
    v[ki] = c * x - s * y;
    v[kj] = s * x + c * y;
  }
}

function sortDescending(
  values: Float64Array,
  v: Float64Array,
  n: number,
): { values: Float64Array; vectors: Float64Array } {
  const order = Array.from({ length: n }, (_, k) => k).sort((x, y) => values[y] - values[x]);
  const sortedValues = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    sortedValues[to] = values[from];
    for (let k = 0; k < n; k++) vectors[k * n + to] = v[k * n + from];
  });
  return { values: sortedValues, vectors };
}
