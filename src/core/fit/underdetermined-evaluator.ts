/**
 * Fewer residuals than parameters (m < n): scipy's trf still takes steps, since its
 * subproblem works on an SVD of any shape. Our TRF factors a tall Jacobian, so the problem is
 * given n − m zero residuals with zero Jacobian rows: the cost, its gradient and JᵀJ are
 * unchanged, and the minimizer sees a square system.
 */
import type { Evaluator } from '../solver/evaluator';

/** `inner` padded with zero residual rows up to its parameter count (unchanged when m ≥ n). */
export function padToParameterCount(inner: Evaluator): Evaluator {
  const m = inner.numResiduals;
  const n = inner.numParameters;
  if (m >= n || !inner.linearize) return inner;
  const linearize = inner.linearize.bind(inner);
  return {
    numResiduals: n,
    numParameters: n,
    paramNames: inner.paramNames,
    kind: inner.kind,
    backend: inner.backend,
    cost: (params) => inner.cost(params),
    normalEquations: (params, jtj, jtr) => inner.normalEquations(params, jtj, jtr),
    async residuals(params, out) {
      out.fill(0);
      await inner.residuals(params, out.subarray(0, m));
    },
    linearize(params, residuals, jacobian) {
      residuals.fill(0, m);
      jacobian.fill(0, m * n);
      return linearize(params, residuals.subarray(0, m), jacobian.subarray(0, m * n));
    },
    dispose: inner.dispose?.bind(inner),
  };
}
