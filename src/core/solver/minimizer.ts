/**
 * The minimizer frame (Ceres' Solver::Solve): validates options, runs LM or TRF on an
 * Evaluator and completes the summary with the linearization at the solution (the
 * loss-scaled Jacobian when the evaluator is dense, JᵀJ and Jᵀr always) for the
 * statistics.
 */
import type { Evaluator } from './evaluator';
import { levenbergMarquardt } from './levenberg-marquardt';
import { resolveOptions } from './minimizer-options';
import { CONVERGED_STATUSES, type MinimizerOptions, type MinimizerSummary } from './minimizer-types';
import type { MethodResult } from './termination';
import { trustRegionReflective } from './trust-region-reflective';

/**
 * Minimizes ½·Σ ρ(r²) over the evaluator's free parameters from x0. Bad options raise
 * FitbenchError; non-finite residuals at x0 raise FIT_NONFINITE; everything else ends in
 * a summary whose `status` says why the run stopped.
 */
export async function minimize(
  evaluator: Evaluator,
  x0: Float64Array,
  options: MinimizerOptions = {},
): Promise<MinimizerSummary> {
  const opts = resolveOptions(evaluator, x0, options);
  const run = opts.method === 'trf' ? trustRegionReflective : levenbergMarquardt;
  const res = await run(evaluator, x0, opts);
  const p = evaluator.numParameters;
  const m = evaluator.numResiduals;
  const jtj = new Float64Array(p * p);
  const jtr = new Float64Array(p);
  let jacobian: Float64Array | null = null;
  let njev = res.njev;
  const lin = res.linearization;
  if (lin && (lin.normalEquations || lin.residuals)) {
    jacobian = lin.jacobian ? lin.jacobian.slice() : null;
    if (lin.normalEquations) lin.normalEquations(jtj, jtr);
    else if (jacobian && lin.residuals) normalFromJacobian(m, p, jacobian, lin.residuals, jtj, jtr);
  } else if (evaluator.kind === 'dense' && evaluator.linearize) {
    const r = new Float64Array(m);
    jacobian = new Float64Array(m * p);
    evaluator.linearize(res.x, r, jacobian);
    normalFromJacobian(m, p, jacobian, r, jtj, jtr);
    njev++;
  } else {
    await evaluator.normalEquations(res.x, jtj, jtr);
    njev++;
  }
  return summaryOf(res, opts.method, opts.linearSolver, jacobian, jtj, jtr, njev);
}

function summaryOf(
  res: MethodResult,
  method: MinimizerSummary['method'],
  linearSolver: MinimizerSummary['linearSolver'],
  jacobian: Float64Array | null,
  jtj: Float64Array,
  jtr: Float64Array,
  njev: number,
): MinimizerSummary {
  return {
    method,
    linearSolver: method === 'trf' ? 'qr' : linearSolver,
    params: res.x,
    initialCost: res.initialCost,
    cost: res.cost,
    iterations: res.iterations,
    nfev: res.nfev,
    njev,
    status: res.status,
    converged: CONVERGED_STATUSES.has(res.status),
    message: res.message,
    jacobian,
    jtj,
    jtr,
    history: res.history,
    activeMask: res.activeMask ?? new Int8Array(res.x.length),
  };
}

/** JᵀJ and Jᵀr of a row-major m × p Jacobian. */
export function normalFromJacobian(
  m: number,
  p: number,
  jac: Float64Array,
  r: Float64Array,
  jtj: Float64Array,
  jtr: Float64Array,
): void {
  jtj.fill(0);
  jtr.fill(0);
  for (let i = 0; i < m; i++) {
    const o = i * p;
    for (let j = 0; j < p; j++) {
      const a = jac[o + j];
      jtr[j] += a * r[i];
      for (let k = j; k < p; k++) jtj[j * p + k] += a * jac[o + k];
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) jtj[j * p + k] = jtj[k * p + j];
}
