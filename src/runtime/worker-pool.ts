/**
 * A pool of fit workers (comlink). One run per worker at a time, so a crashing or hanging
 * fit takes down only its own worker: an uncaught error in a worker, a terminate for a
 * timeout or a cancel past its grace period all discard that worker, and the next run
 * starts a fresh one. Workers start lazily and are closed after a while idle (Squoosh's
 * bridge does the same), so an idle page holds no threads.
 */
import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { FitWorkerApi, RunOutcome, RunRequest, SerializedError, WorkerEventSink } from '../worker/worker-api';
import { isWorkerReadyMessage } from '../worker/worker-api';
// The bundled worker's URL, a string (Vite builds the module worker): the pool starts workers
// from it and probes it when one does not load. Only the URL crosses the layer, never code.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import fitWorkerUrl from '../worker/fit.worker.ts?worker&url';
import type { FitRunner, RunHandle, RunnerStats } from './runner';
import { diagnoseWorkerLoad, workerLoadError, type LoadFailureDiagnosis } from './worker-load-failure';

/** Something that behaves like a DOM Worker (tests pass a fake). */
export interface WorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: Event) => void): void;
  removeEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

export interface WorkerPoolOptions {
  /** Runs at once (see poolSize). */
  size: number;
  /** Starts one worker. Default: the Vite-bundled module worker fit.worker.ts. */
  createWorker?: () => WorkerLike;
  /** Idle workers are terminated after this long (default 60 s; 0 keeps them). */
  idleTimeoutMs?: number;
  /**
   * A running worker silent this long (no heartbeat, no message) is treated as crashed:
   * WORKER_CRASH, which the service retries from the checkpoint (default 8 s; 0 disables).
   */
  heartbeatTimeoutMs?: number;
  /** Why a worker did not load (default: navigator.onLine, then a HEAD request for the default script). */
  diagnoseLoadFailure?: () => Promise<LoadFailureDiagnosis>;
}

interface Slot {
  worker: WorkerLike;
  remote: Remote<FitWorkerApi>;
  busy: boolean;
  idleTimer: ReturnType<typeof setTimeout> | null;
  /** The worker's module loaded (it posted WORKER_READY_MESSAGE). */
  ready: boolean;
}

/**
 * Worker count for a configured size: 'auto' is navigator.hardwareConcurrency minus one for
 * the page, at least 2 (so one hung fit never blocks every other) and at most 16.
 */
export function poolSize(
  setting: 'auto' | number,
  hardwareConcurrency: number | undefined = globalThis.navigator?.hardwareConcurrency,
): number {
  if (setting !== 'auto') return setting;
  const cores =
    Number.isFinite(hardwareConcurrency) && (hardwareConcurrency as number) > 0 ? (hardwareConcurrency as number) : 2;
  return Math.min(16, Math.max(2, cores - 1));
}

/** How often the watchdog looks; the fit worker beats every second (worker/heartbeat-api.ts). */
const WATCHDOG_MS = 1000;
/** Silence after which a running worker is declared dead (a few missed beats, slack for a busy machine). */
export const WORKER_HEARTBEAT_TIMEOUT_MS = 8000;

function defaultCreateWorker(): WorkerLike {
  return new Worker(fitWorkerUrl, { type: 'module', name: 'fitbench-fit' });
}

const EMPTY_STATS = {
  iterations: 0,
  checkpointsWritten: 0,
  lastCheckpointIteration: null,
  startIteration: 0,
  resultStored: false,
};

function failure(error: SerializedError, cancelled = false): RunOutcome {
  return { ok: false, error, cancelled, stats: { ...EMPTY_STATS }, tail: [] };
}

export class WorkerPool implements FitRunner {
  readonly capacity: number;
  private readonly slots = new Set<Slot>();
  private readonly createWorker: () => WorkerLike;
  private readonly idleTimeoutMs: number;
  private readonly heartbeatTimeoutMs: number;
  private readonly diagnoseLoadFailure: () => Promise<LoadFailureDiagnosis>;
  private started = 0;
  private crashed = 0;

