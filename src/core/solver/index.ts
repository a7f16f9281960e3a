/** The solver core: evaluators, minimizers (LM, TRF), losses and dense linear algebra. */
export type { Evaluator } from './evaluator';
export { createCpuEvaluator, type CpuEvaluator, type CpuEvaluatorOptions } from './cpu-evaluator';
export { minimize, normalFromJacobian } from './minimizer';
export {
  DEFAULT_FTOL,
  DEFAULT_GTOL,
  DEFAULT_XTOL,
  QR_MAX_RESIDUALS,
  CONVERGED_STATUSES,
  type LinearSolverName,
  type MinimizerCheckpoint,
  type MinimizerIteration,
  type MinimizerOptions,
  type MinimizerSummary,
} from './minimizer-types';
export { createLoss, robustScaling, LOSS_NAMES, type LossFunction } from './loss-functions';
export {
  applyQt,
  createLmparWorkspace,
  createQrWorkspace,
  enorm,
  extractR,
  lmpar,
  qrFactor,
  qrSolve,
  type LmparWorkspace,
  type QrWorkspace,
} from '../numerics/dense-qr';
export { lmparNormal, createNormalLmparWorkspace } from './lmpar-normal';
export {
  backSubstituteTransposed,
  choleskyFactor,
  choleskyInverse,
  choleskySolve,
  forwardSubstitute,
} from '../numerics/dense-cholesky';
export { symmetricEigen, thinSvd, type SymmetricEigen, type ThinSvd } from '../numerics/jacobi-decompositions';
export { defaultMaxIterations } from './minimizer-options';
