/** Fitting as the library offers it: prepare → evaluator → minimizer → statistics. */
export { curveFit, createCpuEvaluatorFor } from './curve-fit';
export { curveFitBatch, validateBatchShape, curveX, curveP0, type BatchProgress } from './curve-fit-batch';
export {
  cpuBatchDiagnostics,
  curvesAtBound,
  curvesNotIdentifiable,
  emptyBatchDiagnostics,
  placeBatchDiagnostics,
} from './batch-diagnostics';
export { prepareFit, resolveModelSpec, describeModelSpec, type PreparedFit } from './prepare-fit';
export { runPreparedFit, namedParameters, toMinimizerCheckpoint } from './run-fit';
export { formatFitReport } from './fit-report';
export { curveFitGlobal, isGlobalProblem } from './curve-fit-global';
export { compareSharing, fDistributionSf } from './compare-sharing';
export { prepareGlobal, type PreparedGlobal } from './prepare-global';
export { runGlobalFit } from './run-global';
