/**
 * Maps what IndexedDB throws (DOMException by name) onto FitbenchError codes, so callers
 * decide on the code alone: STORAGE_QUOTA (turn checkpoints off) or STORAGE_UNAVAILABLE.
 */
import { FitbenchError } from '../core/errors';

/** True for a quota failure in any engine's spelling. */
export function isQuotaError(e: unknown): boolean {
  if (e instanceof FitbenchError) return e.code === 'STORAGE_QUOTA';
  const name = errorName(e);
  // Old Firefox reported quota as NS_ERROR_DOM_QUOTA_REACHED.
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

/** The fault `simulateQuotaExceeded` injects: what a browser raises when the origin is full. */
export function simulatedQuotaError(): Error {
  if (typeof DOMException === 'function') {
    return new DOMException('simulated quota exceeded (chaos quotaExceeded)', 'QuotaExceededError');
  }
  const e = new Error('simulated quota exceeded (chaos quotaExceeded)');
  e.name = 'QuotaExceededError';
  return e;
}

/** Wraps a storage failure as a FitbenchError that says what was being done. */
export function toStorageError(e: unknown, doing: string, context: Record<string, unknown> = {}): FitbenchError {
  if (e instanceof FitbenchError) return e;
  const name = errorName(e) ?? 'Error';
  const detail = e instanceof Error || isDomLike(e) ? (e as { message: string }).message : String(e);
  if (isQuotaError(e)) {
    return new FitbenchError(
      'STORAGE_QUOTA',
      `Browser storage is full while ${doing}: ${detail}. Free space or allow persistent storage.`,
      { ...context, cause: name },
    );
  }
  return new FitbenchError('STORAGE_UNAVAILABLE', `Browser storage failed while ${doing}: ${name}: ${detail}`, {
    ...context,
    cause: name,
  });
}

function errorName(e: unknown): string | undefined {
  if (e && typeof e === 'object' && 'name' in e && typeof (e as { name: unknown }).name === 'string') {
    return (e as { name: string }).name;
  }
  return undefined;
}

function isDomLike(e: unknown): boolean {
  return !!e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string';
}

/** Aborts a transaction that may already be finished (then there is nothing to undo). */
export function abortQuietly(tx: { abort(): void } | undefined): void {
  try {
    tx?.abort();
  } catch {
    // InvalidStateError: already committed or aborted.
  }
}

/**
 * Marks a request's promise as handled and returns it. When a later step of the same
 * transaction throws and aborts it, earlier requests reject too; the caller reports the
 * first failure, so these rejections must not surface as unhandled.
 */
export function settledLater<T>(request: Promise<T>): Promise<T> {
  request.catch(() => undefined);
  return request;
}
