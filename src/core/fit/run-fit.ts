/**
 * Runs a prepared fit on an evaluator and assembles the FitResult: the minimizer (LM or
 * TRF), the iteration callback in the library's vocabulary, resume from a checkpoint, and
 * the statistics at the solution. Shared by the CPU path (curveFit) and the GPU path (the
 * worker builds a WebGPU evaluator and calls the same function).
 */
import type { FitOptions, FitResult, IterationState, ResumeState } from '../api-types';
import { FitbenchError } from '../errors';
import {
  defaultMaxIterations,
  minimize,
  type MinimizerCheckpoint,
  type MinimizerIteration,
  type MinimizerOptions,
  type MinimizerSummary,
} from '../solver';
import type { Evaluator } from '../solver/evaluator';
import { computeFitStatistics, dataSumsOfSquares } from '../stats';
import { whiten } from './correlated-sigma';
import { appendTiedParameters, computeDerived, reorderParameters } from './delta-method';
import type { PreparedFit } from './prepare-fit';
import { explainNonFiniteStart } from './explain-nonfinite';
import { covarianceLinearization, fitResultFields } from './fit-result-fields';
import { refineNearExactFit } from './refine-residuals';
import { padToParameterCount } from './underdetermined-evaluator';
import {
  linearizedStart,
  needsRescue,
  nothingMoved,
  rSquaredOf,
  startDiagnostics,
  worseThanConstant,
} from './start-rescue';

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** The parameters by name (free and fixed) for a vector of free values. */
export function namedParameters(
  prepared: Pick<PreparedFit, 'paramNames' | 'freeNames' | 'fixedValues'>,
  free: ArrayLike<number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of prepared.paramNames) {
    const k = prepared.freeNames.indexOf(name);
    out[name] = k >= 0 ? free[k] : prepared.fixedValues[name];
  }
  return out;
}

/** ResumeState (by name, as stored) → the minimizer's checkpoint (free vector). */
export function toMinimizerCheckpoint(
  prepared: Pick<PreparedFit, 'freeNames'>,
  state: ResumeState,
): MinimizerCheckpoint | null {
  if (state.radius === undefined || !(state.radius > 0)) return null;
  const params = prepared.freeNames.map((name) => state.params[name]);
  if (params.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new FitbenchError(
      'CHECKPOINT_CORRUPT',
      'the checkpoint does not hold a finite value for every free parameter of this model',
    );
  }
  return {
    method: state.method,
    params,
    cost: state.cost ?? Number.NaN,
    iteration: state.iteration,
    nfev: state.nfev,
    njev: state.njev ?? state.nfev,
    radius: state.radius,
    ...(state.lambda !== undefined ? { lambda: state.lambda } : {}),
    ...(state.alpha !== undefined ? { alpha: state.alpha } : {}),
    scale: state.scale && state.scale.length === params.length ? state.scale : [],
    history: state.history.slice(),
  };
}

/** The minimizer's iteration report in the library's vocabulary (params by name). */
export function toIterationState(
  prepared: Pick<PreparedFit, 'paramNames' | 'freeNames' | 'fixedValues'>,
  s: MinimizerIteration,
): IterationState {
  return {
    method: s.method,
    iteration: s.iteration,
    params: namedParameters(prepared, s.params),
    cost: s.cost,
    nfev: s.nfev,
    njev: s.njev,
    radius: s.radius,
    ...(s.lambda !== undefined ? { lambda: s.lambda } : {}),
    ...(s.alpha !== undefined ? { alpha: s.alpha } : {}),
    scale: s.scale(),
    gradientNorm: s.gradientNorm,
    stepNorm: s.stepNorm,
  };
}

