/**
 * One job's mutable state inside the fitting service, and its immutable snapshot for the
 * page. Progress from the worker is folded in here (iteration, cost history, alerts).
 */
import type {
  BackendChoice,
  BackendName,
  BatchResult,
  FitResult,
  IterationState,
  ResumeState,
} from '../core/api-types';
import { FitbenchError } from '../core/errors';
import type { FitAlert, FitAlertDetector } from '../core/reliability';
import type { JobSpec } from '../persistence';
import type { SerializedError } from '../worker/worker-api';
import { modelOf, pointsOf } from './job-payload';
import type { BackendDecision } from './reliability-hub';
import type { RunHandle } from './runner';
import type { JobSnapshot, JobStatus } from './service-types';
import { FINAL_JOB_STATUSES } from './service-types';

/** Longest cost history kept per job in the page (the chart shows the newest part). */
const MAX_HISTORY = 20_000;

interface Deferred {
  resolve(value: FitResult | BatchResult): void;
  reject(error: FitbenchError): void;
}

export class ServiceJob {
  status: JobStatus = 'queued';
  attempts = 0;
  retries = 0;
  startedAt: number | null = null;
  finishedAt: number | null = null;
  nextRetryAt: number | null = null;
  backend: BackendName | null = null;
  iteration = 0;
  cost: number | null = null;
  params: Record<string, number> | null = null;
  history: number[] = [];
  historyStart = 0;
  resumeFrom: ResumeState | undefined;
  resumedFromIteration: number | null = null;
  checkpointsWritten = 0;
  lastCheckpointIteration: number | null = null;
  result: FitResult | null = null;
  batchResult: BatchResult | null = null;
  error: SerializedError | null = null;
  diagnostics: string[] = [];
  alerts: FitAlert[] = [];
  cancelRequested = false;
  run: RunHandle | null = null;
  decision: BackendDecision | null = null;
  /** When the last transient fault happened (recovery time runs from it to the next progress). */
  faultAt: number | null = null;
  timeoutTimer: unknown = null;
  graceTimer: unknown = null;
  retryTimer: unknown = null;
  /** The job record exists in storage (the worker saved it, or it was resumed from there). */
  recordSaved = false;
  /** The worker stored the result and finished the record itself. */
  resultStored = false;
  /** Storage writes of this job, in order. */
  persisted: Promise<void> = Promise.resolve();
  persistWarned = false;
  /** Releases the job's Web Lock (null: none held). */
  releaseLock: (() => void) | null = null;
  readonly done: Promise<FitResult | BatchResult>;
  private deferred!: Deferred;
  private snap: JobSnapshot | null = null;

  constructor(
    readonly id: string,
    readonly spec: JobSpec,
    readonly backendRequested: BackendChoice,
    readonly createdAt: number,
    readonly detector: FitAlertDetector,
  ) {
    this.done = new Promise<FitResult | BatchResult>((resolve, reject) => {
      this.deferred = { resolve, reject };
    });
    // The service settles every job; a caller that never awaits must not see an unhandled rejection.
    this.done.catch(() => undefined);
  }

  get final(): boolean {
    return FINAL_JOB_STATUSES.includes(this.status);
  }

  /** The attempt number (0-based) of the current or last run. */
  get attempt(): number {
    return this.attempts - 1;
  }

  /** Sets where the next attempt starts (a checkpoint), or keeps the previous resume point. */
  resumeAt(state: ResumeState | null): void {
    if (state) this.resumeFrom = state;
    this.resumedFromIteration = this.resumeFrom?.iteration ?? null;
    if (this.resumeFrom && this.history.length === 0) {
      this.history = this.resumeFrom.history.slice(-MAX_HISTORY);
      this.historyStart = Math.max(0, this.resumeFrom.iteration + 1 - this.history.length);
      this.iteration = this.resumeFrom.iteration;
      this.params = { ...this.resumeFrom.params };
      this.cost = this.history.length > 0 ? this.history[this.history.length - 1] : null;
    }
    this.touch();
  }

  /** Folds one reported iteration in; returns the alerts it raised. */
  applyProgress(s: IterationState): FitAlert[] {
    this.iteration = s.iteration;
    this.cost = s.cost;
    this.params = s.params;
    const end = this.historyStart + this.history.length;
    if (this.history.length === 0) this.historyStart = s.iteration;
    if (s.iteration >= end || this.history.length === 0) {
      this.history.push(s.cost);
    } else if (s.iteration >= this.historyStart) {
      // A retry resumed from an earlier checkpoint: its iterations replace the lost ones.
      this.history.length = s.iteration - this.historyStart;
      this.history.push(s.cost);
    }
    if (this.history.length > MAX_HISTORY) {
      const drop = this.history.length - MAX_HISTORY;
      this.history.splice(0, drop);
      this.historyStart += drop;
    }
    let raised: FitAlert[] = [];
    try {
      raised = this.detector.observe(s);
    } catch {
      // A malformed state from a buggy solver must not take the service down.
    }
    this.alerts.push(...raised);
    this.touch();
    return raised;
  }

  addDiagnostic(text: string): void {
    if (!this.diagnostics.includes(text)) this.diagnostics.push(text);
    this.touch();
  }

  /** Settles the job's promise (called once, by the service, when the job becomes final). */
  settle(): void {
    if (this.result) this.deferred.resolve(this.result);
    else if (this.batchResult) this.deferred.resolve(this.batchResult);
    else
      this.deferred.reject(
        FitbenchError.fromJSON(this.error ?? { code: 'INTERNAL', message: `Job ${this.id} ended without a result.` }),
      );
  }

  /** Marks the snapshot stale. */
  touch(): void {
    this.snap = null;
  }

  snapshot(): JobSnapshot {
    if (this.snap) return this.snap;
    this.snap = Object.freeze({
      id: this.id,
      kind: this.spec.kind,
      status: this.status,
      model: modelOf(this.spec),
      nPoints: pointsOf(this.spec),
      backendRequested: this.backendRequested,
      backend: this.backend,
      attempts: this.attempts,
      retries: this.retries,
      createdAt: this.createdAt,
      startedAt: this.startedAt,
      finishedAt: this.finishedAt,
      nextRetryAt: this.nextRetryAt,
      iteration: this.iteration,
      cost: this.cost,
      params: this.params,
      history: this.history.slice(),
      historyStart: this.historyStart,
      resumedFromIteration: this.resumedFromIteration,
      checkpointsWritten: this.checkpointsWritten,
      lastCheckpointIteration: this.lastCheckpointIteration,
      result: this.result,
      batchResult: this.batchResult,
      error: this.error,
      diagnostics: this.diagnostics.slice(),
      alerts: this.alerts.slice(),
    });
    return this.snap;
  }
}
