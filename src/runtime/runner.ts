/**
 * The seam between the fitting service and the workers: the service schedules, the runner
 * runs one request on one worker. WorkerPool implements it with real Web Workers; the
 * service's tests use a fake.
 */
import type { RunOutcome, RunRequest, SerializedError, WorkerEventSink } from '../worker/worker-api';

export interface RunHandle {
  /** Settles once: the worker's outcome, or a WORKER_CRASH / terminate error outcome. Never rejects. */
  readonly outcome: Promise<RunOutcome>;
  /** Cooperative cancel: asks the worker to stop at its next iteration. */
  cancel(): void;
  /** Kills the worker now; the outcome settles with `error` (TIMEOUT, FIT_ABORTED…). */
  terminate(error: SerializedError): void;
}

export interface RunnerStats {
  capacity: number;
  busy: number;
  workersStarted: number;
  workersCrashed: number;
}

export interface FitRunner {
  /** Runs at once allowed (the service never starts more). */
  readonly capacity: number;
  /** Starts a run; `transfer` lists the buffers moved (not copied) to the worker. */
  start(request: RunRequest, transfer: Transferable[], onEvents: WorkerEventSink): RunHandle;
  stats(): RunnerStats;
  /** Terminates every worker. */
  dispose(): void;
}
