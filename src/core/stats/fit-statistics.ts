/**
 * Everything FitResult reports about a finished fit besides the solver's own fields:
 * covariance, standard errors, correlation, confidence intervals and bands, goodness of fit
 * and diagnostics. One call after the minimizer stops.
 */
import type { FitResult, FitStatus, NumericArray } from '../api-types';
import { confidenceBands, confidenceIntervals, type BandPoint } from './confidence';
import {
  covarianceFromFactor,
  covarianceFromJacobian,
  covarianceFromNormalMatrix,
  type CovarianceResult,
} from './covariance';
import { fitDiagnostics } from './diagnostics';
import { goodnessOfFit } from './goodness-of-fit';

/**
 * The linearization at the solution: the dense Jacobian (CPU), a factor R with RᵀR = JᵀJ
 * (the solver's last QR, cheaper for large n), or JᵀJ only (GPU).
 */
export type Linearization =
  | { kind: 'jacobian'; /** row-major n × k, of the weighted residuals */ jacobian: Float64Array }
  | {
      kind: 'factor';
      /** k × k row-major */ r: Float64Array;
      /** column k of R ↔ parameter permutation[k] */ permutation?: ArrayLike<number>;
    }
  | { kind: 'normal'; /** k × k row-major */ jtj: Float64Array };

export interface FitStatisticsInput {
  /** Free parameter names, in Jacobian column order. */
  freeParamNames: readonly string[];
  /** Free parameter values at the solution, same order. */
  freeValues: ArrayLike<number>;
  /** Fixed parameters by name (held at their start values); listed after the free ones. */
  fixedParams?: Record<string, number>;
  /** Observed y (length n). */
  y: NumericArray;
  /** σ of each y when the fit was weighted. */
  sigma?: NumericArray;
  /** (y − f)/σ at the solution, linear loss (length n); may be left out when `chiSquare` is given. */
  weightedResiduals?: NumericArray;
  /** Σ r² at the solution when known without the residuals (2·cost of a linear-loss fit, then finite). */
  chiSquare?: number;
  /** SS_tot of y for R² when the caller already has it (see totalSumOfSquares). */
  totalSumOfSquares?: number;
  linearization: Linearization;
  /** Take σ as absolute: no scaling of the covariance by the reduced χ². */
  absoluteSigma?: boolean;
  /** For intervals and bands; default 0.95. */
  confidenceLevel?: number;
  /**
   * χ² used to scale the covariance; default Σ r². For robust losses pass 2·cost with the
   * loss-scaled Jacobian to reproduce scipy's curve_fit.
   */
  scaleChiSquare?: number;
  /** Singular-value cutoff (see covariance.ts). */
  rcond?: number;
  bounds?: Record<string, [number | null, number | null]>;
  status?: FitStatus;
  iterations?: number;
  /** Bands at these x values, from the fitted function's value and gradient there. */
  bands?: { x: NumericArray; evaluateAt: (x: number) => BandPoint };
}

export type FitStatistics = Pick<
  FitResult,
  | 'params'
  | 'stdErrors'
  | 'confidenceIntervals'
  | 'covariance'
  | 'correlation'
  | 'paramNames'
  | 'chiSquare'
  | 'reducedChiSquare'
  | 'rSquared'
  | 'aic'
  | 'bic'
  | 'dof'
  | 'nPoints'
  | 'diagnostics'
  | 'bands'
> & {
  /** Numerical rank of the Jacobian (free parameters that the data determine). */
  rank: number;
  /** cond(JᵀJ) in the parameters' own units. */
  conditionNumber: number;
  /** cond(JᵀJ) with parameters scaled to unit size. */
  scaledConditionNumber: number;
};

/**
 * Statistics of a fit. Fixed parameters get standard error 0, a degenerate interval and
 * zero rows in covariance and correlation (they were not estimated).
 */
