/** The model library: named models, sums of them, and automatic start values. */
export { resolveModel } from './resolve-model';
export { getLibraryModel, listLibraryModels, previewShape, PREVIEW_POINTS } from './registry';
export type {
  GuessFn,
  LibraryModel,
  LibraryModelInfo,
  LibraryPreview,
  ModelFamily,
  ParamBounds,
  PeakModel,
  ResolvedComponent,
  ResolvedModel,
} from './types';
