/**
 * The one object the UI talks to. It owns the fitting service (worker pool, storage,
 * reliability), reads `&chaos=` from the page URL, and offers: fits and batches with
 * cancel, the resume offer, chaos and settings, and an external store
 * (`subscribe`/`getSnapshot`) plus an event stream for the dashboard. No React here: the
 * app wraps it in zustand.
 */
import type {
  BackendChoice,
  BatchResult,
  FitBatch,
  FitOptions,
  FitProblem,
  FitResult,
  GlobalFitResult,
  GlobalProblem,
  IterationState,
} from '../core/api-types';
import { FitbenchError } from '../core/errors';
import type { FitbenchConfig, JobLogRecord, MetricsJson } from '../core/reliability';
import {
  getStorageEstimate,
  requestPersistentStorage,
  storableOptions,
  type StorageEstimateInfo,
} from '../persistence';
import { chaosFromSearch, mergeChaos, NO_CHAOS, type ChaosConfig } from './chaos';
import type { Unsubscribe } from './emitter';
import { FitService, type JobTicket } from './fit-service';
import { createJobLocks, type JobLocks } from './job-locks';
import { LazyStorage } from './lazy-storage';
import { discardJob, listResumeOffers, resumeJob, type ResumeOffer } from './resume';
import type { FitRunner } from './runner';
import { openServiceStorage, unavailableStorage, type ServiceStorage } from './service-storage';
import type { JobSnapshot, ServiceEvent, ServiceSnapshot } from './service-types';
import { poolSize, WorkerPool } from './worker-pool';

export interface FitClientOptions {
  /** The page's query string, for `&chaos=` (default: location.search). Bad chaos throws, naming the key. */
  search?: string;
  /** Configuration (FitbenchConfigInput); validated, defaults for the rest. */
  config?: unknown;
  /** Storage (default: IndexedDB 'fitbench', opened in the background); 'none' runs without. */
  storage?: ServiceStorage | 'none';
  /** The worker runner (default: a WorkerPool sized from the config and hardwareConcurrency). */
  runner?: FitRunner;
  /** Web Locks and BroadcastChannel that keep jobs to one tab (default: the browser's). */
  locks?: JobLocks;
}

/** A submitted job: its id, its result, and a way to cancel it. */
export interface FitHandle<R> {
  jobId: string;
  /** Resolves with the result; rejects with a FitbenchError (failed after retries, bad input, cancelled). */
  result: Promise<R>;
  cancel(): boolean;
}

export interface FitClient {
  // ── observing (useSyncExternalStore / zustand) ──
  getSnapshot(): ServiceSnapshot;
  subscribe(onChange: () => void): Unsubscribe;
  /** Incremental events: progress batches, job changes, health, budget, breakers, alerts, log. */
  onEvent(listener: (event: ServiceEvent) => void): Unsubscribe;
  job(jobId: string): JobSnapshot | undefined;

  // ── fitting ──
  /** Backend used when a fit names none: the URL's `&backend=` or 'auto'. */
  readonly defaultBackend: BackendChoice;
  /** Runs one fit in a worker. `onIteration` is called with every reported iteration (in throttled batches); returning 'stop' cancels. `signal` cancels too. */
  fit(problem: FitProblem, options?: FitOptions): FitHandle<FitResult>;
  fitBatch(batch: FitBatch, options?: FitOptions): FitHandle<BatchResult>;
  /** Runs a global fit (several data sets, shared parameters) in a worker, as a fit job: same progress, checkpoints and resume. */
  fitGlobal(problem: GlobalProblem, options?: FitOptions): FitHandle<GlobalFitResult>;
  cancel(jobId: string): boolean;

  // ── resume ──
  /** Unfinished jobs of earlier page loads (empty without storage). */
  listResumable(): Promise<ResumeOffer[]>;
  /** Continues a stored job from its newest checkpoint. */
  resume(jobId: string): Promise<FitHandle<FitResult | BatchResult>>;
  /** Forgets a stored unfinished job. */
  discard(jobId: string): Promise<void>;

