/**
 * Small dense decompositions by Jacobi rotations (p × p, p ≲ 100): one-sided Jacobi SVD
 * and the cyclic Jacobi symmetric eigen-solver. Both stop on a relative off-diagonal test,
 * which keeps small singular values/eigenvalues of graded matrices accurate
 * (Demmel & Veselić 1992) — what the covariance of badly scaled parameters needs.
 */

const EPS = 2.220446049250313e-16;
const MAX_SWEEPS = 60;

export interface SingularValueDecomposition {
  /** Singular values, descending. */
  values: Float64Array;
  /** Right singular vectors, n × n row-major: column k pairs with values[k]. */
  vectors: Float64Array;
}

export interface EigenDecomposition {
  /** Eigenvalues, descending. */
  values: Float64Array;
  /** Eigenvectors, n × n row-major: column k pairs with values[k]. */
  vectors: Float64Array;
}

/** Singular values and right singular vectors of a row-major rows × n matrix (rows ≥ 1). */
export function singularValueDecomposition(a: Float64Array, rows: number, n: number): SingularValueDecomposition {
  // Work on columns stored contiguously: cols[j*rows + i] = a[i][j].
  const cols = new Float64Array(rows * n);
  for (let i = 0; i < rows; i++) for (let j = 0; j < n; j++) cols[j * rows + i] = a[i * n + j];
  const v = identity(n);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let i = 0; i < n - 1; i++) {
      for (let j = i + 1; j < n; j++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        const ci = i * rows;
        const cj = j * rows;
        for (let k = 0; k < rows; k++) {
          const x = cols[ci + k];
          const y = cols[cj + k];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let k = 0; k < rows; k++) {
          const x = cols[ci + k];
          const y = cols[cj + k];
          cols[ci + k] = c * x - s * y;
          cols[cj + k] = s * x + c * y;
        }
        rotateColumns(v, n, i, j, c, s);
      }
    }
    if (!rotated) break;
  }
  const values = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let k = 0; k < rows; k++) sum += cols[j * rows + k] ** 2;
    values[j] = Math.sqrt(sum);
  }
  return sortDescending(values, v, n);
}

/** Eigen-decomposition of a symmetric row-major n × n matrix (only the upper triangle is read). */
export function symmetricEigen(matrix: Float64Array, n: number): EigenDecomposition {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      a[i * n + j] = matrix[i * n + j];
      a[j * n + i] = matrix[i * n + j];
    }
  }
  const v = identity(n);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        const app = a[p * n + p];
        const aqq = a[q * n + q];
        if (apq === 0 || Math.abs(apq) <= EPS * Math.sqrt(Math.abs(app * aqq))) continue;
        rotated = true;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        // A ← Gᵀ A G on rows/columns p and q.
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        rotateColumns(v, n, p, q, c, s);
      }
    }
    if (!rotated) break;
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i];
  return sortDescending(values, v, n);
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

function rotateColumns(v: Float64Array, n: number, i: number, j: number, c: number, s: number): void {
  for (let k = 0; k < n; k++) {
    const x = v[k * n + i];
    const y = v[k * n + j];
    v[k * n + i] = c * x - s * y;
    v[k * n + j] = s * x + c * y;
  }
}

function sortDescending(values: Float64Array, v: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const order = Array.from({ length: n }, (_, k) => k).sort((x, y) => values[y] - values[x]);
  const sortedValues = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    sortedValues[to] = values[from];
    for (let k = 0; k < n; k++) vectors[k * n + to] = v[k * n + from];
  });
  return { values: sortedValues, vectors };
}
