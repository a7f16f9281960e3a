/**
 * The part of a FitResult that a single fit (run-fit.ts) and a global fit (run-global.ts)
 * assemble alike from the minimizer's summary and the statistics at the solution: which
 * linearization the covariance comes from, the data diagnostics, and the result's fields in
 * the model's parameter order.
 */
import type { BackendName, FitResult, LossName } from '../api-types';
import type { MinimizerSummary } from '../solver/minimizer-types';
import type { FitStatistics, Linearization } from '../stats';

/** Above this many residuals the covariance comes from JᵀJ instead of a QR of J. */
export const JACOBIAN_COVARIANCE_MAX_ROWS = 20_000;

/**
 * The Jacobian's QR gives the most accurate covariance (NIST's certified standard errors);
 * past a few ten thousand rows JᵀJ is as good for any problem f64 can fit, and far cheaper.
 */
export function covarianceLinearization(summary: MinimizerSummary, numResiduals: number): Linearization {
  return summary.jacobian && numResiduals <= JACOBIAN_COVARIANCE_MAX_ROWS
    ? { kind: 'jacobian', jacobian: summary.jacobian }
    : { kind: 'normal', jtj: summary.jtj };
}

/** What the result says about the data and the run besides the statistics' own diagnostics. */
export interface ResultNotes {
  /** Diagnostics of the fit itself (the statistics', a polish's), in order. */
  diagnostics: readonly string[];
  /** Points dropped for NaN or Infinity. */
  dropped: number;
  /** Points with infinite σ (zero weight). */
  zeroWeight: number;
}

/** Everything a FitResult holds that is not in the statistics or the summary. */
export interface ResultContext {
  /** Parameters in the model's order (free and fixed interleaved as the user wrote them). */
  paramNames: readonly string[];
  backend: BackendName;
  loss: LossName;
  elapsedMs: number;
  expression: string;
}

/** The FitResult of a finished run, parameters in the model's order. */
export function fitResultFields(
  stats: FitStatistics,
  summary: MinimizerSummary,
  notes: ResultNotes,
  context: ResultContext,
): FitResult {
  const diagnostics = [...notes.diagnostics];
  if (notes.dropped > 0) diagnostics.push(`${notes.dropped} data point(s) with NaN or Infinity were dropped`);
  if (notes.zeroWeight > 0)
    diagnostics.push(
      `${notes.zeroWeight} data point(s) with infinite sigma carry zero weight and were left out of the fit`,
    );
  if (summary.status === 'non-finite')
    diagnostics.push('the model produced NaN or Infinity: the fit stopped where every further step did');
  // Names in model order (free and fixed interleaved as the user wrote them) read better.
  const order = context.paramNames.map((name) => stats.paramNames.indexOf(name));
  // Plain loops: this runs once per fit, mostly unoptimized, where a callback per entry costs.
  const pick = (m: number[][]): number[][] => {
    const out: number[][] = [];
    for (let a = 0; a < order.length; a++) {
      const source = m[order[a]];
      const row: number[] = [];
      for (let b = 0; b < order.length; b++) row.push(source[order[b]]);
      out.push(row);
    }
    return out;
  };
  return {
    params: stats.params,
    stdErrors: stats.stdErrors,
    confidenceIntervals: stats.confidenceIntervals,
    covariance: pick(stats.covariance),
    correlation: pick(stats.correlation),
    paramNames: [...context.paramNames],
    cost: summary.cost,
    chiSquare: stats.chiSquare,
    reducedChiSquare: stats.reducedChiSquare,
    rSquared: stats.rSquared,
    aic: stats.aic,
    bic: stats.bic,
    dof: stats.dof,
    nPoints: stats.nPoints,
    iterations: summary.iterations,
    nfev: summary.nfev,
    njev: summary.njev,
    converged: summary.converged,
    status: summary.status,
    message: summary.message,
    backend: context.backend,
    method: summary.method,
    loss: context.loss,
    diagnostics,
    elapsedMs: context.elapsedMs,
    bands: stats.bands,
    expression: context.expression,
  };
}
