/** Statistics after a fit: distributions, covariance, goodness of fit, intervals, bands, diagnostics. */
export { studentTCdf, studentTPdf, studentTQuantile, studentTSf } from './student-t';
export { normalCdf, normalPdf, normalQuantile, normalSf } from './normal';
export {
  logBeta,
  logGamma,
  regularizedIncompleteBeta,
  regularizedGammaP,
  regularizedGammaQ,
} from '../numerics/gamma-functions';
export { singularValueDecomposition, symmetricEigen } from '../numerics/jacobi-decompositions';
export type { SymmetricEigen } from '../numerics/jacobi-decompositions';
export { triangularFactor } from '../numerics/givens-qr';
export {
  correlationFromCovariance,
  covarianceFromFactor,
  covarianceFromJacobian,
  covarianceFromNormalMatrix,
} from './covariance';
export type { CovarianceOptions, CovarianceResult } from './covariance';
export { standardErrorsFromNormalMatrix } from './standard-errors';
export { dataSumsOfSquares, goodnessOfFit, totalSumOfSquares } from './goodness-of-fit';
export type { GoodnessOfFit, GoodnessOfFitInput } from './goodness-of-fit';
export { confidenceBands, confidenceIntervals, criticalT } from './confidence';
export type { BandOptions, BandPoint } from './confidence';
export { fitDiagnostics } from './diagnostics';
export type { DiagnosticsInput } from './diagnostics';
export { computeFitStatistics } from './fit-statistics';
export type { FitStatistics, FitStatisticsInput, Linearization } from './fit-statistics';
export { chiSquareCdf, chiSquareSf, fisherFCdf, fisherFSf } from './fisher-f';
