/**
 * Options, per-iteration state, checkpoints and the summary shared by the LM and TRF
 * minimizers (Ceres' Solver::Options / IterationSummary / Solver::Summary, in scipy's
 * vocabulary for the tolerances).
 */
import type { AbortSignalLike, FitStatus, MethodName, SolverStateOf } from '../api-types';

/** How the LM step is computed: QR of the Jacobian (MINPACK) or Cholesky of JᵀJ + λD². */
export type LinearSolverName = 'qr' | 'normal';

export interface MinimizerOptions {
  /** 'lm' (default without bounds) or 'trf' (default when any bound is finite). */
  method?: MethodName;
  /** Relative step tolerance (scipy meaning). Default {@link DEFAULT_XTOL}. */
  xtol?: number;
  /** Relative cost-reduction tolerance (scipy meaning). Default {@link DEFAULT_FTOL}. */
  ftol?: number;
  /** Gradient tolerance (scipy meaning: LM cosine test, TRF scaled max-norm). Default {@link DEFAULT_GTOL}. */
  gtol?: number;
  /**
   * Maximum number of iterations; one iteration is one trial step (accepted or rejected,
   * Ceres' convention), i.e. one function evaluation after the first — MINPACK's maxfev
   * convention. Default max(1000, 200·(p+1)), see defaultMaxIterations.
   */
  maxIterations?: number;
  /** Lower bounds of the free parameters (−Infinity for none). */
  lower?: Float64Array;
  /** Upper bounds of the free parameters (+Infinity for none). */
  upper?: Float64Array;
  /**
   * LM linear solver: 'qr' needs a dense evaluator; 'normal' works with every evaluator.
   * 'auto' (default): 'qr' for dense evaluators up to {@link QR_MAX_RESIDUALS} residuals,
   * 'normal' otherwise, with a conditioning guard (see QR_MAX_RESIDUALS).
   */
  linearSolver?: 'auto' | LinearSolverName;
  /** Called at iteration 0 and after every iteration; returning 'stop' ends the run (status 'user-stop'). */
  onIteration?: (state: MinimizerIteration) => void | 'stop' | Promise<void | 'stop'>;
  /** Checked before every iteration; when aborted the run ends with status 'aborted'. */
  signal?: AbortSignalLike;
  /** Continue a run from a checkpoint taken by {@link MinimizerIteration.checkpoint}. */
  resume?: MinimizerCheckpoint;
}

/**
 * Default tolerances. scipy's 1e-8 stops MINPACK while the hard NIST problems (MGH09,
 * MGH10, Bennett5, Thurber) still have only 3–5 correct digits, because a 1e-8 relative
 * decrease of the cost allows a parameter error of about 1e-4·√(n−p) standard errors. At
 * 1e-14 the remaining error is ~1e-7 standard errors; on noisy, well-conditioned data the
 * tighter tests cost one or two extra iterations, since LM converges fast near the
 * minimum and MINPACK's machine-precision tests (no further reduction possible) end the
 * run anyway once the cost stops changing in floating point.
 */
export const DEFAULT_FTOL = 1e-14;
export const DEFAULT_XTOL = 1e-14;
/** Cosine of the angle between r and the columns of J: at a minimum it is at rounding level. */
export const DEFAULT_GTOL = 1e-14;
/**
 * How 'auto' picks LM's linear solver for a dense evaluator (decided by measurement, see
 * the numbers below; every NIST StRD problem has fewer than 300 points):
 *  - up to QR_MAX_RESIDUALS rows: QR of J (MINPACK, the accurate reference: normal
 *    equations square cond(J) and lose half the digits on MGH09, Thurber, Bennett5, Hahn1);
 *  - above: the normal equations, one fused pass per trial giving cost, JᵀJ and Jᵀr
 *    (exp2 at 1e4 points: ~1.5 ms instead of ~8 ms with QR; gauss4 at 1e4: ~1 ms vs ~10);
 *  - but up to NORMAL_GUARD_MAX_RESIDUALS rows, a problem whose scaled JᵀJ at the start
 *    has a condition bound above NORMAL_MAX_CONDITION goes back to QR before the first
 *    step (one extra pass), since there cond(J)² would eat into the digits of the answer.
 * Past NORMAL_GUARD_MAX_RESIDUALS the QR's m × p copies cost more than they can save, and
 * data that large is rarely conditioned badly enough for cond(J)² to matter.
 */
export const QR_MAX_RESIDUALS = 2_000;
/** See {@link QR_MAX_RESIDUALS}. */
export const NORMAL_GUARD_MAX_RESIDUALS = 50_000;
/** See {@link QR_MAX_RESIDUALS}: cond(C)·ε ≈ 1e-8 leaves the answer ~8 digits at worst. */
export const NORMAL_MAX_CONDITION = 1e8;

/**
 * Everything needed to continue a run exactly where it was (plain data: JSON/structured
 * clone): the SolverState over the free-parameter vector, plus the cost history.
 */
export interface MinimizerCheckpoint extends SolverStateOf<number[]> {
  /** Cost after each iteration, history[0] at the start. */
  history: number[];
}

/** What the iteration callback receives (Ceres' IterationSummary), in the SolverState vocabulary. */
export interface MinimizerIteration extends Omit<SolverStateOf<Float64Array>, 'scale'> {
  /** LM: max cosine between r and J's columns (the gtol test); TRF: ‖v·g‖∞. */
  gradientNorm: number;
  /** Euclidean norm of the last trial step (0 at iteration 0). */
  stepNorm: number;
  stepAccepted: boolean;
  /** The parameter scaling as it stands (a copy; empty before the first linearization). */
  scale(): number[];
  /** A resumable snapshot of the run as it stands (copies the history: not per iteration). */
  checkpoint(): MinimizerCheckpoint;
}

export interface MinimizerSummary {
  method: MethodName;
  linearSolver: LinearSolverName;
  params: Float64Array;
  initialCost: number;
  cost: number;
  iterations: number;
  nfev: number;
  njev: number;
  status: FitStatus;
  /** True when a convergence tolerance was met (xtol, ftol, gtol). */
  converged: boolean;
  /** Ceres-style: names the test that ended the run and its figures. */
  message: string;
  /** Loss-scaled Jacobian at `params`, row-major m × p, when the evaluator is dense. */
  jacobian: Float64Array | null;
  /** JᵀJ (p × p row-major) and Jᵀr of the loss-scaled system at `params`. */
  jtj: Float64Array;
  jtr: Float64Array;
  /** Cost per iteration, history[0] at the start. */
  history: number[];
  /** Per parameter: −1 at its lower bound, +1 at its upper bound, 0 free (TRF; zeros for LM). */
  activeMask: Int8Array;
}

export const CONVERGED_STATUSES: ReadonlySet<FitStatus> = new Set<FitStatus>(['xtol', 'ftol', 'gtol', 'xtol+ftol']);

/**
 * Calls the iteration callback and reads its verdict: true means stop. A promise is kept a
 * promise (the minimizer awaits it: the worker yields to its event loop there, so checkpoint
 * writes commit and cancel messages arrive during a long fit).
 */
export function askToStop(
  onIteration: (state: MinimizerIteration) => void | 'stop' | Promise<void | 'stop'>,
  state: MinimizerIteration,
): boolean | Promise<boolean> {
  const verdict = onIteration(state);
  return verdict instanceof Promise ? verdict.then((v) => v === 'stop') : verdict === 'stop';
}
