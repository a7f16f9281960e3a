import type { FitProblem, FitResult, LibraryFitOptions } from '../api-types';
import { FitbenchError } from '../errors';
import { validateFitOptions } from '../input/validate-fit-input';
import { createCpuEvaluator } from '../solver';
import type { Evaluator } from '../solver/evaluator';
import { createWhitenedEvaluator } from './correlated-sigma';
import { multistartFit } from '../uncertainty/multistart';
import { prepareFit, type PreparedFit } from './prepare-fit';
import { runPreparedFit } from './run-fit';

/** The double-precision CPU evaluator of a prepared fit. */
export function createCpuEvaluatorFor(prepared: PreparedFit): Evaluator {
  if (prepared.sigmaFactor)
    return createWhitenedEvaluator({
      model: prepared.model,
      predictors: prepared.predictors,
      y: prepared.data.y,
      factor: prepared.sigmaFactor,
      loss: prepared.loss,
      fScale: prepared.fScale,
      fixed: prepared.fixedValues,
    });
  return createCpuEvaluator({
    model: prepared.model,
    predictors: prepared.predictors,
    y: prepared.data.y,
    sigma: prepared.data.sigma,
    loss: prepared.loss,
    fScale: prepared.fScale,
    fixed: prepared.fixedValues,
  });
}

/**
 * Fits `problem.model` to the data (DESIGN.md "Contracts → Library"). In this pure core
 * the work runs on the CPU in float64; the page's `window.fitbench.curveFit` routes the
 * same call through the worker runtime, where `backend: 'webgpu'` is available.
 */
export async function curveFit(problem: FitProblem, given: LibraryFitOptions = {}): Promise<FitResult> {
  const options = validateFitOptions(given);
  // Plain JavaScript callers get past the type: validation names the backends it knows.
  const backend: string = options.backend ?? 'auto';
  if (backend === 'webgpu') {
    throw new FitbenchError(
      'GPU_UNAVAILABLE',
      'the webgpu backend runs through the fitting service (the page\'s window.fitbench, or the CLI in a WebGPU-capable Node): the core library fits on the CPU — use backend "cpu" or "auto"',
    );
  }
  if (options.multistart !== undefined) return multistartFit(problem, options as LibraryFitOptions, curveFit);
  const prepared = prepareFit(problem, options);
  return runPreparedFit(prepared, createCpuEvaluatorFor(prepared), options);
}
