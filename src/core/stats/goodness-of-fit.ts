/**
 * Goodness-of-fit statistics from the weighted residuals r_i = (y_i − f_i)/σ_i.
 *
 * - χ² = Σ r², dof = n − k (k = free parameters), reduced χ² = χ²/max(1, dof) (lmfit's
 *   convention, finite even when n = k).
 * - R² = 1 − SS_res/SS_tot. Without sigma: SS_res = Σ (y − f)², SS_tot = Σ (y − ȳ)².
 *   With sigma it is the weighted R² with weights 1/σ²: SS_res = χ², SS_tot = Σ ((y − ȳ_w)/σ)²,
 *   ȳ_w the weighted mean. When SS_tot = 0 (constant y), R² is 1 for a perfect fit and 0
 *   otherwise (scikit-learn's convention), so it is always finite.
 * - AIC = n·ln(χ²/n) + 2k, BIC = n·ln(χ²/n) + ln(n)·k exactly as lmfit computes them,
 *   including its floor χ² ≥ 1e-250·n so a perfect fit gives finite values.
 */
import type { NumericArray } from '../api-types';

export interface GoodnessOfFitInput {
  /** Observed y, length n. */
  y: NumericArray;
  /** Weighted residuals (y − f)/σ, length n (plain y − f when there is no sigma). */
  weightedResiduals?: NumericArray;
  /**
   * χ² = Σ r² when the caller already has it (2·cost of a linear-loss fit): then the
   * residuals are not needed, since R² needs only χ² and the data.
   */
  chiSquare?: number;
  /** Standard deviations, length n, when the fit was weighted. */
  sigma?: NumericArray;
  /** Number of free (varied) parameters k. */
  numFreeParams: number;
  /**
   * SS_tot of y (see {@link totalSumOfSquares}) when the caller already has it: a fit asks
   * for R² more than once over the same data.
   */
  totalSumOfSquares?: number;
}

export interface GoodnessOfFit {
  chiSquare: number;
  reducedChiSquare: number;
  rSquared: number;
  aic: number;
  bic: number;
  dof: number;
  nPoints: number;
}

/** χ², reduced χ², R², AIC, BIC and dof (see the module comment for the definitions). */
export function goodnessOfFit(input: GoodnessOfFitInput): GoodnessOfFit {
  const { y, weightedResiduals: r, sigma, numFreeParams: k } = input;
  const n = r ? r.length : y.length;
  let chiSquare = input.chiSquare ?? 0;
  if (input.chiSquare === undefined) {
    if (!r) throw new Error('goodnessOfFit needs weightedResiduals or chiSquare');
    for (let i = 0; i < n; i++) chiSquare += r[i] * r[i];
  }
  const dof = n - k;
  const reducedChiSquare = chiSquare / Math.max(1, dof);
  const rSquared = rSquaredFrom(chiSquare, input.totalSumOfSquares ?? totalSumOfSquares(y, sigma));
  const floored = Math.max(chiSquare, 1e-250 * n);
  const neg2LogLikelihood = n > 0 ? n * Math.log(floored / n) : NaN;
  return {
    chiSquare,
    reducedChiSquare,
    rSquared,
    aic: neg2LogLikelihood + 2 * k,
    bic: neg2LogLikelihood + Math.log(n) * k,
    dof,
    nPoints: n,
  };
}

/**
 * SS_tot of R²: Σ (y − ȳ)², or with sigma Σ ((y − ȳ_w)/σ)² about the weighted mean (weights
 * 1/σ²). Without sigma the residuals are y − f, so SS_res is χ² itself.
 */
export function totalSumOfSquares(y: NumericArray, sigma?: NumericArray): number {
  return dataSumsOfSquares(y, sigma).total;
}

/** SS_tot (see {@link totalSumOfSquares}) and the raw Σ (y/σ)², from the same two reads of the data. */
export interface DataSumsOfSquares {
  total: number;
  raw: number;
}

/**
 * Both sums of squares a fit reads from its data: SS_tot for R², Σ (y/σ)² for the
 * near-exact test (refine-residuals.ts). One function, so the cold first calls of a process
 * run one pair of loops over the data, not three.
 */
export function dataSumsOfSquares(y: NumericArray, sigma?: NumericArray): DataSumsOfSquares {
  // Each loop sits in a function of its own that returns a number. A fit calls this once, so
  // in a new process V8 compiles its loops on the stack (OSR); such code deoptimizes on any
  // property or element access after the loop that has never run (a longer function's next
  // loop, a store of a second result), and the next call pays for the deopt and a recompile.
  // Both passes of the unweighted sums run one function, which is then called often enough to
  // be optimized as a whole before the second fit. Same sums in the same order: same bits
  // (y − 0 is y, and d ** 2 is d·d).
  if (!sigma) {
    const raw = sumsAbout(y, 0);
    const mean = secondSum / y.length;
    return { total: sumsAbout(y, mean), raw };
  }
  const sw = weightedSums(y, sigma);
  const mean = secondSum / sw;
  const raw = thirdSum;
  return { total: weightedSquaredDeviations(y, sigma, mean), raw };
}

// The further results of sumsAbout and weightedSums: a store to a module variable is not a
// property access, so it cannot deoptimize (see dataSumsOfSquares). Read right after the call.
let secondSum = 0;
let thirdSum = 0;

/** Σ (y − c)²; Σ (y − c) into secondSum. */
function sumsAbout(y: NumericArray, c: number): number {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < y.length; i++) {
    const d = y[i] - c;
    sum += d;
    squares += d * d;
  }
  secondSum = sum;
  return squares;
}

/** Σ w (w = 1/σ²); Σ w·y into secondSum and Σ w·y² into thirdSum. */
function weightedSums(y: NumericArray, sigma: NumericArray): number {
  let sw = 0;
  let swy = 0;
  let raw = 0;
  for (let i = 0; i < y.length; i++) {
    const w = 1 / (sigma[i] * sigma[i]);
    const v = y[i];
    sw += w;
    swy += w * v;
    raw += w * v * v;
  }
  secondSum = swy;
  thirdSum = raw;
  return sw;
}

function weightedSquaredDeviations(y: NumericArray, sigma: NumericArray, mean: number): number {
  let total = 0;
  for (let i = 0; i < y.length; i++) total += ((y[i] - mean) / sigma[i]) ** 2;
  return total;
}

function rSquaredFrom(ssRes: number, ssTot: number): number {
  if (!Number.isFinite(ssRes) || !Number.isFinite(ssTot)) return NaN;
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}
