/**
 * Cholesky factorization of small symmetric positive definite matrices (row-major n × n).
 * Used by the normal-equation LM step (GPU evaluators and very large n) and by callers
 * that want (JᵀJ)⁻¹. Failure is a flag, not an exception: a matrix that is not positive
 * definite in floating point is an expected outcome (rank-deficient Jacobians).
 */

/**
 * Factors A = L·Lᵀ. Reads the lower triangle of `a`, writes L into `l` (upper triangle
 * zeroed; `l` may be `a`). Returns false when a pivot is not positive and finite.
 */
export function choleskyFactor(n: number, a: Float64Array, l: Float64Array): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / ljj;
    }
    for (let i = 0; i < j; i++) l[i * n + j] = 0;
  }
  return true;
}

/** Solves L·y = b in place (b becomes y). */
export function forwardSubstitute(n: number, l: Float64Array, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * b[k];
    b[i] = s / l[i * n + i];
  }
}

/** Solves Lᵀ·x = y in place (y becomes x). */
export function backSubstituteTransposed(n: number, l: Float64Array, y: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * y[k];
    y[i] = s / l[i * n + i];
  }
}

/** Solves A·x = b given A's Cholesky factor L; b is overwritten with x. */
export function choleskySolve(n: number, l: Float64Array, b: Float64Array): void {
  forwardSubstitute(n, l, b);
  backSubstituteTransposed(n, l, b);
}

/**
 * Inverse of an SPD matrix into `out` (row-major n × n). Returns false when the Cholesky
 * factorization fails (the caller then falls back to a pseudo-inverse).
 */
export function choleskyInverse(n: number, a: Float64Array, out: Float64Array): boolean {
  const l = new Float64Array(n * n);
  if (!choleskyFactor(n, a, l)) return false;
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    col.fill(0);
    col[j] = 1;
    choleskySolve(n, l, col);
    for (let i = 0; i < n; i++) out[i * n + j] = col[i];
  }
  return true;
}

/**
 * Upper bound on the condition number of JᵀJ after scaling its diagonal to 1 (the
 * correlation form, which is what limits Cholesky's accuracy: van der Sluis): with
 * C = D⁻¹·A·D⁻¹, cond(C) ≤ trace(C)·trace(C⁻¹) = n·‖L⁻¹‖²_F. Within a factor n² of the
 * true value. Infinity when C is not numerically positive definite.
 */
export function scaledConditionBound(n: number, a: Float64Array): number {
  const c = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const djj = a[j * n + j];
    if (!(djj > 0) || !Number.isFinite(djj)) return Infinity;
  }
  for (let j = 0; j < n; j++)
    for (let k = 0; k < n; k++) c[j * n + k] = a[j * n + k] / Math.sqrt(a[j * n + j] * a[k * n + k]);
  if (!choleskyFactor(n, c, c)) return Infinity;
  let frob = 0;
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    col.fill(0);
    col[j] = 1;
    forwardSubstitute(n, c, col);
    for (let i = 0; i < n; i++) frob += col[i] * col[i];
  }
  return Number.isFinite(frob) ? n * frob : Infinity;
}
