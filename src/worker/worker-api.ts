/**
 * The comlink boundary between the page (src/runtime) and the fit worker (fit.worker.ts).
 * Types only: the runtime may import nothing else from src/worker (ESLint enforces it), and
 * this file is compiled under both the DOM and the WebWorker libs. The worker declares
 * `const api = {…} satisfies FitWorkerApi`, so the boundary type is checked against the
 * module that implements it (the Squoosh pattern, with the type written down once).
 *
 * Everything that crosses is structured-clonable: errors travel as SerializedError (a thrown
 * FitbenchError would lose its code through comlink), typed arrays are transferred.
 */
import type {
  BackendChoice,
  BackendName,
  BatchResult,
  FitBatch,
  FitOptions,
  FitJobProblem,
  FitResult,
  IterationState,
  ResumeState,
} from '../core/api-types';
import type { FitbenchErrorCode, FitbenchErrorContext } from '../core/errors';

/**
 * Fault injection (DESIGN.md chaos switches). All fields are optional on the wire; a
 * missing one is off. The runtime sends `crashWorkerAtIteration` and `loseDeviceAtIteration`
 * on a job's first attempt only, so the automatic retry succeeds.
 */
export interface ChaosConfig {
  /** Busy-wait this long after every iteration, so a fit is slow enough to interrupt. */
  iterationDelayMs: number;
  /** Kill the worker (uncaught error + close) when the fit reaches this iteration. */
  crashWorkerAtIteration: number | null;
  /** Raise GPU_DEVICE_LOST at this iteration of a run that may use WebGPU ('webgpu' or 'auto'; ignored on 'cpu'); the device is destroyed when the backend can. */
  loseDeviceAtIteration: number | null;
  /** Probability in [0, 1] that an attempt fails with INJECTED_FAULT before solving. */
  failureRate: number;
  /** The checkpoint store fails as if the storage quota were exceeded. */
  quotaExceeded: boolean;
}

/** FitOptions without what cannot cross a thread (callbacks, the abort signal). */
export type WorkerFitOptions = Omit<FitOptions, 'onIteration' | 'signal'>;

/** When the worker writes checkpoints (DESIGN.md: every K iterations or T ms). */
export interface CheckpointPolicy {
  /** False when the page knows storage is unavailable: the fit runs without checkpoints. */
  enabled: boolean;
  everyIterations: number;
  everyMs: number;
  /** Checkpoints kept per job (newest first). */
  keep: number;
}

/**
 * Job records the worker writes itself, so that megabytes of data are structured-cloned
 * into IndexedDB off the main thread (null: no storage here).
 */
export interface JobPersistence {
  /** Save the job (spec with its data) before solving: the page has not seen it saved yet. */
  createJob: boolean;
  /** Store the result and delete the checkpoints when the run succeeds. */
  finishOnSuccess: boolean;
  /** Backend recorded with the job (what the caller asked for). */
  backend: BackendChoice;
}

interface RunRequestBase {
  jobId: string;
  /** 0 for the first attempt; retries count up. */
  attempt: number;
  /** Backend the runtime asks for (its breaker may have forced 'cpu'). */
  backend: BackendChoice;
  options: WorkerFitOptions;
  /** Minimum milliseconds between two event batches (50 ms = 20 updates a second). */
  progressIntervalMs: number;
  chaos: Partial<ChaosConfig>;
  persist: JobPersistence | null;
}

export interface FitRunRequest extends RunRequestBase {
  kind: 'fit';
  /** One data set, or a global fit (datasets): the same job kind, checkpoints and resume. */
  problem: FitJobProblem;
  /** Continue from a checkpoint instead of p0. */
  resumeFrom?: ResumeState;
  checkpoint: CheckpointPolicy;
}

export interface BatchRunRequest extends RunRequestBase {
  kind: 'batch';
  batch: FitBatch;
}

export type RunRequest = FitRunRequest | BatchRunRequest;

/** A FitbenchError as it crosses the boundary (FitbenchError.toJSON()). */
export interface SerializedError {
  code: FitbenchErrorCode;
  message: string;
  context: FitbenchErrorContext;
}

/** What the worker tells the page while a run is in progress, sent in throttled batches. */
export type WorkerEvent =
  | { type: 'progress'; jobId: string; attempt: number; state: IterationState }
  | {
      type: 'checkpoint';
      jobId: string;
      attempt: number;
      iteration: number;
      /** Wall time of the write, for the "time to write a checkpoint" figure. */
      durationMs: number;
    }
  /** Checkpoints were turned off for this run (quota, storage gone); the fit goes on. */
  | { type: 'checkpoints-off'; jobId: string; attempt: number; reason: SerializedError }
  /** The worker saved the job record (createJob). */
  | { type: 'job-saved'; jobId: string; attempt: number }
  /** Saving the job or its result failed; the fit goes on. */
  | { type: 'storage-warning'; jobId: string; attempt: number; reason: SerializedError }
  /** The backend the run actually uses, and why when it is not the one asked for. */
  | { type: 'backend'; jobId: string; attempt: number; backend: BackendName; diagnostic?: string };

/** The page's callback (comlink-proxied). Called with batches, at most 1000/progressIntervalMs times a second. */
export type WorkerEventSink = (events: WorkerEvent[]) => void;

/** Counters of one run, returned with its outcome. */
export interface RunStats {
  iterations: number;
  checkpointsWritten: number;
  /** Iteration of the last checkpoint this run wrote (null: none). */
  lastCheckpointIteration: number | null;
  /** Iteration the run started from (0, or the resumed checkpoint's). */
  startIteration: number;
  /** The worker stored the result and finished the job record (persist.finishOnSuccess). */
  resultStored: boolean;
}

/**
 * The end of a run. Events not yet flushed when the run ended ride along in `tail`, so
 * none is lost to the race between the proxied callback's channel and the reply's.
 */
export type RunOutcome =
  | { ok: true; kind: 'fit'; result: FitResult; stats: RunStats; tail: WorkerEvent[] }
  | { ok: true; kind: 'batch'; result: BatchResult; stats: RunStats; tail: WorkerEvent[] }
  | { ok: false; error: SerializedError; cancelled: boolean; stats: RunStats; tail: WorkerEvent[] };

/** The fit worker's API (comlink `expose`d by fit.worker.ts). One run at a time per worker. */
export interface FitWorkerApi {
  /** Runs one job; never rejects for a fit failure (the outcome says), only if the worker dies. */
  run(request: RunRequest, onEvents: WorkerEventSink): Promise<RunOutcome>;
  /** Cooperative cancel: the next iteration returns 'stop' and the signal aborts. */
  cancel(jobId: string): void;
  /** Liveness check used by the pool. */
  ping(): 'pong';
}

/**
 * Posted once by a fit worker when its module has loaded and `expose` ran. An error event
 * before it means the script never started (not fetched, or threw while loading): the pool
 * reports WORKER_LOAD_FAILED instead of WORKER_CRASH.
 */
export const WORKER_READY_MESSAGE = { fitbenchWorker: 'ready' } as const;

/** True for the ready message (comlink ignores messages without its own id). */
export function isWorkerReadyMessage(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { fitbenchWorker?: unknown }).fitbenchWorker === 'ready';
}