  constructor(options: WorkerPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1)
      throw new RangeError(`Worker pool size must be a whole number ≥ 1; got ${options.size}.`);
    this.capacity = options.size;
    this.createWorker = options.createWorker ?? defaultCreateWorker;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? WORKER_HEARTBEAT_TIMEOUT_MS;
    this.diagnoseLoadFailure =
      options.diagnoseLoadFailure ??
      (() => diagnoseWorkerLoad({ scriptUrl: options.createWorker ? null : fitWorkerUrl }));
  }

  stats(): RunnerStats {
    let busy = 0;
    for (const s of this.slots) if (s.busy) busy++;
    return { capacity: this.capacity, busy, workersStarted: this.started, workersCrashed: this.crashed };
  }

  start(request: RunRequest, transferList: Transferable[], onEvents: WorkerEventSink): RunHandle {
    const slot = this.acquire();
    let settle!: (o: RunOutcome) => void;
    const outcome = new Promise<RunOutcome>((resolve) => (settle = resolve));
    let done = false;

    // Any message (heartbeat, progress, the reply) proves the worker alive.
    let lastSeen = Date.now();
    const onMessage = (): void => {
      lastSeen = Date.now();
    };
    const watchdog =
      this.heartbeatTimeoutMs > 0
        ? setInterval(
            () => {
              const silentMs = Date.now() - lastSeen;
              if (silentMs < this.heartbeatTimeoutMs) return;
              this.crashed += 1;
              finish(
                failure({
                  code: 'WORKER_CRASH',
                  message: `The worker running job ${request.jobId} stopped responding (no heartbeat for ${Math.round(silentMs / 1000)} s); it was replaced and the job retried from its checkpoint.`,
                  context: { jobId: request.jobId, attempt: request.attempt, silentMs },
                }),
                false,
              );
            },
            Math.min(WATCHDOG_MS, this.heartbeatTimeoutMs),
          )
        : null;

    const finish = (o: RunOutcome, keepWorker: boolean): void => {
      if (done) return;
      done = true;
      if (watchdog !== null) clearInterval(watchdog);
      slot.worker.removeEventListener('message', onMessage);
      slot.worker.removeEventListener('error', onError);
      slot.worker.removeEventListener('messageerror', onMessageError);
      if (keepWorker) this.release(slot);
      else this.discard(slot);
      settle(o);
    };
    const onError = (event: Event): void => {
      if (!slot.ready) {
        // The script never started: a missing network or deployment, not a crashed fit.
        const detail = (event as ErrorEvent).message || null;
        slot.worker.removeEventListener('error', onError);
        void this.diagnoseLoadFailure()
          .catch((): LoadFailureDiagnosis => ({ offline: false }))
          .then((diagnosis) =>
            finish(failure(workerLoadError(request.jobId, request.attempt, diagnosis, detail)), false),
          );
        return;
      }
      this.crashed += 1;
      const detail = (event as ErrorEvent).message || 'uncaught error';
      finish(
        failure({
          code: 'WORKER_CRASH',
          message: `The worker running job ${request.jobId} crashed: ${detail}`,
          context: { jobId: request.jobId, attempt: request.attempt },
        }),
        false,
      );
    };
    const onMessageError = (): void => {
      finish(
        failure({
          code: 'INTERNAL',
          message: `A message from the worker running job ${request.jobId} could not be read.`,
          context: { jobId: request.jobId },
        }),
        false,
      );
    };
    slot.worker.addEventListener('message', onMessage);
    slot.worker.addEventListener('error', onError);
    slot.worker.addEventListener('messageerror', onMessageError);

    slot.remote.run(transfer(request, transferList), proxy(onEvents)).then(
      (o) => finish(o as RunOutcome, true),
      (e: unknown) => {
        const name = (e as { name?: string } | null)?.name;
        if (name === 'DataCloneError') {
          finish(
            failure({
              code: 'OPTIONS_INVALID',
              message: `Job ${request.jobId} holds values that cannot be sent to a worker (functions or objects with methods): ${String((e as Error).message)}`,
              context: { jobId: request.jobId },
            }),
            true,
          );
        } else {
          finish(
            failure({
              code: 'INTERNAL',
              message: `The worker failed running job ${request.jobId}: ${e instanceof Error ? e.message : String(e)}`,
              context: { jobId: request.jobId },
            }),
            false,
          );
        }
      },
    );

    return {
      outcome,
      cancel: () => {
        if (!done) slot.remote.cancel(request.jobId).catch(() => undefined);
      },
      terminate: (error) => finish(failure(error, error.code === 'FIT_ABORTED'), false),
    };
  }

  dispose(): void {
    for (const slot of [...this.slots]) this.discard(slot);
  }

  private acquire(): Slot {
    for (const slot of this.slots) {
      if (!slot.busy) {
        if (slot.idleTimer !== null) clearTimeout(slot.idleTimer);
        slot.idleTimer = null;
        slot.busy = true;
        return slot;
      }
    }
    if (this.slots.size >= this.capacity) {
      throw new RangeError(`All ${this.capacity} fit workers are busy; the service queues jobs beyond the pool size.`);
    }
    const worker = this.createWorker();
    this.started += 1;
    const slot: Slot = {
      worker,
      remote: wrap<FitWorkerApi>(worker as unknown as Worker),
      busy: true,
      idleTimer: null,
      ready: false,
    };
    const onReady = (event: Event): void => {
      if (!isWorkerReadyMessage((event as MessageEvent).data)) return;
      slot.ready = true;
      worker.removeEventListener('message', onReady);
    };
    worker.addEventListener('message', onReady);
    this.slots.add(slot);
    return slot;
  }

  private release(slot: Slot): void {
    slot.busy = false;
    if (this.idleTimeoutMs > 0) slot.idleTimer = setTimeout(() => this.discard(slot), this.idleTimeoutMs);
  }

  private discard(slot: Slot): void {
    if (slot.idleTimer !== null) clearTimeout(slot.idleTimer);
    this.slots.delete(slot);
    slot.worker.terminate();
  }
}
