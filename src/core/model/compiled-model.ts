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
