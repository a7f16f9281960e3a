/**
 * Fisher's F and the χ² distribution: CDF and upper tail, as scipy.stats.f and scipy.stats.chi2
 * compute them, for the extra-sum-of-squares F test, lmfit's profile probabilities and
 * likelihood-ratio tests. Both tails are computed directly from the regularized incomplete
 * beta/gamma, so a p-value of 1e-70 keeps its relative accuracy instead of becoming 1 − 1.
 */
import { regularizedGammaP, regularizedGammaQ, regularizedIncompleteBeta } from '../numerics/gamma-functions';

function validF(x: number, dfn: number, dfd: number): boolean {
  return !Number.isNaN(x) && dfn > 0 && dfd > 0 && !Number.isNaN(dfn) && !Number.isNaN(dfd);
}

/** P(F ≤ x) for F with (dfn, dfd) degrees of freedom. */
export function fisherFCdf(x: number, dfn: number, dfd: number): number {
  if (!validF(x, dfn, dfd)) return NaN;
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  // I_{u}(dfn/2, dfd/2) with u = dfn·x/(dfn·x + dfd); both u and 1 − u formed without subtraction.
  const nx = dfn * x;
  return regularizedIncompleteBeta(dfn / 2, dfd / 2, nx / (nx + dfd), dfd / (nx + dfd));
}

/** P(F > x), the p-value of an F statistic. */
export function fisherFSf(x: number, dfn: number, dfd: number): number {
  if (!validF(x, dfn, dfd)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  const nx = dfn * x;
  return regularizedIncompleteBeta(dfd / 2, dfn / 2, dfd / (nx + dfd), nx / (nx + dfd));
}

/** P(X ≤ x) for X ~ χ²(k). */
export function chiSquareCdf(x: number, k: number): number {
  if (Number.isNaN(x) || !(k > 0)) return NaN;
  if (x <= 0) return 0;
  return regularizedGammaP(k / 2, x / 2);
}

/** P(X > x) for X ~ χ²(k). */
export function chiSquareSf(x: number, k: number): number {
  if (Number.isNaN(x) || !(k > 0)) return NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(k / 2, x / 2);
}
