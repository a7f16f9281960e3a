/**
 * Which failures count against the service. A user's bad CSV or unparsable model is
 * not the service failing: it must not degrade health or burn the error budget, while a
 * crashed worker or a lost GPU must. Neither is a device without a network: a worker
 * script that could not be loaded because the device is offline says nothing about the
 * solver, so it is the environment's fault, not retried and not counted.
 */
import type { FitbenchErrorCode } from '../errors';
import { FitbenchError, TRANSIENT_CODES } from '../errors';
import { errorCodeOf } from './retry-policy';

/**
 * 'transient': retry may help; 'user': the input is at fault; 'service': a lasting fault of ours;
 * 'environment': the device is at fault (no network), neither the input nor the solver.
 */
export type FaultKind = 'transient' | 'user' | 'service' | 'environment';

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
  if (code === 'WORKER_LOAD_FAILED')
    return FitbenchError.fromJSON(error).context.offline === true ? 'environment' : 'service';
  if (TRANSIENT_CODES.has(code)) return 'transient';
  if (USER_CODES.has(code)) return 'user';
  return 'service';
}

/** True when a failed job should count as a service error (health machine, error budget). */
export function countsAgainstService(error: unknown): boolean {
  const kind = classifyFault(error);
  return kind === 'transient' || kind === 'service';
}
