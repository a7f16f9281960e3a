/** The model library: named models, sums of them, and automatic start values. */
export { resolveModel } from './resolve-model';
export { getLibraryModel, listLibraryModels } from './registry';
export type {
  GuessFn,
  LibraryModel,
  LibraryModelInfo,
  ModelFamily,
  ParamBounds,
  PeakModel,
  ResolvedComponent,
  ResolvedModel,
} from './types';
