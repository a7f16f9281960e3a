/**
 * Which failures count against the service. A user's bad CSV or unparsable model is
 * not the service failing: it must not degrade health or burn the error budget, while a
 * crashed worker or a lost GPU must.
 */
import type { FitbenchErrorCode } from '../errors';
import { TRANSIENT_CODES } from '../errors';
import { errorCodeOf } from './retry-policy';

/** 'transient': retry may help; 'user': the input is at fault; 'service': a lasting fault of ours. */
export type FaultKind = 'transient' | 'user' | 'service';

const USER_CODES: ReadonlySet<FitbenchErrorCode> = new Set<FitbenchErrorCode>([
  'MODEL_PARSE',
  'MODEL_UNKNOWN_FUNCTION',
  'MODEL_ARITY',
  'MODEL_UNKNOWN',
  'MODEL_NO_PARAMETERS',
  'PARAM_NO_START',
  'PARAM_UNKNOWN',
  'PARAM_NONFINITE',
  'BOUNDS_INVERTED',
  'START_OUTSIDE_BOUNDS',
  'DATA_LENGTH_MISMATCH',
  'DATA_TOO_FEW_POINTS',
  'DATA_NONFINITE',
  'DATA_EMPTY',
  'DATA_NO_NUMERIC_COLUMN',
  'DATA_COLUMN_MISSING',
  'DATA_PARSE',
  'SIGMA_INVALID',
  'OPTIONS_INVALID',
  // The model itself produced NaN/Inf at the user's parameters, and the user cancelled.
  'FIT_NONFINITE',
  'FIT_ABORTED',
]);

/** Classifies an error (FitbenchError, its cloned JSON form, or anything else → service). */
export function classifyFault(error: unknown): FaultKind {
  const code = errorCodeOf(error);
  if (TRANSIENT_CODES.has(code)) return 'transient';
  if (USER_CODES.has(code)) return 'user';
  return 'service';
}

/** True when a failed job should count as a service error (health machine, error budget). */
export function countsAgainstService(error: unknown): boolean {
  return classifyFault(error) !== 'user';
}
