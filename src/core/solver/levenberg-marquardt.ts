/**
 * Levenberg–Marquardt with MINPACK lmder semantics (Moré 1978):
 *  - scaling D from the running maximum of J's column norms (mode 1),
 *  - initial radius Δ = 100·‖D·x0‖ (or 100), λ from lmpar so that ‖D·step‖ ≈ Δ,
 *  - ratio ρ = actual / predicted reduction: ρ ≤ 0.25 shrinks Δ, ρ ≥ 0.75 (or λ = 0)
 *    doubles it, ρ ≥ 1e-4 accepts the step,
 *  - ftol: |actred| ≤ ftol and prered ≤ ftol; xtol: Δ ≤ xtol·‖D·x‖; gtol: the largest
 *    cosine between r and a column of J ≤ gtol; the machine-precision variants of the
 *    three end the run as converged too (MINPACK info 6–8).
 * Robust losses enter through the loss-scaled residuals and Jacobian; the "norm" is then
 * √(2·cost), which makes actred the relative decrease of the robust cost.
 *
 * The step comes from the QR system (dense evaluators, up to QR_MAX_RESIDUALS residuals,
 * or ill-conditioned ones up to NORMAL_GUARD_MAX_RESIDUALS) or from the normal system (GPU
 * evaluators, larger n); see lm-linear-system.ts and minimizer-types.ts.
 * A non-finite trial cost counts as a failed step (Δ shrinks tenfold), so the run never
 * crashes on a region where the model blows up.
 */
import { FitbenchError } from '../errors';
import type { Evaluator } from './evaluator';
import { enorm } from '../numerics/dense-qr';
import { scaledConditionBound } from '../numerics/dense-cholesky';
import { createNormalSystem, createQrSystem, type LmLinearSystem } from './lm-linear-system';
import type { ResolvedOptions } from './minimizer-options';
import { NORMAL_MAX_CONDITION } from './minimizer-types';
import { createRunScaffold } from './run-scaffold';
import type { MethodResult } from './termination';

const FACTOR = 100;

