/**
 * The library contract of DESIGN.md ("Contracts → Library"). Kept stable: the CLI, the
 * worker boundary, the page's `window.fitbench` and the tests all rely on these shapes.
 */

import type { BootstrapResult } from './uncertainty/bootstrap';
import type { ProfileIntervals } from './uncertainty/profile-intervals';

export type LossName = 'linear' | 'soft_l1' | 'huber' | 'cauchy' | 'arctan';
export type MethodName = 'lm' | 'trf';
export type BackendName = 'cpu' | 'webgpu';
export type BackendChoice = 'auto' | BackendName;
/** What the core library itself runs: the CPU ('auto' means the CPU here). */
export type LibraryBackendChoice = 'auto' | 'cpu';

/** The part of the DOM's AbortSignal the solver uses (src/core has no DOM lib). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

/** Numbers indexable by position: number[], Float64Array, Float32Array… */
export type NumericArray = ArrayLike<number>;

export interface FitProblem {
  /** An expression in x (or named predictors) or a library model name such as "gaussian". */
  model: string;
  /** One predictor, or several by name (x1, x2, any data column name). */
  x: NumericArray | Record<string, NumericArray>;
  y: NumericArray;
  /**
   * Standard deviation of each y (residuals (y − f)/σ; an infinite σ gives the point zero
   * weight), or the full n × n covariance matrix of y (correlated errors, scipy's 2-D sigma),
   * whitened by its Cholesky factor.
   */
  sigma?: NumericArray | readonly NumericArray[];
  /** Start values. Library models fill missing ones with automatic guesses. */
  p0?: Record<string, number>;
  /** Per-parameter [lower, upper]; null (JSON) or ±Infinity for an open side. */
  bounds?: Record<string, [number | null, number | null]>;
  /** Parameters held at their p0 values. */
  fixed?: string[];
  /** Drop rows holding NaN/Inf instead of rejecting the data (default false). */
  dropNonFinite?: boolean;
  /**
   * Tied parameters (lmfit's `expr`): name → expression of other parameters and constants,
   * e.g. { s2: "s1", c: "1 - a - b" }. Not fitted; reported with delta-method errors.
   */
  expressions?: Record<string, string>;
  /** Quantities computed from the fit, e.g. { fwhm: "2*sqrt(2*log(2))*s" } → result.derived. */
  derived?: Record<string, string>;
}

/** A quantity derived from the fitted parameters, with its delta-method standard error. */
export interface DerivedQuantity {
  value: number;
  stdError: number;
  /** Student-t interval at the fit's confidence level. */
  confidenceInterval: [number, number];
}

/** One data set of a global fit. */
export interface GlobalDataset {
  x: NumericArray | Record<string, NumericArray>;
  y: NumericArray;
  /** σ per point (infinite: zero weight) or an n × n covariance matrix. */
  sigma?: NumericArray | readonly NumericArray[];
  /** This data set's model; defaults to the problem's. */
  model?: string;
  /** Label in results and messages; defaults to "dataset <k>". */
  name?: string;
}

/**
 * A global fit (Prism/Origin "global", lmfit's shared parameters): several data sets fitted
 * together. Shared parameters are one parameter for all; every other parameter q is one per
 * data set, named `q_<k>` (k 1-based). p0/bounds/fixed under the bare name apply to every
 * data set, under `q_<k>` to one; expressions may link data sets (`t_2: "2*t_1"`).
 */
export interface GlobalProblem {
  datasets: GlobalDataset[];
  model: string;
  shared?: string[];
  p0?: Record<string, number>;
  bounds?: Record<string, [number | null, number | null]>;
  fixed?: string[];
  expressions?: Record<string, string>;
  derived?: Record<string, string>;
  dropNonFinite?: boolean;
}

/** What a fit job carries through the runtime: one data set, or a global fit of several. */
export type FitJobProblem = FitProblem | GlobalProblem;

/** Per-data-set statistics of a global fit. */
export interface DatasetFitSummary {
  name: string;
  n: number;
  chiSquare: number;
  rSquared: number;
  /** Weighted residuals (y − f)/σ of this data set. */
  residuals: number[];
}

