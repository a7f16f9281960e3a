/**
 * Trust-region reflective (Coleman & Li 1996), following scipy's `trf` with the 'exact'
 * subproblem: in the Coleman–Li scaled variables the step solves a trust-region least
 * squares problem by SVD, then the better of (a) that step pulled back strictly inside
 * the bounds, (b) its reflection off the first bound hit and (c) the scaled
 * anti-gradient is taken. Iterates stay strictly feasible. Without finite bounds the
 * scaling is the identity and this is a plain trust-region Gauss–Newton method.
 *
 * Variables are additionally scaled by the Jacobian's column norms (scipy x_scale='jac',
 * running maximum), which makes the method insensitive to parameter units.
 * The SVD is taken of the small stacked matrix [R; diag(√diag_h)], where J_h = Q·R: the
 * same singular values as scipy's SVD of the (m + n) × n augmented Jacobian at O(n³).
 */
import { FitbenchError } from '../errors';
import type { Evaluator } from './evaluator';
import { applyQt, createQrWorkspace, enorm, qrFactor } from '../numerics/dense-qr';
import { thinSvd } from '../numerics/jacobi-decompositions';
import type { ResolvedOptions } from './minimizer-options';
import { createRunScaffold } from './run-scaffold';
import type { MethodResult } from './termination';
import { clScaling, findActiveConstraints, makeStrictlyFeasible } from './trf-geometry';
import { createTrfStep } from './trf-step';