export function computeFitStatistics(input: FitStatisticsInput): FitStatistics {
  const free = input.freeParamNames;
  const k = free.length;
  const fixedNames = Object.keys(input.fixedParams ?? {});
  const r = input.weightedResiduals;
  const n = r ? r.length : input.y.length;
  const gof = goodnessOfFit({
    y: input.y,
    weightedResiduals: r,
    chiSquare: input.chiSquare,
    sigma: input.sigma,
    numFreeParams: k,
    totalSumOfSquares: input.totalSumOfSquares,
  });
  const scaleChi = input.scaleChiSquare ?? gof.chiSquare;
  const scale = input.absoluteSigma ? 1 : gof.dof > 0 ? scaleChi / gof.dof : Infinity;
  const cov = covarianceOf(input, n, k, scale);
  const level = input.confidenceLevel ?? 0.95;
  const intervals = confidenceIntervals(input.freeValues, cov.stdErrors, gof.dof, level);

  // A finite χ² has finite terms only: the residuals are read only when it is not.
  let nonFinite = 0;
  if (!Number.isFinite(gof.chiSquare)) {
    if (r) for (let i = 0; i < n; i++) nonFinite += Number.isFinite(r[i]) ? 0 : 1;
    else nonFinite = n;
  }
  const diagnostics = fitDiagnostics({
    paramNames: free,
    values: input.freeValues,
    bounds: input.bounds,
    correlation: cov.correlation,
    stdErrors: cov.stdErrors,
    conditionNumber: cov.finite ? cov.scaledConditionNumber : undefined,
    // Quoted only for an ill-conditioned fit: read then, since it may be computed on demand.
    get rawConditionNumber() {
      return cov.conditionNumber;
    },
    nonFiniteResiduals: nonFinite,
    status: input.status,
    iterations: input.iterations,
  });
  diagnostics.push(...cov.diagnostics);
  if (gof.dof <= 0 && !input.absoluteSigma) {
    diagnostics.push(
      `no degrees of freedom (${n} points, ${k} free parameters): the noise level cannot be estimated, so standard errors are infinite; add data, fix parameters, or give sigma with absoluteSigma`,
    );
  }

  const names = [...free, ...fixedNames];
  const total = names.length;
  const params: Record<string, number> = {};
  const stdErrors: Record<string, number> = {};
  const confidence: Record<string, [number, number]> = {};
  free.forEach((name, i) => {
    params[name] = input.freeValues[i];
    stdErrors[name] = cov.stdErrors[i];
    confidence[name] = intervals[i];
  });
  for (const name of fixedNames) {
    const v = (input.fixedParams as Record<string, number>)[name];
    params[name] = v;
    stdErrors[name] = 0;
    confidence[name] = [v, v];
  }
  const result: FitStatistics = {
    params,
    stdErrors,
    confidenceIntervals: confidence,
    covariance: expand(cov.covariance, k, total),
    correlation: expand(cov.correlation, k, total),
    paramNames: names,
    ...gof,
    diagnostics,
    rank: cov.rank,
    // Read through: from a full-rank JᵀJ it is computed on first read (covariance.ts).
    get conditionNumber() {
      return cov.conditionNumber;
    },
    scaledConditionNumber: cov.scaledConditionNumber,
  };
  if (input.bands) {
    result.bands = confidenceBands(input.bands.x, input.bands.evaluateAt, {
      covariance: cov.covariance,
      numFreeParams: k,
      dof: gof.dof,
      level,
      reducedChiSquare: gof.reducedChiSquare,
      absoluteSigma: input.absoluteSigma,
    });
  }
  return result;
}

function covarianceOf(input: FitStatisticsInput, n: number, k: number, scale: number): CovarianceResult {
  const options = { paramNames: input.freeParamNames, scale, rcond: input.rcond };
  const lin = input.linearization;
  if (lin.kind === 'jacobian') return covarianceFromJacobian(lin.jacobian, n, k, options);
  if (lin.kind === 'factor') return covarianceFromFactor(lin.r, k, n, { ...options, permutation: lin.permutation });
  return covarianceFromNormalMatrix(lin.jtj, k, n, options);
}

/** k × k row-major → total × total nested arrays, zero rows/columns for fixed parameters. */
function expand(m: Float64Array, k: number, total: number): number[][] {
  // Plain loops: this runs once per fit, mostly unoptimized, where a callback per entry costs.
  const out: number[][] = [];
  for (let i = 0; i < total; i++) {
    const row: number[] = [];
    for (let j = 0; j < total; j++) row.push(i < k && j < k ? m[i * k + j] : 0);
    out.push(row);
  }
  return out;
}