export interface GlobalFitResult extends FitResult {
  datasets: DatasetFitSummary[];
}

/** Prism's "do the data sets share this parameter?": shared vs one per data set. */
export interface SharingComparison {
  parameter: string;
  /** Extra-sum-of-squares F statistic (shared = the simpler, nested model). */
  f: number;
  /** Numerator and denominator degrees of freedom of F. */
  dfn: number;
  dfd: number;
  pValue: number;
  /** AICc(shared) − AICc(separate): negative favours sharing. */
  deltaAICc: number;
  /** Akaike weight (probability) of the shared model. */
  sharedProbability: number;
  preferred: 'shared' | 'separate';
  conclusion: string;
  shared: GlobalFitResult;
  separate: GlobalFitResult;
}

/**
 * The minimizer's state at an accepted iterate: the one vocabulary of iteration reports
 * (IterationState), resume (ResumeState), stored checkpoints and the solver's own
 * checkpoint, which are all derived from it. `Params` is by name here and the free-parameter
 * vector inside the solver.
 *
 * The three numbers people call "damping" are kept apart: `radius` is the trust-region
 * radius Δ of both methods, `lambda` the Levenberg–Marquardt parameter λ (method "lm"
 * only), `alpha` TRF's α, the Levenberg parameter its subproblem starts from (method
 * "trf" only).
 */
export interface SolverStateOf<Params> {
  method: MethodName;
  iteration: number;
  /** Parameter values at the accepted iterate. */
  params: Params;
  /** ½·Σ ρ(r²) at `params`. */
  cost: number;
  /** Function evaluations so far. */
  nfev: number;
  /** Jacobian evaluations so far. */
  njev: number;
  /** Trust-region radius Δ (LM: in the D-scaled norm, MINPACK; TRF: scipy's Δ). */
  radius: number;
  /** Levenberg–Marquardt parameter λ (method "lm"). */
  lambda?: number;
  /** TRF's α: the Levenberg parameter its next subproblem starts from (method "trf"). */
  alpha?: number;
  /** The minimizer's parameter scaling (LM's diag D, TRF's Jacobian column scale); empty before the first linearization. */
  scale: number[];
}

/** SolverStateOf with parameters by name (free and fixed). */
export type SolverState = SolverStateOf<Record<string, number>>;

/** What the minimizer reports after every iteration (iteration 0 is the start). */
export interface IterationState extends SolverState {
  /** Max-norm of the gradient of the cost (scaled as scipy's gtol test uses). */
  gradientNorm: number;
  /** Norm of the last step taken (0 at iteration 0). */
  stepNorm: number;
}

/**
 * Options of a fit through the fitting service (worker runtime, `window.fitbench`, CLI), where
 * every backend exists. The library's entry exports {@link LibraryFitOptions} under this name.
 */
export interface FitOptions {
  method?: MethodName;
  loss?: LossName;
  fScale?: number;
  absoluteSigma?: boolean;
  maxIterations?: number;
  xtol?: number;
  ftol?: number;
  gtol?: number;
  backend?: BackendChoice;
  /** Called after every iteration; 'stop' ends the run. A returned promise is awaited. */
  onIteration?: (s: IterationState) => void | 'stop' | Promise<void | 'stop'>;
  signal?: AbortSignalLike;
  /** x values at which to compute confidence and prediction bands (single predictor). */
  bandsAt?: NumericArray;
  /** Confidence level of intervals and bands (default 0.95). */
  confidenceLevel?: number;
  /** Continue a checkpointed run: the minimizer starts from this state instead of p0. */
  resumeFrom?: ResumeState;
  /** Fit from many starts (low-discrepancy within the bounds) and keep the best minimum. */
  multistart?: MultistartOptions;
}

export interface MultistartOptions {
  /** Number of starts, p0 included (2 to 100,000). */
  starts: number;
  /** Seed of the sequence (default 1): the same seed gives the same starts. */
  seed?: number;
}

