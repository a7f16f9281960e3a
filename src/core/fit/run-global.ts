/**
 * Runs a prepared global fit on the stacked evaluator and assembles its result: the whole
 * fit's FitResult (parameters in global names, tied ones and derived quantities included)
 * plus each data set's n, χ², R² and residuals.
 */
import type { DatasetFitSummary, FitOptions, GlobalFitResult } from '../api-types';
import { FitbenchError } from '../errors';
import { minimize, type MinimizerCheckpoint } from '../solver';
import { computeFitStatistics, goodnessOfFit } from '../stats';
import { createCompositeEvaluator } from './composite-evaluator';
import { whiten } from './correlated-sigma';
import { covarianceLinearization, fitResultFields } from './fit-result-fields';
import { appendTiedParameters, computeDerived, reorderParameters } from './delta-method';
import type { PreparedGlobal } from './prepare-global';
import { minimizerOptionsFor, toMinimizerCheckpoint } from './run-fit';
import { padToParameterCount } from './underdetermined-evaluator';

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Minimizes the stacked residuals, then computes the statistics of the whole fit and of each data set. */
export async function runGlobalFit(prepared: PreparedGlobal, options: FitOptions = {}): Promise<GlobalFitResult> {
  const evaluator = createCompositeEvaluator(prepared);
  let resume: MinimizerCheckpoint | undefined;
  let x0 = prepared.x0;
  if (options.resumeFrom) {
    const state = options.resumeFrom;
    if (state.method !== prepared.method)
      throw new FitbenchError(
        'CHECKPOINT_CORRUPT',
        `the checkpoint was written by method "${state.method}" but this fit uses "${prepared.method}"`,
      );
    const checkpoint = toMinimizerCheckpoint(prepared, state);
    if (checkpoint) {
      if (!Number.isFinite(checkpoint.cost)) checkpoint.cost = evaluator.cost(Float64Array.from(checkpoint.params));
      resume = checkpoint;
    } else x0 = Float64Array.from(prepared.freeNames, (n, j) => state.params[n] ?? prepared.x0[j]);
  }
  const t0 = now();
  const summary = await minimize(padToParameterCount(evaluator), x0, {
    ...minimizerOptionsFor(prepared, options),
    resume,
  });
  const m = evaluator.numResiduals;
  const residuals = new Float64Array(m);
  evaluator.residuals(summary.params, residuals);
  const elapsedMs = now() - t0;

  // Whole-fit statistics on the stacked (whitened where Σ is a matrix) data.
  const y = new Float64Array(m);
  const anySigma = prepared.datasets.some((d) => d.data.sigma);
  const sigma = anySigma ? new Float64Array(m).fill(1) : undefined;
  prepared.datasets.forEach((d, k) => {
    const { offset } = evaluator.blocks[k];
    y.set(d.sigmaFactor ? whiten(d.sigmaFactor, d.data.y) : d.data.y, offset);
    if (sigma && d.data.sigma) sigma.set(d.data.sigma, offset);
  });
  const stats = computeFitStatistics({
    freeParamNames: prepared.freeNames,
    freeValues: summary.params,
    fixedParams: prepared.fixedValues,
    y,
    sigma,
    weightedResiduals: residuals,
    linearization: covarianceLinearization(summary, m),
    absoluteSigma: options.absoluteSigma,
    confidenceLevel: options.confidenceLevel,
    scaleChiSquare: prepared.loss !== 'linear' ? 2 * summary.cost : undefined,
    bounds: prepared.bounds,
    status: summary.status,
    iterations: summary.iterations,
  });

  const datasets: DatasetFitSummary[] = prepared.datasets.map((d, k) => {
    const { offset, rows } = evaluator.blocks[k];
    const r = residuals.subarray(offset, offset + rows);
    const gof = goodnessOfFit({
      y: y.subarray(offset, offset + rows),
      weightedResiduals: r,
      sigma: d.data.sigma,
      numFreeParams: 0,
    });
    // A counted loop: Array.from walks a typed array through its iterator, several times slower.
    const plain = new Array<number>(rows);
    for (let i = 0; i < rows; i++) plain[i] = r[i];
    return { name: d.name, n: rows, chiSquare: gof.chiSquare, rSquared: gof.rSquared, residuals: plain };
  });

  const fields = fitResultFields(
    stats,
    summary,
    {
      diagnostics: stats.diagnostics,
      dropped: prepared.datasets.reduce((s, d) => s + d.data.droppedRows.length, 0),
      zeroWeight: prepared.datasets.reduce((s, d) => s + d.data.zeroWeightRows.length, 0),
    },
    {
      paramNames: prepared.paramNames,
      backend: 'cpu',
      loss: prepared.loss,
      elapsedMs,
      expression: prepared.datasets.map((d) => d.model.expression).join('; '),
    },
  );
  let result: GlobalFitResult = { ...fields, datasets };
  if (prepared.ties) {
    const extended = appendTiedParameters(result, prepared.ties.order, prepared.ties.written, options.confidenceLevel);
    result = { ...extended, datasets };
  }
  result = { ...reorderParameters(result, prepared.displayOrder), datasets };
  if (prepared.derived) result.derived = computeDerived(result, prepared.derived, options.confidenceLevel);
  return result;
}
