/**
 * Fits whose data lie many orders of magnitude from the start (y ≈ 1e20·(2x+1) from a = 1,
 * b = 0) defeat the trust region: its first radius is scaled to the start, the first steps
 * barely dent a cost of 1e40, and the relative-reduction test (ftol) declares convergence
 * with nothing moved. When a run ends like that (no parameter moved, or the result is worse
 * than a constant, R² < 0), the fit restarts from a linearized estimate: Gauss–Newton steps
 * from the start, solved on the Jacobian-scaled normal equations (MINPACK's diag, scipy's
 * x_scale='jac') with backtracking, which land on the answer at once for a model linear in
 * its parameters and near it for the linear parameters of a nonlinear one. The rescued run
 * is kept only if it ends at a lower cost. Diagnostics say when a result is still worse
 * than a constant or did not move.
 */
import { symmetricEigen } from '../numerics/jacobi-decompositions';
import type { Evaluator } from '../solver/evaluator';
import type { MinimizerSummary } from '../solver/minimizer-types';
import { goodnessOfFit } from '../stats/goodness-of-fit';
import { formatNumber } from '../stats/format';
import type { PreparedFit } from './prepare-fit';

const NOT_RESCUED: ReadonlySet<string> = new Set(['user-stop', 'aborted', 'non-finite', 'failure', 'max-iterations']);
const MAX_STEPS = 20;

/** R² below this is worse than a constant beyond rounding (a fitted constant gives R² ≈ −1e-16). */
export function worseThanConstant(rSquared: number): boolean {
  return rSquared < -1e-9;
}

/** R² of a run whose weighted residuals have this χ² (weighted as the fit was), NaN when undefined. */
export function rSquaredOf(prepared: PreparedFit, chiSquare: number, totalSumOfSquares: number): number {
  return goodnessOfFit({
    y: prepared.data.y,
    chiSquare,
    sigma: prepared.data.sigma,
    numFreeParams: prepared.freeNames.length,
    totalSumOfSquares,
  }).rSquared;
}

/** True when no free parameter changed from the start. */
export function nothingMoved(x0: ArrayLike<number>, params: ArrayLike<number>): boolean {
  for (let k = 0; k < x0.length; k++) if (params[k] !== x0[k]) return false;
  return true;
}

/** Whether a finished run looks like the trust region never reached the data's scale. */
export function needsRescue(summary: MinimizerSummary, x0: ArrayLike<number>, rSquared: number): boolean {
  if (NOT_RESCUED.has(summary.status) || !(summary.cost > 0)) return false;
  return nothingMoved(x0, summary.params) || worseThanConstant(rSquared);
}

/**
 * Gauss–Newton steps from x0 with backtracking, inside the bounds; returns the best point
 * found, or null when no step lowers the cost.
 */
export async function linearizedStart(
  prepared: PreparedFit,
  evaluator: Evaluator,
  x0: Float64Array,
): Promise<Float64Array | null> {
  const n = x0.length;
  const jtj = new Float64Array(n * n);
  const jtr = new Float64Array(n);
  let x: Float64Array = Float64Array.from(x0);
  let cost = await evaluator.normalEquations(x, jtj, jtr);
  if (!Number.isFinite(cost)) return null;
  let improved = false;
  for (let step = 0; step < MAX_STEPS; step++) {
    // The first steps move one parameter at a time (the ones that enter linearly land on
    // their best value given the others); full Gauss–Newton steps follow.
    const delta = step < n ? coordinateStep(n, step, jtj, jtr) : gaussNewtonStep(n, jtj, jtr);
    if (!delta) break;
    let t = 1;
    let accepted: Float64Array | null = null;
    if (delta.every((v) => v === 0)) continue;
    let acceptedCost = cost;
    for (let halving = 0; halving < 40; halving++, t /= 2) {
      const trial = Float64Array.from(x, (v, k) =>
        Math.min(prepared.upper[k], Math.max(prepared.lower[k], v + t * delta[k])),
      );
      const c = await evaluator.cost(trial);
      if (Number.isFinite(c) && c < cost) {
        accepted = trial;
        acceptedCost = c;
        break;
      }
    }
    if (!accepted) {
      if (step < n) continue;
      break;
    }
    const relative = (cost - acceptedCost) / cost;
    x = accepted;
    improved = true;
    cost = await evaluator.normalEquations(x, jtj, jtr);
    if (!Number.isFinite(cost)) return improved ? x : null;
    if (step >= n && relative < 1e-6) break;
  }
  return improved ? x : null;
}

/** The Gauss–Newton step in parameter k alone: −(Jᵀr)ₖ/(JᵀJ)ₖₖ. */
function coordinateStep(n: number, k: number, jtj: Float64Array, jtr: Float64Array): Float64Array | null {
  const h = jtj[k * n + k];
  if (!(h > 0)) return new Float64Array(n);
  const delta = new Float64Array(n);
  delta[k] = -jtr[k] / h;
  return Number.isFinite(delta[k]) ? delta : null;
}

/**
 * δ = −(JᵀJ)⁺Jᵀr on the Jacobian-scaled system D⁻¹JᵀJD⁻¹ (D = √diag JᵀJ), by a symmetric
 * eigendecomposition that drops directions below 1e-12 of the largest: scale-free, and
 * safe for rank-deficient starts.
 */
function gaussNewtonStep(n: number, jtj: Float64Array, jtr: Float64Array): Float64Array | null {
  const d = Float64Array.from({ length: n }, (_, k) => Math.sqrt(jtj[k * n + k]));
  if (d.some((v) => !(v > 0) || !Number.isFinite(v))) return null;
  const scaled = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) scaled[i * n + j] = jtj[i * n + j] / (d[i] * d[j]);
  const { values, vectors } = symmetricEigen(n, scaled);
  const cutoff = 1e-12 * values[0];
  const g = Float64Array.from(jtr, (v, k) => v / d[k]);
  const z = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    if (!(values[e] > cutoff)) continue;
    let proj = 0;
    for (let k = 0; k < n; k++) proj += vectors[k * n + e] * g[k];
    for (let k = 0; k < n; k++) z[k] -= (vectors[k * n + e] * proj) / values[e];
  }
  const delta = Float64Array.from(z, (v, k) => v / d[k]);
  return delta.every(Number.isFinite) ? delta : null;
}

/** Diagnostics for a result that is worse than a constant or never left its start. */
export function startDiagnostics(rSquared: number, moved: boolean, rescued: boolean): string[] {
  const out: string[] = [];
  if (rescued)
    out.push(
      'the first run stopped far from the data (no parameter moved, or worse than a constant): the fit restarted from a linearized (Gauss–Newton) estimate',
    );
  if (!moved)
    out.push(
      'no parameter moved from its start value: either the start is already the best fit, or the start values are far from the scale of the data',
    );
  if (worseThanConstant(rSquared))
    out.push(
      `the fit is worse than a constant (R² = ${formatNumber(rSquared)}): the model does not describe the data from this start — try other start values or multistart`,
    );
  return out;
}