/** What a multistart fit reports beside the best result. */
export interface MultistartSummary {
  starts: number;
  seed: number;
  /** Starts whose local fit ended at the best χ² (within 1e-6 relative). */
  reachedBest: number;
  /** Starts whose fit failed (non-finite model, rejected start). */
  failed: number;
  /** Distinct minima polished with the full fit. */
  polished: number;
  bestChiSquare: number;
}

/** The library's FitOptions: `curveFit` in this package fits on the CPU, so backend is "auto" or "cpu". */
export type LibraryFitOptions = Omit<FitOptions, 'backend'> & { backend?: LibraryBackendChoice };

/**
 * What a minimizer needs to continue a run where a checkpoint left it: a SolverState (the
 * trust-region part may be missing in checkpoints from older versions, which then restart
 * from their parameters) plus the cost history. With everything present, a resumed run
 * reaches the same answer as an uninterrupted one, bit for bit.
 */
export type ResumeState = Pick<SolverState, 'method' | 'iteration' | 'params' | 'nfev'> &
  Partial<Pick<SolverState, 'cost' | 'njev' | 'radius' | 'lambda' | 'alpha' | 'scale'>> & {
    /** Cost per iteration so far, for the convergence chart. */
    history: number[];
  };

/** Termination reason, as Ceres/scipy name them. */
export type FitStatus =
  'xtol' | 'ftol' | 'gtol' | 'xtol+ftol' | 'max-iterations' | 'user-stop' | 'aborted' | 'non-finite' | 'failure';

export interface ConfidenceBands {
  x: number[];
  y: number[];
  confidenceLower: number[];
  confidenceUpper: number[];
  predictionLower: number[];
  predictionUpper: number[];
}

export interface FitResult {
  params: Record<string, number>;
  stdErrors: Record<string, number>;
  /** Confidence intervals at `confidenceLevel` (Student t, dof degrees of freedom). */
  confidenceIntervals: Record<string, [number, number]>;
  covariance: number[][];
  correlation: number[][];
  /** Names in the order of covariance/correlation rows (free parameters first, then fixed). */
  paramNames: string[];
  cost: number;
  chiSquare: number;
  reducedChiSquare: number;
  rSquared: number;
  aic: number;
  bic: number;
  dof: number;
  nPoints: number;
  iterations: number;
  nfev: number;
  njev: number;
  converged: boolean;
  status: FitStatus;
  message: string;
  backend: BackendName;
  method: MethodName;
  loss: LossName;
  diagnostics: string[];
  elapsedMs: number;
  bands?: ConfidenceBands;
  /** Canonical expression that was fitted (library models expanded). */
  expression: string;
  /** Derived quantities (FitProblem.derived and a library peak's centre, FWHM, height, area). */
  derived?: Record<string, DerivedQuantity>;
  /** Present when the fit ran with FitOptions.multistart. */
  multistart?: MultistartSummary;
  /** Profile-likelihood intervals, when asked for (the CLI's --profile). */
  profile?: ProfileIntervals;
  /** Bootstrap intervals, when asked for (the CLI's --bootstrap N). */
  bootstrap?: BootstrapResult;
}

export interface FitBatch {
  model: string;
  x: NumericArray | NumericArray[];
  y: NumericArray[];
  sigma?: NumericArray[];
  p0?: Record<string, number> | Record<string, number>[];
  bounds?: Record<string, [number | null, number | null]>;
  fixed?: string[];
}

export interface BatchResult {
  paramNames: string[];
  /** curves × params, row-major */
  params: Float64Array;
  stdErrors: Float64Array;
  cost: Float64Array;
  converged: Uint8Array;
  iterations: Uint32Array;
  backend: BackendName;
  elapsedMs: number;
  /** Per-curve flags (1 = yes), where the backend reports them (the WebGPU batch does). */
  diagnostics?: BatchDiagnostics;
}

/** Per-curve diagnostics of a batch, one byte per curve. */
export interface BatchDiagnostics {
  /** A free parameter ended at (within 1e-9 of) one of its bounds. */
  atBound: Uint8Array;
  /** JᵀJ is singular at the answer or a standard error is not finite. */
  notIdentifiable: Uint8Array;
  /** The float32 GPU answer was not a converged minimum in float64: refitted in float64 on the CPU. */
  refittedF64: Uint8Array;
}
