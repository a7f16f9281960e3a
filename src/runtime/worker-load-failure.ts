/**
 * A worker script that could not be loaded is not a crashed fit. Offline, it is the
 * device's missing network (WORKER_LOAD_FAILED with `offline: true`: never retried, never
 * counted against health or the error budget); online, a script the server no longer has
 * is a stale or broken deployment (counted, not retried: reloading is what fixes it).
 */
import type { SerializedError } from '../worker/worker-api';

/** Why a worker script did not load, as far as the page can tell. */
export interface LoadFailureDiagnosis {
  /** The device has no network (navigator.onLine false, or the script's URL is unreachable). */
  offline: boolean;
  /** The server's answer for the script, when it answered with an error status. */
  httpStatus?: number;
}

export interface DiagnoseOptions {
  /** The worker script's URL (probed with a HEAD request), when known. */
  scriptUrl?: string | URL | null;
  fetch?: typeof globalThis.fetch;
  /** navigator.onLine (default: the page's navigator; true where there is none). */
  onLine?: () => boolean;
}

/**
 * Finds out why a worker did not load: offline when the browser says so or when the
 * script's URL cannot be reached at all; otherwise the server's status for the script.
 */
export async function diagnoseWorkerLoad(options: DiagnoseOptions = {}): Promise<LoadFailureDiagnosis> {
  const onLine = options.onLine ?? (() => globalThis.navigator?.onLine !== false);
  if (!onLine()) return { offline: true };
  const doFetch = options.fetch ?? globalThis.fetch;
  if (!options.scriptUrl || typeof doFetch !== 'function') return { offline: false };
  try {
    const response = await doFetch(String(options.scriptUrl), { method: 'HEAD', cache: 'no-store' });
    return response.ok ? { offline: false } : { offline: false, httpStatus: response.status };
  } catch {
    // fetch rejects only when no answer came back at all: no network, or the server is gone.
    return { offline: true };
  }
}

/** The error a run reports when its worker never started, in words a user can act on. */
export function workerLoadError(
  jobId: string,
  attempt: number,
  diagnosis: LoadFailureDiagnosis,
  detail: string | null,
): SerializedError {
  const context = { jobId, attempt, offline: diagnosis.offline, httpStatus: diagnosis.httpStatus, detail };
  if (diagnosis.offline) {
    return {
      code: 'WORKER_LOAD_FAILED',
      message:
        'The fit could not start: this device is offline and the fitting code is not saved for offline use yet. ' +
        'Connect once and reload the page; after that, fits run offline.',
      context,
    };
  }
  if (diagnosis.httpStatus !== undefined) {
    return {
      code: 'WORKER_LOAD_FAILED',
      message:
        `The fit could not start: the server answered ${diagnosis.httpStatus} for the fitting code, ` +
        'probably because a newer version of Fitbench was deployed. Reload the page to update.',
      context,
    };
  }
  return {
    code: 'WORKER_LOAD_FAILED',
    message: `The fit could not start: the fitting code did not load${detail ? ` (${detail})` : ''}. Reload the page.`,
    context,
  };
}