/** The minimizer's options for a prepared fit: tolerances, bounds, the callback by name, the signal. */
export function minimizerOptionsFor(
  prepared: Pick<PreparedFit, 'method' | 'lower' | 'upper' | 'paramNames' | 'freeNames' | 'fixedValues'>,
  options: FitOptions,
): MinimizerOptions {
  const onIteration = options.onIteration;
  return {
    method: prepared.method,
    xtol: options.xtol,
    ftol: options.ftol,
    gtol: options.gtol,
    maxIterations: options.maxIterations,
    lower: prepared.lower,
    upper: prepared.upper,
    onIteration: onIteration ? (s) => onIteration(toIterationState(prepared, s)) : undefined,
    signal: options.signal,
  };
}

/**
 * Minimizes, then computes the statistics. `options.onIteration` receives IterationState
 * (params by name) and may return 'stop'; `options.signal` aborts with status 'aborted'.
 */
export async function runPreparedFit(
  prepared: PreparedFit,
  evaluator: Evaluator,
  options: FitOptions = {},
): Promise<FitResult> {
  let resume: MinimizerCheckpoint | undefined;
  let x0 = prepared.x0;
  const resumeFrom = options.resumeFrom;
  if (resumeFrom) {
    if (resumeFrom.method !== prepared.method) {
      throw new FitbenchError(
        'CHECKPOINT_CORRUPT',
        `the checkpoint was written by method "${resumeFrom.method}" but this fit uses "${prepared.method}"`,
      );
    }
    const checkpoint = toMinimizerCheckpoint(prepared, resumeFrom);
    if (checkpoint) {
      if (!Number.isFinite(checkpoint.cost))
        checkpoint.cost = await evaluator.cost(Float64Array.from(checkpoint.params));
      resume = checkpoint;
    } else {
      // An old checkpoint without the trust-region state: restart from its parameters.
      x0 = Float64Array.from(prepared.freeNames, (name) => resumeFrom.params[name] ?? Number.NaN);
      const missing = prepared.freeNames.find((_, k) => !Number.isFinite(x0[k]));
      if (missing !== undefined)
        throw new FitbenchError(
          'CHECKPOINT_CORRUPT',
          `the checkpoint holds no finite value for parameter "${missing}" of this model`,
          { parameter: missing },
        );
    }
  }

  const t0 = now();
  const padded = padToParameterCount(evaluator);
  const minimizerOptions = minimizerOptionsFor(prepared, options);
  let summary: MinimizerSummary;
  try {
    summary = await minimize(padded, x0, { ...minimizerOptions, resume });
  } catch (error) {
    throw explainNonFiniteStart(prepared, x0, error);
  }
  // Least squares on the CPU: the run's cost is ½χ² of its residuals, so χ² needs no pass over
  // the data (a resumed run may carry a cost from another backend: it is evaluated again).
  const costIsHalfChiSquare = !resume && evaluator.backend === 'cpu' && prepared.loss === 'linear';
  let solution = chiSquareFromCost(summary, costIsHalfChiSquare) ?? (await residualsAt(evaluator, summary));
  // SS_tot of R², over the data as given: the rescue test and the statistics both read it.
  const dataSums = dataSumsOfSquares(prepared.data.y, prepared.data.sigma);
  const ssTot = dataSums.total;
  // A run that never reached the data's scale restarts from a linearized estimate (start-rescue.ts).
  const start = resume ? Float64Array.from(resume.params) : x0;
  let rescued = false;
  // The rescue run shares the caller's iteration budget: maxIterations bounds the whole call.
  const budget = (options.maxIterations ?? defaultMaxIterations(prepared.freeNames.length)) - summary.iterations;
  if (budget > 0 && needsRescue(summary, start, rSquaredOf(prepared, solution.chiSquare, ssTot))) {
    const linearized = await linearizedStart(prepared, evaluator, start);
    const second = linearized
      ? await minimize(padded, linearized, { ...minimizerOptions, maxIterations: budget })
      : null;
    if (second && second.cost < summary.cost) {
      summary = { ...second, iterations: summary.iterations + second.iterations, nfev: summary.nfev + second.nfev };
      solution = chiSquareFromCost(summary, costIsHalfChiSquare) ?? (await residualsAt(evaluator, summary));
      rescued = true;
    }
  }
  const polished = await polishNearExactFit(prepared, evaluator, summary, solution, dataSums.raw);
  const elapsedMs = now() - t0;
  const result = assembleResult(
    prepared,
    evaluator,
    polished.summary,
    polished.solution,
    options,
    elapsedMs,
    polished.diagnostics,
    prepared.sigmaFactor ? undefined : ssTot,
  );
  const moved = !nothingMoved(start, polished.summary.params);
  result.diagnostics.push(...startDiagnostics(result.rSquared, moved, rescued));
  // Unmoved and worse than a constant is no minimum, whatever the tolerance test said.
  if (!moved && worseThanConstant(result.rSquared)) result.converged = false;
  return result;
}

