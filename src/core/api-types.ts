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
  /** Standard deviation of each y; residuals are (y − f)/σ. */
  sigma?: NumericArray;
  /** Start values. Library models fill missing ones with automatic guesses. */
  p0?: Record<string, number>;
  /** Per-parameter [lower, upper]; null (JSON) or ±Infinity for an open side. */
  bounds?: Record<string, [number | null, number | null]>;
  /** Parameters held at their p0 values. */
  fixed?: string[];
  /** Drop rows holding NaN/Inf instead of rejecting the data (default false). */
  dropNonFinite?: boolean;
}

/** What the minimizer reports after every iteration (and what checkpoints hold). */
export interface IterationState {
  iteration: number;
  /** ½·Σ ρ(r²) at the current (accepted) parameters. */
  cost: number;
  /** Max-norm of the gradient of the cost (scaled as scipy's gtol test uses). */
  gradientNorm: number;
  /** Norm of the last step taken (0 at iteration 0). */
  stepNorm: number;
  /** LM damping parameter (method "lm") or trust-region radius (method "trf"). */
  damping: number;
  /** Current parameter values by name (free and fixed). */
  params: Record<string, number>;
  /** Function evaluations so far. */
  nfev: number;
  /** Jacobian evaluations so far. */
  njev?: number;
  /** Trust-region radius (LM's Δ, TRF's Δ): with `scale`, what an exact resume needs. */
  radius?: number;
  /** The minimizer's parameter scaling (LM's diag, TRF's Jacobian scale). */
  scale?: number[];
}

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

/**
 * What a minimizer needs to continue a run where a checkpoint left it. A resumed run
 * reaches the same answer as an uninterrupted one (the LM/TRF state is params + damping).
 */
export interface ResumeState {
  method: MethodName;
  iteration: number;
  /** Parameter values by name (free and fixed). */
  params: Record<string, number>;
  /** LM damping λ or TRF radius Δ at that iteration. */
  damping: number;
  nfev: number;
  /** Cost per iteration so far, for the convergence chart. */
  history: number[];
  /** Cost at `params` (recomputed when absent). */
  cost?: number;
  njev?: number;
  /** Trust-region radius; absent: restarted as on a fresh run. */
  radius?: number;
  /** Parameter scaling; absent: recomputed from the first Jacobian. */
  scale?: number[];
}

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
}
