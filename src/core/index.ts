/**
 * Fitbench's library entry (DESIGN.md "Contracts → Library"): curveFit and curveFitBatch,
 * the model language, the data parser, and the types. Pure TypeScript: runs in Node, in a
 * worker and in the page. This is the package's public contract only: the worker, the GPU
 * backend and the CLI import the internals they need from the modules themselves.
 */
export { curveFit, curveFitBatch, curveFitGlobal, compareSharing, isGlobalProblem, formatFitReport } from './fit';
export type { BatchProgress } from './fit';
export * from './api-types';
// The library fits on the CPU: its FitOptions is the library's (backend "auto" or "cpu"). An
// explicit export shadows the star export's service-wide FitOptions of the same name.
export type { LibraryFitOptions as FitOptions } from './api-types';
export { FitbenchError, isFitbenchError, TRANSIENT_CODES } from './errors';
export type { FitbenchErrorCode, FitbenchErrorContext } from './errors';
export { compileModel, parseModel } from './model';
export type { CompiledModel, WgslModel, ParsedModel } from './model';
export { resolveModel, listLibraryModels } from './model/library';
export type { LibraryModelInfo, ResolvedModel } from './model/library';
export { parseTable, selectColumns, validateArrays } from './data';
export type { DataTable, FitData } from './data';
export { FITBENCH_VERSION } from './version';
export { csvTextCell, csvNumberCell, csvLines, sanitizeFileName } from './export/csv-cells';
export { compareFits, profileIntervals, profile2d, bootstrap, DEFAULT_PROFILE_LEVELS } from './uncertainty';
export type {
  BatchFitter,
  BootstrapKind,
  BootstrapOptions,
  BootstrapParameter,
  BootstrapResult,
  ComparableFit,
  CompareFitsOptions,
  FitComparison,
  ModelComparisonEntry,
  NestedFTest,
  ParameterProfile,
  Profile2d,
  Profile2dOptions,
  ProfileIntervals,
  ProfileLevelInterval,
  ProfileOptions,
  ProfileTrace,
  RefitOptions,
} from './uncertainty';
export { fisherFCdf, fisherFSf, chiSquareCdf, chiSquareSf } from './stats/fisher-f';
