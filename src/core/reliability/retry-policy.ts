/**
 * Retry decisions (DESIGN.md "Reliability model → Retry"): only transient faults are
 * retried, with capped exponential backoff and full jitter. Pure: the caller owns the
 * timer and passes the randomness in.
 */
import type { RetryConfig } from '../config/fitbench-config';
import { FitbenchError, TRANSIENT_CODES } from '../errors';
import type { FitbenchErrorCode } from '../errors';
import type { RandomSource } from './clock';

export type RetryPolicy = RetryConfig;

/**
 * The error code behind `error`: a FitbenchError, its structured-clone form from a
 * worker (`{code, message}`), or INTERNAL for anything else.
 */
export function errorCodeOf(error: unknown): FitbenchErrorCode {
  return FitbenchError.fromJSON(error).code;
}

/** True for faults that may pass when tried again (TRANSIENT_CODES in errors.ts). */
export function isTransient(error: unknown): boolean {
  return TRANSIENT_CODES.has(errorCodeOf(error));
}

function checkAttempt(attempt: number): void {
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new FitbenchError('OPTIONS_INVALID', `retry attempt must be a whole number ≥ 0, got ${attempt}`, {
      field: 'attempt',
    });
  }
}

/**
 * Whether a job that failed with `error` gets another attempt. `attempt` is the number
 * of retries already made (0 after the first failure). Bad input, non-convergence,
 * aborts and internal errors are never retried: trying again cannot change them.
 */
export function shouldRetry(error: unknown, attempt: number, policy: RetryPolicy): boolean {
  checkAttempt(attempt);
  return attempt < policy.maxRetries && isTransient(error);
}

/** The backoff cap of retry number `attempt` (0-based): min(maxDelay, base·factor^attempt). */
export function backoffCap(attempt: number, policy: RetryPolicy): number {
  checkAttempt(attempt);
  // factor^attempt overflows to Infinity for large attempts; min() then yields maxDelay.
  return Math.min(policy.maxDelayMs, policy.retryDelayMs * Math.pow(policy.backoffFactor, attempt));
}

/**
 * Delay in ms before retry number `attempt` (0-based). Full jitter draws uniformly in
 * [0, cap] so that clients failing together do not retry together.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: RandomSource): number {
  const cap = backoffCap(attempt, policy);
  if (policy.jitter === 'none') return cap;
  const u = random();
  if (!(u >= 0 && u < 1)) {
    throw new FitbenchError('OPTIONS_INVALID', `random source must return a number in [0, 1), got ${u}`, {
      field: 'random',
    });
  }
  return u * cap;
}

export type RetryDecision =
  | { retry: true; delayMs: number; attempt: number; code: FitbenchErrorCode }
  | { retry: false; reason: 'not-transient' | 'exhausted'; code: FitbenchErrorCode };

/** shouldRetry and backoffDelay in one call, with the reason when the answer is no. */
export function decideRetry(error: unknown, attempt: number, policy: RetryPolicy, random: RandomSource): RetryDecision {
  checkAttempt(attempt);
  const code = errorCodeOf(error);
  if (!TRANSIENT_CODES.has(code)) return { retry: false, reason: 'not-transient', code };
  if (attempt >= policy.maxRetries) return { retry: false, reason: 'exhausted', code };
  return { retry: true, delayMs: backoffDelay(attempt, policy, random), attempt, code };
}
