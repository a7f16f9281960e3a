import type { BoundNormalEquations } from './wasm-fused-kernel';

/**
 * The seam between the model language and the solver. The model compiler (parse →
 * simplify → differentiate → generate) produces a CompiledModel; the CPU evaluator calls it
 * on Float64Arrays, the GPU backend splices its WGSL into kernel skeletons.
 */
export interface CompiledModel {
  /** Canonical printed form of the model expression. */
  readonly expression: string;
  /** Parameters in a stable order (order of first appearance in the expression). */
  readonly paramNames: readonly string[];
  /** Predictor (data column) names the expression reads, e.g. ['x'] or ['x1','x2']. */
  readonly predictorNames: readonly string[];
  /**
   * f(x_i; θ) for every point. `predictors[k]` is the column of predictorNames[k]; all have
   * length n = out.length. Non-finite values are written as they come (the caller checks).
   */
  evaluate(params: Float64Array, predictors: readonly Float64Array[], out: Float64Array): void;
  /**
   * f and its exact Jacobian ∂f/∂θ_j, row-major n × p (jac[i*p + j]), p = paramNames.length.
   * Shared subexpressions are evaluated once per point.
   */
  evaluateWithJacobian(
    params: Float64Array,
    predictors: readonly Float64Array[],
    out: Float64Array,
    jac: Float64Array,
  ): void;
  /**
   * Generated one-pass least-squares kernels (the CPU evaluator's large-n path); absent
   * for models with more than {@link FUSED_MAX_PARAMS} parameters.
   */
  readonly fused?: FusedKernels;
  /** f and ∂f/∂θ as WGSL (f32) for the GPU kernels. */
  readonly wgsl: WgslModel;
}

/**
 * WGSL functions for one model, to be spliced into fixed kernel skeletons.
 *
 * `source` declares (names are fixed so skeletons can call them):
 *   fn model_value(x: array<f32, NX>, p: array<f32, NP>) -> f32
 *   fn model_value_and_gradient(x: array<f32, NX>, p: array<f32, NP>, g: ptr<function, array<f32, NP>>) -> f32
 * where NX = predictor count and NP = parameter count (literal constants in the source).
 */
export interface WgslModel {
  readonly source: string;
  readonly numPredictors: number;
  readonly numParams: number;
}

/** Above this many parameters the fused kernels' p(p+1)/2 local accumulators are not generated. */
export const FUSED_MAX_PARAMS = 12;

/**
 * One loop per call over rows [start, end) that evaluates the model and reduces at once,
 * without storing f or the Jacobian. Residuals are r_i = (y_i − f_i)·w_i (w null: all 1,
 * w = 1/σ for weighted fits), g_ij = w_i·∂f_i/∂θ_j (so the residual Jacobian is −g).
 * Callers keep the ranges to a few thousand rows and add the partial sums into totals, so
 * rounding grows with the block count, not with n. Shapes are not checked here: the
 * caller (the CPU evaluator) has validated them once.
 */
export interface FusedKernels {
  /** Σ r² over the rows; NaN/Infinity when a residual is not finite. */
  sumSquares(
    params: Float64Array,
    predictors: readonly Float64Array[],
    y: Float64Array,
    weights: Float64Array | null,
    start: number,
    end: number,
  ): number;
  /**
   * Writes acc[0] = Σ r², acc[1 + j] = Σ g_j·r, then the upper triangle of Σ g_j·g_k row by
   * row (j ≤ k) from acc[1 + P]; acc has length at least 1 + P + P(P+1)/2.
   */
  normalEquations(
    params: Float64Array,
    predictors: readonly Float64Array[],
    y: Float64Array,
    weights: Float64Array | null,
    start: number,
    end: number,
    acc: Float64Array,
  ): void;
  /**
   * normalEquations as WebAssembly bound to one fit's data (copied in), computing the
   * same sums bit for bit; undefined where the model or the environment has none.
   */
  bindNormalEquations(
    predictors: readonly Float64Array[],
    y: Float64Array,
    weights: Float64Array | null,
  ): BoundNormalEquations | undefined;
}
