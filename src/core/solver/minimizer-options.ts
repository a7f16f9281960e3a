/**
 * Validation and defaults of MinimizerOptions (Ceres' Solver::Options::IsValid): every bad
 * option is a FitbenchError naming it, so the minimizers can trust what they receive.
 */
import type { MethodName } from '../api-types';
import { FitbenchError } from '../errors';
import type { Evaluator } from './evaluator';
import {
  DEFAULT_FTOL,
  DEFAULT_GTOL,
  DEFAULT_XTOL,
  NORMAL_GUARD_MAX_RESIDUALS,
  QR_MAX_RESIDUALS,
  type LinearSolverName,
  type MinimizerCheckpoint,
  type MinimizerIteration,
  type MinimizerOptions,
} from './minimizer-types';
import type { AbortSignalLike } from '../api-types';

export interface ResolvedOptions {
  method: MethodName;
  xtol: number;
  ftol: number;
  gtol: number;
  maxIterations: number;
  lower: Float64Array;
  upper: Float64Array;
  hasBounds: boolean;
  linearSolver: LinearSolverName;
  /** 'normal' chosen by 'auto' for a dense evaluator: LM checks the conditioning at the start and may fall back to QR. */
  conditionGuard: boolean;
  onIteration?: (state: MinimizerIteration) => void | 'stop' | Promise<void | 'stop'>;
  signal?: AbortSignalLike;
  resume?: MinimizerCheckpoint;
}

const EPSILON = 2.220446049250313e-16;

function tolerance(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new FitbenchError('OPTIONS_INVALID', `${name} must be a finite number ≥ 0, got ${value}.`, { option: name });
  }
  return value;
}

function boundsVector(name: 'lower' | 'upper', v: Float64Array | undefined, n: number, fill: number): Float64Array {
  if (!v) return new Float64Array(n).fill(fill);
  if (v.length !== n) {
    throw new FitbenchError('OPTIONS_INVALID', `${name} bounds have ${v.length} entries for ${n} free parameters.`, {
      option: name,
    });
  }
  return Float64Array.from(v);
}

/**
 * Default iteration cap: max(1000, 200·(p+1)) trial steps. MINPACK's 100·(p+1) stops
 * valley-crawling problems short of the minimum (NIST Bennett5 from start 1 needs ~760
 * steps, MGH09 ~510); a well-posed fit converges in tens, so the cap only bounds runaway
 * fits.
 */
export function defaultMaxIterations(p: number): number {
  return Math.max(1000, 200 * (p + 1));
}

