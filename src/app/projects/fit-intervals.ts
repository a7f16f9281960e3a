/**
 * Profile-likelihood and bootstrap intervals as a finished fit keeps them (in its history
 * entry, the saved project and the exports): per parameter the asymmetric interval, plus what
 * the small charts draw (the profile's Δχ² curve, the bootstrap histogram), not the raw refits.
 */
import type { BackendName } from '../../core/api-types';

export interface ProfileParamSummary {
  /** null: the profile does not cross the level on that side (see the reason). */
  lower: number | null;
  upper: number | null;
  lowerReason?: string;
  upperReason?: string;
  /** The profile: parameter values (ascending) and χ² − χ²_best at each. */
  values: number[];
  deltaChiSquare: number[];
}

export interface ProfileSummary {
  level: number;
  /** Δχ² at which the profile crosses the level (lmfit's F-test criterion): the charts' threshold line. */
  threshold: number;
  chiSquare: number;
  dof: number;
  refits: number;
  backend: BackendName;
  elapsedMs: number;
  params: Record<string, ProfileParamSummary>;
}

export type BootstrapKindName = 'residual' | 'case' | 'wild';

export interface BootstrapParamSummary {
  /** Percentile interval. */
  lower: number;
  upper: number;
  /** Bias-corrected and accelerated interval, when defined. */
  bca: [number, number] | null;
  stdError: number;
  bias: number;
  /** Equal-width histogram of the resampled values. */
  histogram: { min: number; max: number; counts: number[] };
}

export interface BootstrapSummary {
  level: number;
  kind: BootstrapKindName;
  resamples: number;
  seed: number;
  /** Resamples whose refit failed (left out). */
  failed: number;
  backend: BackendName;
  elapsedMs: number;
  params: Record<string, BootstrapParamSummary>;
}
