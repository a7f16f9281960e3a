/**
 * The solver's view of the Jacobi decompositions (src/core/linalg) plus the symmetric
 * pseudo-inverse built on them.
 */
import { symmetricEigen } from '../numerics/jacobi-decompositions';

export { symmetricEigen, thinSvd, type SymmetricEigen, type ThinSvd } from '../numerics/jacobi-decompositions';

const EPS = 2.220446049250313e-16;

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