function sumOfSquares(r: Float64Array): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += r[i] * r[i];
  return s;
}

/** The weighted residuals at a solution: their χ², and the vector where it was computed. */
interface SolutionResiduals {
  chiSquare: number;
  /** Null when χ² came from the cost: {@link residualVector} computes it on demand. */
  vector: Float64Array | null;
}

/** χ² as twice the run's cost when that is what the cost is (no residual pass, no await). */
function chiSquareFromCost(summary: MinimizerSummary, costIsHalfChiSquare: boolean): SolutionResiduals | null {
  return costIsHalfChiSquare && Number.isFinite(summary.cost) ? { chiSquare: 2 * summary.cost, vector: null } : null;
}

async function residualsAt(evaluator: Evaluator, summary: MinimizerSummary): Promise<SolutionResiduals> {
  const vector = await residualVector(evaluator, summary.params);
  return { chiSquare: sumOfSquares(vector), vector };
}

async function residualVector(evaluator: Evaluator, params: Float64Array): Promise<Float64Array> {
  const vector = new Float64Array(evaluator.numResiduals);
  await evaluator.residuals(params, vector);
  return vector;
}

/** Statuses after which the parameters are the caller's to keep as they are (stopped, or broken). */
const NO_POLISH: ReadonlySet<string> = new Set(['user-stop', 'aborted', 'non-finite', 'failure']);

/**
 * A fit that reproduces its data to f64 rounding gets its residuals (and a few Gauss–Newton
 * steps) in double-double: see refine-residuals.ts. Everything else passes through as is.
 */
async function polishNearExactFit(
  prepared: PreparedFit,
  evaluator: Evaluator,
  summary: MinimizerSummary,
  solution: SolutionResiduals,
  dataSumOfSquares: number,
): Promise<{ summary: MinimizerSummary; solution: SolutionResiduals; diagnostics: string[] }> {
  const unchanged = { summary, solution, diagnostics: [] };
  if (
    evaluator.backend !== 'cpu' ||
    prepared.loss !== 'linear' ||
    prepared.sigmaFactor !== undefined ||
    NO_POLISH.has(summary.status)
  )
    return unchanged;
  const outcome = refineNearExactFit({
    model: prepared.model,
    predictors: prepared.predictors,
    y: prepared.data.y,
    sigma: prepared.data.sigma,
    freeNames: prepared.freeNames,
    fixedValues: prepared.fixedValues,
    params: summary.params,
    // χ² at the solution is at hand: the near-exact test needs no model evaluation of its own.
    chiSquare: solution.chiSquare,
    dataSumOfSquares,
    lower: prepared.lower,
    upper: prepared.upper,
  });
  if (outcome.status === 'not-needed') return unchanged;
  if (outcome.status === 'unsupported') {
    return {
      ...unchanged,
      diagnostics: [`near-exact fit: χ² and the standard errors are limited by f64 rounding, since ${outcome.reason}`],
    };
  }
  // Float64 already exact (every residual 0): there are no lost digits to recover, and the
  // double-double residuals of a model such as sqrt(1e300 + a) would only add noise.
  const residuals = solution.vector ?? (await residualVector(evaluator, summary.params));
  if (residuals.every((r) => r === 0)) return unchanged;
  // A polish recovers the last digits; a step that moves a parameter visibly is not one.
  const moved = outcome.params.some(
    (v, k) => !Number.isFinite(v) || Math.abs(v - summary.params[k]) > 1e-6 * Math.max(Math.abs(summary.params[k]), 1),
  );
  if (moved) return unchanged;
  const steps = outcome.steps === 1 ? '1 Gauss–Newton step' : `${outcome.steps} Gauss–Newton steps`;
  return {
    summary: { ...summary, params: outcome.params, cost: outcome.cost, jacobian: outcome.jacobian, jtj: outcome.jtj },
    solution: { chiSquare: sumOfSquares(outcome.residuals), vector: outcome.residuals },
    diagnostics: [
      `near-exact fit: residuals refined in double-double precision (data read as the decimals they print as; ${steps} accepted)`,
    ],
  };
}

