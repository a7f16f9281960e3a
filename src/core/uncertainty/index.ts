/** Uncertainty beyond the covariance: profiles, bootstrap, model comparison and the refits under them. */
export { compareFits } from './compare-fits';
export type {
  ComparableFit,
  CompareFitsOptions,
  FitComparison,
  ModelComparisonEntry,
  NestedFTest,
} from './compare-fits';
export { profileIntervals, DEFAULT_PROFILE_LEVELS } from './profile-intervals';
export type {
  ParameterProfile,
  ProfileIntervals,
  ProfileLevelInterval,
  ProfileOptions,
  ProfileTrace,
} from './profile-intervals';
export { profile2d } from './profile-2d';
export type { Profile2d, Profile2dOptions } from './profile-2d';
export { bootstrap } from './bootstrap';
export type { BootstrapKind, BootstrapOptions, BootstrapParameter, BootstrapResult } from './bootstrap';
export type { BatchFitter, RefitOptions } from './refit-many';
