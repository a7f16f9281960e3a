import type { FitJobProblem, FitOptions, GlobalFitResult, GlobalProblem } from '../api-types';
import { FitbenchError } from '../errors';
import { prepareGlobal } from './prepare-global';
import { runGlobalFit } from './run-global';

/** True when a fit job's problem is a global fit (it has `datasets`). */
export function isGlobalProblem(problem: FitJobProblem): problem is GlobalProblem {
  return problem !== null && typeof problem === 'object' && 'datasets' in problem;
}

/**
 * Fits several data sets together (DESIGN.md "Library, second wave"): parameters in `shared`
 * are one for all data sets, every other parameter q is one per data set, `q_<k>`. Runs on
 * the CPU in float64 with an exact block-sparse Jacobian; the page's window.fitbench routes
 * the same call through the worker runtime.
 */
export async function curveFitGlobal(problem: GlobalProblem, options: FitOptions = {}): Promise<GlobalFitResult> {
  const backend = options.backend ?? 'auto';
  if (backend !== 'auto' && backend !== 'cpu')
    throw new FitbenchError(
      backend === 'webgpu' ? 'GPU_UNAVAILABLE' : 'OPTIONS_INVALID',
      backend === 'webgpu'
        ? 'global fits run on the CPU (float64) in this version: use backend "cpu" or "auto"'
        : `unknown backend "${String(backend)}": use auto or cpu`,
      { option: 'backend' },
    );
  return runGlobalFit(prepareGlobal(problem, options), options);
}