  // ── chaos and settings ──
  getChaos(): ChaosConfig;
  /** Validates and applies switches (the chaos panel); throws naming the bad key. */
  setChaos(patch: Partial<Record<keyof ChaosConfig, unknown>>): ChaosConfig;
  getConfig(): FitbenchConfig;
  /** Validates and applies a settings edit; throws OPTIONS_INVALID naming the field. */
  updateConfig(patch: unknown): FitbenchConfig;

  // ── observability ──
  metricsPrometheus(): string;
  metricsJson(): MetricsJson;
  logRecords(jobId?: string): JobLogRecord[];
  /** The job log as JSON Lines (for download). */
  logJsonLines(jobId?: string): string;
  storageEstimate(): Promise<StorageEstimateInfo | null>;
  /** Asks the browser to keep this origin's data (true granted, false refused, null unsupported). */
  requestPersistentStorage(): Promise<boolean | null>;

  /** Resolves once storage has opened (or failed to); checkpoint status is final from then on. */
  readonly ready: Promise<void>;
  /** The service itself (tests, window.fitbench.service). */
  readonly service: FitService;
  dispose(): void;
}

/** Creates the client: storage opens in the background, workers start on the first fit. */
export function createFitClient(options: FitClientOptions = {}): FitClient {
  const search = options.search ?? globalThis.location?.search ?? '';
  const chaos = chaosFromSearch(search);
  const defaultBackend = backendFromSearch(search);
  let storage: ServiceStorage;
  let ready: Promise<void>;
  if (options.storage === 'none') {
    storage = unavailableStorage('Checkpoints are off: storage is disabled for this page.');
    ready = Promise.resolve();
  } else if (options.storage) {
    storage = options.storage;
    ready = Promise.resolve();
  } else {
    const lazy = new LazyStorage(openServiceStorage());
    storage = lazy;
    ready = lazy.ready.then(() => service.refreshStorageStatus());
  }
  const config = options.config ?? {};
  const runner = options.runner ?? new WorkerPool({ size: poolSize(readPoolSetting(config)) });
  const locks = options.locks ?? createJobLocks();
  const service = new FitService({ runner, storage, config, chaos, locks });
  const offAnnounce = locks.onAnnounce((jobId) => service.notifyResumableChanged(jobId));
  // A job running in another tab becomes resumable when that tab lets go of its lock
  // (closed, crashed, or the job ended): wait for it, then have the offer re-read.
  const watchedElsewhere = new Set<string>();
  const watchElsewhere = (offers: ResumeOffer[]): ResumeOffer[] => {
    for (const o of offers) {
      if (o.status !== 'running-elsewhere' || watchedElsewhere.has(o.jobId)) continue;
      watchedElsewhere.add(o.jobId);
      void locks.whenFree(o.jobId).then(() => {
        watchedElsewhere.delete(o.jobId);
        service.notifyResumableChanged(o.jobId);
      });
    }
    return offers;
  };

  const handle = <R>(ticket: JobTicket<R>): FitHandle<R> => ({
    jobId: ticket.jobId,
    result: ticket.done,
    cancel: () => service.cancel(ticket.jobId),
  });

  const watch = (jobId: string, opts: FitOptions | undefined): void => {
    const onIteration = opts?.onIteration;
    const signal = opts?.signal as AbortSignal | undefined;
    if (!onIteration && !signal) return;
    const stops: Unsubscribe[] = [];
    const stop = () => stops.forEach((s) => s());
    if (onIteration) {
      stops.push(
        service.onEvent((e) => {
          if (e.type === 'progress' && e.jobId === jobId)
            callIteration(onIteration, e.states, () => service.cancel(jobId));
          if (e.type === 'job' && e.job.id === jobId && isFinal(e.job)) stop();
        }),
      );
    }
    if (signal && typeof signal.addEventListener === 'function') {
      const onAbort = () => service.cancel(jobId);
      signal.addEventListener('abort', onAbort, { once: true });
      stops.push(() => signal.removeEventListener('abort', onAbort));
      stops.push(service.onEvent((e) => e.type === 'job' && e.job.id === jobId && isFinal(e.job) && stop()));
    }
  };

  const aborted = (opts: FitOptions | undefined): boolean => Boolean(opts?.signal?.aborted);

  return {
    getSnapshot: service.getSnapshot,
    subscribe: service.subscribe,
    onEvent: (listener) => service.onEvent(listener),
    job: (jobId) => service.job(jobId),

    fit(problem, opts) {
      if (aborted(opts)) return rejected('The fit was cancelled before it started.');
      const ticket = service.submit(problem, storableOptions({ backend: defaultBackend, ...withoutUndefined(opts) }));
      watch(ticket.jobId, opts);
      return handle(ticket);
    },
    fitGlobal(problem, opts) {
      if (aborted(opts)) return rejected('The global fit was cancelled before it started.');
      const ticket = service.submit(problem, storableOptions({ backend: defaultBackend, ...withoutUndefined(opts) }));
      watch(ticket.jobId, opts);
      return handle(ticket) as FitHandle<GlobalFitResult>;
    },
    fitBatch(batch, opts) {
      if (aborted(opts)) return rejected('The batch was cancelled before it started.');
      const ticket = service.submitBatch(
        batch,
        storableOptions({ backend: defaultBackend, ...withoutUndefined(opts) }),
      );
      watch(ticket.jobId, opts);
      return handle(ticket);
    },
    cancel: (jobId) => service.cancel(jobId),
    defaultBackend,

    async listResumable() {
      await ready;
      return watchElsewhere(await listResumeOffers(storage, service, locks));
    },
    async resume(jobId) {
      await ready;
      return handle(await resumeJob(storage, service, jobId, locks));
    },
    async discard(jobId) {
      await ready;
      await discardJob(storage, jobId, locks);
    },

    getChaos: () => service.getChaos(),
    setChaos(patch) {
      const next = mergeChaos(service.getChaos(), patch);
      service.setChaos(next);
      return next;
    },
    getConfig: () => service.getConfig(),
    updateConfig: (patch) => service.updateConfig(patch),

    metricsPrometheus: () => service.reliability.metrics.toPrometheus(),
    metricsJson: () => service.reliability.metrics.toJSON(),
    logRecords: (jobId) => service.reliability.log.records(jobId),
    logJsonLines: (jobId) => service.reliability.log.toJsonLines(jobId),
    storageEstimate: () => getStorageEstimate(),
    requestPersistentStorage: () => requestPersistentStorage(),

    ready,
    service,
    dispose: () => {
      offAnnounce();
      service.dispose();
      locks.close();
    },
  };
}