function assembleResult(
  prepared: PreparedFit,
  evaluator: Evaluator,
  summary: MinimizerSummary,
  solution: SolutionResiduals,
  options: FitOptions,
  elapsedMs: number,
  extraDiagnostics: readonly string[],
  ssTot: number | undefined,
): FitResult {
  const robust = prepared.loss !== 'linear';
  const bandsAt = options.bandsAt;
  const stats = computeFitStatistics({
    freeParamNames: prepared.freeNames,
    freeValues: summary.params,
    fixedParams: prepared.fixedValues,
    // A whitened fit's R² is that of the whitened data (L⁻¹y against L⁻¹f).
    y: prepared.sigmaFactor ? whiten(prepared.sigmaFactor, prepared.data.y) : prepared.data.y,
    sigma: prepared.data.sigma,
    weightedResiduals: solution.vector ?? undefined,
    chiSquare: solution.chiSquare,
    totalSumOfSquares: ssTot,
    linearization: covarianceLinearization(summary, evaluator.numResiduals),
    absoluteSigma: options.absoluteSigma,
    confidenceLevel: options.confidenceLevel,
    scaleChiSquare: robust ? 2 * summary.cost : undefined,
    bounds: prepared.bounds,
    status: summary.status,
    iterations: summary.iterations,
    bands:
      bandsAt && prepared.predictors.length === 1
        ? { x: bandsAt, evaluateAt: bandEvaluator(prepared, summary.params) }
        : undefined,
  });
  const result = fitResultFields(
    stats,
    summary,
    {
      diagnostics: [...stats.diagnostics, ...extraDiagnostics],
      dropped: prepared.data.droppedRows.length,
      zeroWeight: prepared.data.zeroWeightRows.length,
    },
    {
      paramNames: prepared.paramNames,
      backend: evaluator.backend,
      loss: prepared.loss,
      elapsedMs,
      expression: prepared.model.expression,
    },
  );
  return withExpressions(prepared, result, options.confidenceLevel);
}

/** Tied parameters (delta method), the result's parameter order, and derived quantities. */
function withExpressions(prepared: PreparedFit, result: FitResult, confidenceLevel?: number): FitResult {
  let out = result;
  if (prepared.ties) out = appendTiedParameters(out, prepared.ties.order, prepared.ties.written, confidenceLevel);
  if (prepared.displayOrder) out = reorderParameters(out, prepared.displayOrder);
  if (prepared.derived) out = { ...out, derived: computeDerived(out, prepared.derived, confidenceLevel) };
  return out;
}

/** f and ∂f/∂θ (free parameters) at one x, for confidence bands. */
function bandEvaluator(prepared: PreparedFit, free: Float64Array) {
  const model = prepared.model;
  const full = Float64Array.from(prepared.paramNames, (name) => {
    const k = prepared.freeNames.indexOf(name);
    return k >= 0 ? free[k] : prepared.fixedValues[name];
  });
  const P = full.length;
  const freeIndex = prepared.freeNames.map((name) => prepared.paramNames.indexOf(name));
  const xs = [new Float64Array(1)];
  const f = new Float64Array(1);
  const jac = new Float64Array(P);
  return (x: number) => {
    xs[0][0] = x;
    model.evaluateWithJacobian(full, xs, f, jac);
    return { value: f[0], gradient: freeIndex.map((k) => jac[k]) };
  };
}
