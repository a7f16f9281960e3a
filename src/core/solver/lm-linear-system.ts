/**
 * The linearized subproblem of one LM iteration, in two storage schemes behind one shape
 * (Ceres' LinearSolver seam): the QR system factors the dense Jacobian (MINPACK qrfac +
 * lmpar, the accurate reference), the normal system works from JᵀJ and Jᵀr (GPU
 * evaluators and very large n). Both hold the linearization at the current point until
 * the next `linearize`.
 */
import type { Evaluator } from './evaluator';
import { applyQt, createLmparWorkspace, createQrWorkspace, enorm, lmpar, qrFactor } from '../numerics/dense-qr';
import { createNormalLmparWorkspace, lmparNormal } from './lmpar-normal';
import type { LinearSolverName } from './minimizer-types';

export interface LmLinearSystem {
  readonly kind: LinearSolverName;
  /** Column norms of J at the last linearization. */
  readonly acnorm: Float64Array;
  /**
   * Linearizes at x; returns the cost, NaN when residuals or Jacobian are non-finite.
   * Only the normal system can be asynchronous.
   */
  linearize(x: Float64Array): number | Promise<number>;
  /** max_j |(Jᵀr)_j| / (‖r‖·‖J_j‖): MINPACK's gtol measure (0 when r = 0). */
  scaledGradient(): number;
  /** LM step of scaled radius delta into `step` (= −x of lmpar); returns the new λ. */
  solve(diag: Float64Array, delta: number, par: number, step: Float64Array): number;
  /** ‖J·step‖² for the predicted reduction. */
  modelNormSq(step: Float64Array): number;
  /** JᵀJ and Jᵀr at the last linearization (computed on demand for the QR system). */
  normalEquations(jtj: Float64Array, jtr: Float64Array): void;
  /** Row-major m × p loss-scaled Jacobian of the last linearization (QR system only). */
  readonly jacobian: Float64Array | null;
  /**
   * Speculative linearization (normal system): evaluates the cost at a trial point
   * together with its normal equations, kept aside; returns the cost.
   */
  trialCost?(x: Float64Array): number | Promise<number>;
  /** Makes the last trial's linearization current; returns NaN when it is not finite. */
  acceptTrial?(cost: number): number;
}

/** MINPACK's dense path: pivoted Householder QR of J, lmpar with Givens eliminations. */
export function createQrSystem(evaluator: Evaluator): LmLinearSystem {
  const m = evaluator.numResiduals;
  const n = evaluator.numParameters;
  const linearizeDense = evaluator.linearize?.bind(evaluator);
  if (!linearizeDense) throw new Error('QR system needs a dense evaluator');
  const ws = createQrWorkspace(m, n);
  const lw = createLmparWorkspace(n);
  const jacobian = new Float64Array(m * n);
  const resid = new Float64Array(m);
  const x = new Float64Array(n);
  const wa = new Float64Array(n);
  let fsnorm = 0;
  const { a, rdiag, ipvt, acnorm } = ws;

  return {
    kind: 'qr',
    acnorm,
    jacobian,
    linearize(xp) {
      const cost = linearizeDense(xp, resid, jacobian);
      if (!Number.isFinite(cost)) return NaN;
      for (let i = 0; i < m; i++) {
        const row = i * n;
        for (let j = 0; j < n; j++) {
          const v = jacobian[row + j];
          if (!Number.isFinite(v)) return NaN;
          a[i + j * m] = v;
        }
      }
      fsnorm = enorm(resid, 0, m);
      qrFactor(ws, true);
      applyQt(ws, resid);
      // lmpar wants R's diagonal in place; the Householder pivots are no longer needed.
      for (let j = 0; j < n; j++) a[j + j * m] = rdiag[j];
      return cost;
    },
    scaledGradient() {
      if (fsnorm === 0) return 0;
      let g = 0;
      for (let j = 0; j < n; j++) {
        const l = ipvt[j];
        if (acnorm[l] === 0) continue;
        let sum = 0;
        for (let i = 0; i <= j; i++) sum += a[i + j * m] * (resid[i] / fsnorm);
        g = Math.max(g, Math.abs(sum / acnorm[l]));
      }
      return g;
    },
    solve(diag, delta, par, step) {
      const out = lmpar(n, a, m, ipvt, diag, resid, delta, par, x, lw);
      for (let j = 0; j < n; j++) step[j] = -x[j];
      return out;
    },
    modelNormSq(step) {
      for (let i = 0; i < n; i++) wa[i] = 0;
      for (let j = 0; j < n; j++) {
        const t = step[ipvt[j]];
        for (let i = 0; i <= j; i++) wa[i] += a[i + j * m] * t;
      }
      const s = enorm(wa, 0, n);
      return s * s;
    },
    normalEquations(jtj, jtr) {
      jtj.fill(0);
      jtr.fill(0);
      // From R: JᵀJ = P·RᵀR·Pᵀ and Jᵀr = P·Rᵀ·(Qᵀr); accurate and O(n³) instead of O(m·n²).
      for (let j = 0; j < n; j++) {
        for (let k = j; k < n; k++) {
          let s = 0;
          for (let i = 0; i <= j; i++) s += a[i + j * m] * a[i + k * m];
          jtj[ipvt[j] * n + ipvt[k]] = s;
          jtj[ipvt[k] * n + ipvt[j]] = s;
        }
        let g = 0;
        for (let i = 0; i <= j; i++) g += a[i + j * m] * resid[i];
        jtr[ipvt[j]] = g;
      }
    },
  };
}