/**
 * `&backend=cpu|webgpu|auto` from the page URL; absent or unknown is 'auto' (the page
 * reports a bad value itself, see src/app/stores/url-options.ts).
 */
export function backendFromSearch(search: string): BackendChoice {
  const value = new URLSearchParams(search).get('backend');
  return value === 'cpu' || value === 'webgpu' ? value : 'auto';
}

function withoutUndefined(opts: FitOptions | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(opts ?? {}).filter(([, v]) => v !== undefined));
}

function readPoolSetting(config: unknown): 'auto' | number {
  const size = (config as { pool?: { size?: unknown } } | null)?.pool?.size;
  return typeof size === 'number' && Number.isInteger(size) && size >= 1 ? size : 'auto';
}

function isFinal(job: JobSnapshot): boolean {
  return (
    job.status === 'converged' ||
    job.status === 'not-converged' ||
    job.status === 'failed' ||
    job.status === 'cancelled'
  );
}

function callIteration(
  onIteration: NonNullable<FitOptions['onIteration']>,
  states: IterationState[],
  cancel: () => void,
): void {
  for (const s of states) {
    let verdict: void | 'stop' | Promise<void | 'stop'>;
    try {
      verdict = onIteration(s);
    } catch {
      // A throwing user callback ends the fit, as it would in the library.
      verdict = 'stop';
    }
    if (verdict instanceof Promise) {
      // Progress arrives in batches after the fact here: an async verdict can only cancel.
      verdict.then((v) => v === 'stop' && cancel(), cancel);
      continue;
    }
    if (verdict === 'stop') {
      cancel();
      return;
    }
  }
}

function rejected<R>(message: string): FitHandle<R> {
  const result = Promise.reject(new FitbenchError('FIT_ABORTED', message));
  result.catch(() => undefined);
  return { jobId: '', result, cancel: () => false };
}

export { NO_CHAOS };
export type { ChaosConfig, ResumeOffer, JobSnapshot, ServiceEvent, ServiceSnapshot };
