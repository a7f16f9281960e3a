/**
 * The Evaluator hides where residuals come from (Ceres' Evaluator): the CPU evaluator
 * computes them in f64 from a CompiledModel, the WebGPU evaluator in f32 on the GPU. The
 * minimizers only see this interface.
 *
 * Conventions (scipy least_squares): weighted residuals r_i = (y_i − f_i)/σ_i; the cost is
 * ½·Σ ρ(r_i²) with ρ the robust loss scaled by fScale (ρ(z) = z for the linear loss).
 * Parameters passed in are the FREE parameters only (fixed ones are baked into the
 * evaluator), in the order of `paramNames`.
 */
export interface Evaluator {
  readonly numResiduals: number;
  readonly numParameters: number;
  readonly paramNames: readonly string[];
  /** 'dense' evaluators expose the Jacobian (QR path); 'normal' only JᵀJ (GPU path). */
  readonly kind: 'dense' | 'normal';
  /** Backend that does the arithmetic, reported in FitResult.backend. */
  readonly backend: 'cpu' | 'webgpu';

  /** Cost ½·Σ ρ(r²) at `params`; NaN or Infinity when any residual is non-finite. */
  cost(params: Float64Array): number | Promise<number>;

  /**
   * Dense linearization (kind 'dense'): fills `residuals` (length m) and `jacobian`
   * (row-major m × n, ∂r/∂θ) with robust-loss scaling already applied as scipy's
   * `scale_for_robust_loss_function` does, so that Jᵀr is the cost gradient and
   * JᵀJ the Gauss–Newton Hessian. Returns the (unscaled) cost, NaN/Infinity if non-finite.
   */
  linearize?(params: Float64Array, residuals: Float64Array, jacobian: Float64Array): number;

  /**
   * Normal-equation linearization (every evaluator): fills `jtj` (n × n row-major) and
   * `jtr` (n) of the loss-scaled Jacobian and residuals. Returns the cost.
   */
  normalEquations(params: Float64Array, jtj: Float64Array, jtr: Float64Array): number | Promise<number>;

  /** Raw (unscaled, linear-loss) weighted residuals for statistics, length m. */
  residuals(params: Float64Array, out: Float64Array): void | Promise<void>;

  /** Release GPU buffers etc. */
  dispose?(): void;
}