/**
 * LM on the normal equations (f64 Cholesky of JᵀJ + λD²). Trial points are linearized
 * speculatively: one pass over the data gives the cost and JᵀJ, Jᵀr, and an accepted
 * step (the common case) needs no second pass. That halves the passes over large data.
 */
export function createNormalSystem(evaluator: Evaluator): LmLinearSystem {
  const n = evaluator.numParameters;
  let jtj = new Float64Array(n * n);
  let jtr = new Float64Array(n);
  let spareJtj = new Float64Array(n * n);
  let spareJtr = new Float64Array(n);
  const acnorm = new Float64Array(n);
  const lw = createNormalLmparWorkspace(n);
  const x = new Float64Array(n);
  let fnorm = 0;

  const finish = (cost: number): number => {
    if (!Number.isFinite(cost)) return NaN;
    for (let j = 0; j < n; j++) {
      if (!Number.isFinite(jtr[j])) return NaN;
      for (let k = 0; k < n; k++) if (!Number.isFinite(jtj[j * n + k])) return NaN;
      acnorm[j] = Math.sqrt(jtj[j * n + j]);
    }
    // The loss-scaled residual norm is not available here; √(2·cost) equals it for the
    // linear loss and is only used for the gtol cosine.
    fnorm = Math.sqrt(2 * cost);
    return cost;
  };

  return {
    kind: 'normal',
    acnorm,
    jacobian: null,
    linearize(xp) {
      const c = evaluator.normalEquations(xp, jtj, jtr);
      return typeof c === 'number' ? finish(c) : c.then(finish);
    },
    trialCost(xp) {
      return evaluator.normalEquations(xp, spareJtj, spareJtr);
    },
    acceptTrial(cost) {
      [jtj, spareJtj] = [spareJtj, jtj];
      [jtr, spareJtr] = [spareJtr, jtr];
      return finish(cost);
    },
    scaledGradient() {
      if (fnorm === 0) return 0;
      let g = 0;
      for (let j = 0; j < n; j++) if (acnorm[j] !== 0) g = Math.max(g, Math.abs(jtr[j] / (fnorm * acnorm[j])));
      return g;
    },
    solve(diag, delta, par, step) {
      const out = lmparNormal(n, jtj, jtr, diag, delta, par, x, lw);
      for (let j = 0; j < n; j++) step[j] = -x[j];
      return out;
    },
    modelNormSq(step) {
      let s = 0;
      for (let j = 0; j < n; j++) {
        let t = 0;
        for (let k = 0; k < n; k++) t += jtj[j * n + k] * step[k];
        s += step[j] * t;
      }
      return Math.max(0, s);
    },
    normalEquations(outJtj, outJtr) {
      outJtj.set(jtj);
      outJtr.set(jtr);
    },
  };
}