/** Runs LM from x0 (free parameters) under resolved options. */
export async function levenbergMarquardt(
  evaluator: Evaluator,
  x0: Float64Array,
  opts: ResolvedOptions,
): Promise<MethodResult> {
  const n = evaluator.numParameters;
  let sys = opts.linearSolver === 'qr' ? createQrSystem(evaluator) : createNormalSystem(evaluator);
  const { ftol, xtol, gtol, maxIterations, signal } = opts;
  let speculative = sys.trialCost?.bind(sys);
  let guardPending = opts.conditionGuard && !opts.resume;
  const resume = opts.resume;

  const x = Float64Array.from(resume ? resume.params : x0);
  const xTrial = new Float64Array(n);
  const step = new Float64Array(n);
  const wa = new Float64Array(n);
  const diag = new Float64Array(n);
  let haveDiag = false;
  let iteration = 0;
  let nfev = 0;
  let njev = 0;
  let delta = 0;
  let par = 0;
  let cost: number;
  let history: number[];
  if (resume) {
    cost = resume.cost;
    iteration = resume.iteration;
    nfev = resume.nfev;
    njev = resume.njev;
    delta = resume.radius;
    par = resume.lambda ?? 0;
    history = resume.history.slice();
    if (resume.scale.length === n) {
      diag.set(resume.scale);
      haveDiag = true;
    }
  } else {
    cost = NaN;
    history = [];
  }
  if (resume && !Number.isFinite(cost)) {
    throw new FitbenchError('FIT_NONFINITE', 'The checkpoint holds a non-finite cost.');
  }
  let initialCost = resume ? (resume.history[0] ?? cost) : cost;
  let fnorm = Math.sqrt(2 * cost);
  // With a speculative system an accepted trial arrives already linearized.
  let pendingLinearization = true;
  let xnorm: number;
  let gnorm = 0;
  let stepNorm = 0;
  let accepted = false;
  let linearizedAtX = false;

  const scaffold = createRunScaffold(
    'lm',
    opts,
    () => ({
      x,
      cost,
      initialCost,
      iteration,
      nfev,
      njev,
      radius: delta,
      lambda: par,
      gradientNorm: gnorm,
      stepNorm,
      stepAccepted: accepted,
      history,
    }),
    () => (haveDiag ? Array.from(diag) : []),
  );
  const report = scaffold.report;
  const reporting = scaffold.reporting;
  const result = (status: MethodResult['status'], detail: string): MethodResult =>
    scaffold.result(
      status,
      detail,
      linearizedAtX
        ? { jacobian: sys.jacobian, residuals: null, normalEquations: (jtj, jtr) => sys.normalEquations(jtj, jtr) }
        : null,
    );

  for (;;) {
    if (pendingLinearization) {
      const lc = sys.linearize(x);
      const lcost = typeof lc === 'number' ? lc : await lc;
      njev++;
      if (guardPending && Number.isFinite(lcost)) {
        guardPending = false;
        if (illConditioned(sys, n)) {
          // Too ill-conditioned for the normal equations (see QR_MAX_RESIDUALS): start over on QR.
          sys = createQrSystem(evaluator);
          speculative = undefined;
          opts.linearSolver = 'qr';
          continue;
        }
      }
      if (!resume && nfev === 0) {
        // The first linearization doubles as the first function evaluation.
        nfev = 1;
        cost = lcost;
        initialCost = cost;
        fnorm = Math.sqrt(2 * cost);
        history.push(cost);
      }
      if (!Number.isFinite(lcost)) {
        if (iteration === 0) {
          throw new FitbenchError(
            'FIT_NONFINITE',
            'The model gives non-finite residuals or derivatives at the starting parameters.',
          );
        }
        return result('non-finite', 'the Jacobian is not finite at the current parameters');
      }
    }
    pendingLinearization = true;
    linearizedAtX = true;
    const acnorm = sys.acnorm;
    // MINPACK's "first iteration" (Δ capped by the first step lengths) survives a resume.
    const first = !haveDiag || (resume !== undefined && njev === resume.njev + 1 && resume.njev <= 1);
    if (!haveDiag) {
      for (let j = 0; j < n; j++) diag[j] = acnorm[j] === 0 ? 1 : acnorm[j];
      haveDiag = true;
      for (let j = 0; j < n; j++) wa[j] = diag[j] * x[j];
      xnorm = enorm(wa, 0, n);
      delta = FACTOR * xnorm;
      if (delta === 0) delta = FACTOR;
    } else {
      for (let j = 0; j < n; j++) wa[j] = diag[j] * x[j];
      xnorm = enorm(wa, 0, n);
    }
    gnorm = sys.scaledGradient();
    if (reporting && iteration === 0 && !resume && (await report())) return result('user-stop', '');
    if (gnorm <= gtol) return result('gtol', `max cosine(r, J_j) ${fmt(gnorm)} <= gtol ${fmt(gtol)}`);
    for (let j = 0; j < n; j++) diag[j] = Math.max(diag[j], acnorm[j]);

    // Inner loop: trial steps on this linearization until one is accepted.
    for (;;) {
      if (signal?.aborted) return result('aborted', '');
      if (iteration >= maxIterations) return result('max-iterations', `${iteration} iterations`);
      par = sys.solve(diag, delta, par, step);
      for (let j = 0; j < n; j++) wa[j] = diag[j] * step[j];
      const pnorm = enorm(wa, 0, n);
      if (first) delta = Math.min(delta, pnorm);
      for (let j = 0; j < n; j++) xTrial[j] = x[j] + step[j];
      const ct = speculative ? speculative(xTrial) : evaluator.cost(xTrial);
      const costTrial = typeof ct === 'number' ? ct : await ct;
      nfev++;
      if (speculative) njev++;
      iteration++;
      const fnorm1 = Number.isFinite(costTrial) ? Math.sqrt(2 * costTrial) : Infinity;
      const actred = 0.1 * fnorm1 < fnorm ? 1 - (fnorm1 / fnorm) ** 2 : -1;
      const temp1 = Math.sqrt(sys.modelNormSq(step)) / fnorm;
      const temp2 = (Math.sqrt(par) * pnorm) / fnorm;
      const prered = temp1 * temp1 + (temp2 * temp2) / 0.5;
      const dirder = -(temp1 * temp1 + temp2 * temp2);
      const ratio = prered !== 0 ? actred / prered : 0;
      if (ratio <= 0.25) {
        let temp = actred >= 0 ? 0.5 : (0.5 * dirder) / (dirder + 0.5 * actred);
        if (0.1 * fnorm1 >= fnorm || temp < 0.1) temp = 0.1;
        delta = temp * Math.min(delta, pnorm / 0.1);
        par /= temp;
      } else if (par === 0 || ratio >= 0.75) {
        delta = pnorm / 0.5;
        par *= 0.5;
      }
      stepNorm = enorm(step, 0, n);
      accepted = ratio >= 1e-4;
      if (accepted) {
        x.set(xTrial);
        for (let j = 0; j < n; j++) wa[j] = diag[j] * x[j];
        xnorm = enorm(wa, 0, n);
        fnorm = fnorm1;
        cost = costTrial;
        linearizedAtX = false;
        if (sys.acceptTrial) {
          if (!Number.isFinite(sys.acceptTrial(costTrial))) {
            return result('non-finite', 'the Jacobian is not finite at the current parameters');
          }
          linearizedAtX = true;
          pendingLinearization = false;
        }
      }
      history.push(cost);
      if (reporting && (await report())) return result('user-stop', '');

      const ftolMet = Math.abs(actred) <= ftol && prered <= ftol && 0.5 * ratio <= 1;
      const xtolMet = delta <= xtol * xnorm;
      if (ftolMet && xtolMet) return result('xtol+ftol', `relative cost decrease ${fmt(actred)}, radius ${fmt(delta)}`);
      if (ftolMet) return result('ftol', `|relative cost decrease| ${fmt(Math.abs(actred))} <= ftol ${fmt(ftol)}`);
      if (xtolMet) return result('xtol', `trust radius ${fmt(delta)} <= xtol·‖D·x‖ ${fmt(xtol * xnorm)}`);
      if (Math.abs(actred) <= Number.EPSILON && prered <= Number.EPSILON && 0.5 * ratio <= 1) {
        return result('ftol', `no further reduction of the cost is possible in double precision`);
      }
      if (delta <= Number.EPSILON * xnorm)
        return result('xtol', `no further improvement of the parameters is possible in double precision`);
      if (gnorm <= Number.EPSILON)
        return result('gtol', `the residuals are orthogonal to the Jacobian's columns to machine precision`);
      if (accepted) break;
    }
  }
}

function illConditioned(sys: LmLinearSystem, n: number): boolean {
  const jtj = new Float64Array(n * n);
  sys.normalEquations(jtj, new Float64Array(n));
  return scaledConditionBound(n, jtj) > NORMAL_MAX_CONDITION;
}

function fmt(v: number): string {
  return v.toExponential(3);
}