/** Runs TRF from x0 (free parameters) under resolved options (needs a dense evaluator). */
export async function trustRegionReflective(
  evaluator: Evaluator,
  x0: Float64Array,
  opts: ResolvedOptions,
): Promise<MethodResult> {
  const m = evaluator.numResiduals;
  const n = evaluator.numParameters;
  const dense = evaluator.linearize?.bind(evaluator);
  if (!dense) throw new FitbenchError('OPTIONS_INVALID', 'Method "trf" needs a dense evaluator.');
  const linearize = dense;
  const { lower: lb, upper: ub, ftol, xtol, gtol, maxIterations, signal, resume } = opts;

  const x = Float64Array.from(resume ? resume.params : x0);
  makeFeasibleStart(x, lb, ub, opts.hasBounds);
  const f = new Float64Array(m);
  const jac = new Float64Array(m * n);
  const qr = createQrWorkspace(m, n);
  const g = new Float64Array(n);
  const v = new Float64Array(n);
  const dv = new Float64Array(n);
  const d = new Float64Array(n);
  const diagH = new Float64Array(n);
  const scaleInv = new Float64Array(n);
  const rTri = new Float64Array(n * n);
  const b = new Float64Array(2 * n * n);
  const uf = new Float64Array(n);
  const xNew = new Float64Array(n);
  const algebra = createTrfStep(n, lb, ub);
  const qtf = new Float64Array(m);

  let iteration = resume?.iteration ?? 0;
  let nfev = resume?.nfev ?? 0;
  let njev = resume?.njev ?? 0;
  let history = resume ? resume.history.slice() : [];
  let haveScale = false;
  if (resume && resume.scale.length === n) {
    scaleInv.set(resume.scale);
    haveScale = true;
  }
  let cost = linearize(x, f, jac);
  if (!resume) {
    nfev++;
    njev++;
  }
  if (!Number.isFinite(cost) || !jac.every(Number.isFinite)) {
    throw new FitbenchError(
      'FIT_NONFINITE',
      'The model gives non-finite residuals or Jacobian at the starting parameters.',
    );
  }
  if (!resume) history = [cost];
  const initialCost = history[0] ?? cost;
  let delta = resume ? resume.radius : 0;
  let alpha = resume?.alpha ?? 0;
  let gNorm = 0;
  let stepNorm = 0;
  let accepted = false;

  const gradientAndScale = (): void => {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let c = 0;
      for (let i = 0; i < m; i++) {
        const jij = jac[i * n + j];
        s += jij * f[i];
        c += jij * jij;
      }
      g[j] = s;
      const cn = Math.sqrt(c);
      scaleInv[j] = haveScale ? Math.max(scaleInv[j], cn) : cn === 0 ? 1 : cn;
    }
    haveScale = true;
  };
  gradientAndScale();
  if (!resume) {
    clScaling(x, g, lb, ub, v, dv);
    for (let j = 0; j < n; j++) if (dv[j] !== 0) v[j] *= scaleInv[j];
    let s = 0;
    for (let j = 0; j < n; j++) s += (x[j] * scaleInv[j]) ** 2 / v[j];
    delta = Math.sqrt(s) || 1;
  }

  const scaffold = createRunScaffold(
    'trf',
    opts,
    () => ({
      x,
      cost,
      initialCost,
      iteration,
      nfev,
      njev,
      radius: delta,
      alpha,
      gradientNorm: gNorm,
      stepNorm,
      stepAccepted: accepted,
      history,
    }),
    () => Array.from(scaleInv),
  );
  const report = scaffold.report;
  const reporting = scaffold.reporting;
  const result = (status: MethodResult['status'], detail: string, atX: boolean): MethodResult =>
    scaffold.result(
      status,
      detail,
      atX ? { jacobian: jac, residuals: f } : null,
      findActiveConstraints(x, lb, ub, xtol),
    );
  // TRF relinearizes after every accepted step, so the Jacobian it holds is at x.
  const nonFiniteJacobian = (): MethodResult =>
    result('non-finite', 'the Jacobian is not finite at the current parameters', false);

  for (;;) {
    clScaling(x, g, lb, ub, v, dv);
    gNorm = 0;
    for (let j = 0; j < n; j++) gNorm = Math.max(gNorm, Math.abs(g[j] * v[j]));
    if (reporting && iteration === 0 && !resume && (await report())) return result('user-stop', '', true);
    if (gNorm < gtol) return result('gtol', `‖v·g‖∞ ${fmt(gNorm)} < gtol ${fmt(gtol)}`, true);
    for (let j = 0; j < n; j++) {
      const sInv = scaleInv[j];
      // In the x_scale variables the Coleman–Li distances grow by the scale (scipy).
      if (dv[j] !== 0) v[j] *= sInv;
      d[j] = Math.sqrt(v[j]) / sInv;
      diagH[j] = (g[j] * dv[j]) / sInv;
    }
    // J_h = J·diag(d) = Q·R; the subproblem matrix is [R; diag(√diag_h)].
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) qr.a[i + j * m] = jac[i * n + j] * d[j];
    qrFactor(qr, false);
    qtf.set(f);
    applyQt(qr, qtf);
    b.fill(0);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < j; i++) {
        b[i + j * 2 * n] = qr.a[i + j * m];
        rTri[i + j * n] = qr.a[i + j * m];
      }
      b[j + j * 2 * n] = qr.rdiag[j];
      rTri[j + j * n] = qr.rdiag[j];
      for (let i = j + 1; i < n; i++) rTri[i + j * n] = 0;
      b[n + j + j * 2 * n] = Math.sqrt(Math.max(0, diagH[j]));
    }
    const svd = thinSvd(2 * n, n, b);
    for (let k = 0; k < n; k++) {
      let t = 0;
      for (let i = 0; i < n; i++) t += svd.u[k * 2 * n + i] * qtf[i];
      uf[k] = t;
    }
    const theta = Math.max(0.995, 1 - gNorm);
    let actualReduction = -1;
    while (actualReduction <= 0) {
      if (signal?.aborted) return result('aborted', '', true);
      if (iteration >= maxIterations) return result('max-iterations', `${iteration} iterations`, true);
      alpha = algebra.subproblem(m, uf, svd.s, svd.v, delta, alpha);
      const predicted = algebra.selectStep(x, rTri, diagH, g, d, delta, theta);
      const step = algebra.step;
      for (let j = 0; j < n; j++) xNew[j] = x[j] + step[j];
      makeStrictlyFeasible(xNew, lb, ub);
      const ct = evaluator.cost(xNew);
      const costNew = typeof ct === 'number' ? ct : await ct;
      nfev++;
      iteration++;
      const stepHNorm = enorm(algebra.stepH, 0, n);
      stepNorm = enorm(step, 0, n);
      accepted = false;
      if (!Number.isFinite(costNew)) {
        delta = 0.25 * stepHNorm;
        history.push(cost);
        if (reporting && (await report())) return result('user-stop', '', true);
        continue;
      }
      actualReduction = cost - costNew;
      const [deltaNew, ratio] = updateRadius(delta, actualReduction, predicted, stepHNorm, stepHNorm > 0.95 * delta);
      const ftolMet = actualReduction < ftol * cost && ratio > 0.25;
      const xtolMet = stepNorm < xtol * (xtol + enorm(x, 0, n));
      if (ftolMet || xtolMet) {
        if (actualReduction > 0 && !acceptStep(costNew)) return nonFiniteJacobian();
        history.push(cost);
        const status = ftolMet && xtolMet ? 'xtol+ftol' : ftolMet ? 'ftol' : 'xtol';
        const detail = ftolMet
          ? `cost decrease ${fmt(actualReduction)} < ftol·cost ${fmt(ftol * cost)}`
          : `step norm ${fmt(stepNorm)} < xtol·(xtol + ‖x‖)`;
        return result(status, detail, true);
      }
      alpha *= delta / deltaNew;
      delta = deltaNew;
      if (actualReduction > 0 && !acceptStep(costNew)) return nonFiniteJacobian();
      history.push(cost);
      if (reporting && (await report())) return result('user-stop', '', true);
    }
  }

  /** Moves to xNew and relinearizes there; false when the new Jacobian is not finite. */
  function acceptStep(costNew: number): boolean {
    x.set(xNew);
    cost = linearize(x, f, jac);
    if (!Number.isFinite(cost)) cost = costNew;
    njev++;
    accepted = true;
    if (!jac.every(Number.isFinite)) return false;
    gradientAndScale();
    return true;
  }
}

function makeFeasibleStart(x: Float64Array, lb: Float64Array, ub: Float64Array, hasBounds: boolean): void {
  if (hasBounds) makeStrictlyFeasible(x, lb, ub);
}

/** scipy update_tr_radius: [new Δ, ratio]. */
function updateRadius(
  delta: number,
  actual: number,
  predicted: number,
  stepNorm: number,
  boundHit: boolean,
): [number, number] {
  let ratio = 0;
  if (predicted > 0) ratio = actual / predicted;
  else if (predicted === 0 && actual === 0) ratio = 1;
  if (ratio < 0.25) delta = 0.25 * stepNorm;
  else if (ratio > 0.75 && boundHit) delta *= 2;
  return [delta, ratio];
}

function fmt(v: number): string {
  return v.toExponential(3);
}