/** Checks options against the evaluator and the start point and fills in the defaults. */
export function resolveOptions(evaluator: Evaluator, x0: Float64Array, options: MinimizerOptions): ResolvedOptions {
  const n = evaluator.numParameters;
  const m = evaluator.numResiduals;
  const names = evaluator.paramNames;
  if (x0.length !== n) {
    throw new FitbenchError('OPTIONS_INVALID', `The start vector has ${x0.length} entries for ${n} free parameters.`);
  }
  // Fewer residuals than parameters: TRF finds a (minimum-change) solution, as scipy's trf does; LM cannot.
  if (m < n && options.method !== 'trf') {
    throw new FitbenchError(
      'DATA_TOO_FEW_POINTS',
      `${m} data point(s) cannot determine ${n} free parameter(s) with method "lm": need at least ${n}, or use method "trf".`,
    );
  }
  for (let j = 0; j < n; j++) {
    if (!Number.isFinite(x0[j])) {
      throw new FitbenchError('PARAM_NONFINITE', `Start value of "${names[j]}" is ${x0[j]}.`, { parameter: names[j] });
    }
  }
  const lower = boundsVector('lower', options.lower, n, -Infinity);
  const upper = boundsVector('upper', options.upper, n, Infinity);
  let hasBounds = false;
  for (let j = 0; j < n; j++) {
    if (Number.isNaN(lower[j]) || Number.isNaN(upper[j]) || lower[j] >= upper[j]) {
      throw new FitbenchError(
        'BOUNDS_INVERTED',
        `Bounds of "${names[j]}" are [${lower[j]}, ${upper[j]}]: the lower bound must be below the upper one.`,
        { parameter: names[j] },
      );
    }
    if (x0[j] < lower[j] || x0[j] > upper[j]) {
      throw new FitbenchError(
        'START_OUTSIDE_BOUNDS',
        `Start value ${x0[j]} of "${names[j]}" lies outside its bounds [${lower[j]}, ${upper[j]}].`,
        { parameter: names[j] },
      );
    }
    if (Number.isFinite(lower[j]) || Number.isFinite(upper[j])) hasBounds = true;
  }
  const method = options.method ?? (hasBounds ? 'trf' : 'lm');
  if (method !== 'lm' && method !== 'trf') {
    throw new FitbenchError('OPTIONS_INVALID', `Unknown method "${String(method)}": expected "lm" or "trf".`, {
      option: 'method',
    });
  }
  if (method === 'lm' && hasBounds) {
    throw new FitbenchError(
      'OPTIONS_INVALID',
      'Method "lm" does not handle bounds; use method "trf" (the default when bounds are given).',
      { option: 'method' },
    );
  }
  const maxIterations = options.maxIterations ?? defaultMaxIterations(n);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new FitbenchError('OPTIONS_INVALID', `maxIterations must be a positive integer, got ${maxIterations}.`, {
      option: 'maxIterations',
    });
  }
  const choice = options.linearSolver ?? 'auto';
  if (choice !== 'auto' && choice !== 'qr' && choice !== 'normal') {
    throw new FitbenchError('OPTIONS_INVALID', `Unknown linear solver "${String(choice)}".`, {
      option: 'linearSolver',
    });
  }
  const dense = evaluator.kind === 'dense' && typeof evaluator.linearize === 'function';
  if (choice === 'qr' && !dense) {
    throw new FitbenchError(
      'OPTIONS_INVALID',
      'The QR linear solver needs a dense evaluator (this one gives JᵀJ only).',
      {
        option: 'linearSolver',
      },
    );
  }
  if (method === 'trf' && !dense) {
    throw new FitbenchError('OPTIONS_INVALID', 'Method "trf" needs a dense evaluator; use "lm" with this backend.', {
      option: 'method',
    });
  }
  const linearSolver: LinearSolverName =
    choice === 'auto' ? (dense && m <= QR_MAX_RESIDUALS ? 'qr' : 'normal') : choice;
  const resume = options.resume;
  if (resume) {
    if (resume.method !== method || resume.params.length !== n || !Number.isFinite(resume.cost)) {
      throw new FitbenchError(
        'CHECKPOINT_CORRUPT',
        `The checkpoint does not match this problem (method ${resume.method}, ${resume.params.length} parameters).`,
      );
    }
  }
  const xtol = tolerance('xtol', options.xtol, DEFAULT_XTOL);
  const ftol = tolerance('ftol', options.ftol, DEFAULT_FTOL);
  const gtol = tolerance('gtol', options.gtol, DEFAULT_GTOL);
  // scipy's rule: with every tolerance below machine epsilon nothing could ever stop the run
  // but the iteration cap, so it is refused instead of run to it.
  if (xtol < EPSILON && ftol < EPSILON && gtol < EPSILON) {
    throw new FitbenchError(
      'OPTIONS_INVALID',
      `xtol, ftol and gtol are all below machine epsilon (${xtol}, ${ftol}, ${gtol}): at least one must be larger, or the fit could only stop at the iteration cap.`,
      { option: 'xtol' },
    );
  }
  return {
    method,
    xtol,
    ftol,
    gtol,
    maxIterations,
    lower,
    upper,
    hasBounds,
    linearSolver,
    conditionGuard: choice === 'auto' && dense && linearSolver === 'normal' && m <= NORMAL_GUARD_MAX_RESIDUALS,
    onIteration: options.onIteration,
    signal: options.signal,
    resume,
  };
}
