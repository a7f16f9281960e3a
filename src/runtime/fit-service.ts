/**
 * The fitting service on the main thread: a job queue over a pool of fit workers, with a
 * per-attempt timeout, cooperative cancel then termination after a grace period, automatic
 * retries of transient faults (exponential backoff, full jitter) that resume from the
 * latest checkpoint, per-backend circuit breakers, and health, error budget, latency
 * anomalies, alerts, metrics and a job log fed by the outcomes. The page observes it
 * through `subscribe`/`getSnapshot` and `onEvent`; it never does solver work itself.
 */
import type { BackendChoice, BatchResult, FitBatch, FitJobProblem, FitResult, ResumeState } from '../core/api-types';
import { FitbenchError } from '../core/errors';
import {
  countsAgainstService,
  decideRetry,
  parseConfig,
  updateConfig,
  type FitbenchConfig,
  type JobLogStatus,
} from '../core/reliability';
import type { JobSpec, StoredFitOptions } from '../persistence';
import type { ChaosConfig, RunOutcome, SerializedError, WorkerEvent } from '../worker/worker-api';
import { NO_CHAOS } from './chaos';
import { NO_JOB_LOCKS, type JobLocks } from './job-locks';
import { Emitter, type ExternalStore, type Unsubscribe } from './emitter';
import { assertSpec, runRequest } from './job-payload';
import { ReliabilityHub } from './reliability-hub';
import type { FitRunner, RunHandle } from './runner';
import { unavailableStorage, type ServiceStorage } from './service-storage';
import { ServiceJob } from './service-job';
import { applyWorkerEvents, type LogEntry } from './worker-events';
import { type CheckpointsStatus, type JobSnapshot, type ServiceEvent, type ServiceSnapshot } from './service-types';
import {
  attemptChaos,
  buildServiceSnapshot,
  finalJobOutcome,
  systemServiceClock,
  toSerialized,
  type ServiceClock,
} from './service-support';

export interface FitServiceOptions {
  runner: FitRunner;
  /** Jobs and checkpoints; without it fits run without checkpoints. */
  storage?: ServiceStorage;
  /** Configuration (validated; defaults for what is missing). */
  config?: unknown;
  chaos?: ChaosConfig;
  clock?: ServiceClock;
  random?: () => number;
  /** Time a cancelled job has to stop by itself before its worker is terminated. */
  cancelGraceMs?: number;
  /** Cadence of health/budget ticks (Failed → Recovery, budget chart samples). */
  tickMs?: number;
  /** Minimum time between two progress batches from a worker (50 ms: 20 a second). */
  progressIntervalMs?: number;
  /** Finished jobs kept in the snapshot (oldest dropped). */
  keepFinishedJobs?: number;
  /** Web Locks that mark this tab's jobs (default: none, every job is this tab's). */
  locks?: JobLocks;
}

export interface SubmitOptions {
  /** Reuse an id (a resumed job keeps its persisted id). */
  jobId?: string;
  /** Start from this checkpoint instead of p0. */
  resumeFrom?: ResumeState;
  /** The job already exists in storage (a resume): do not create it again. */
  persisted?: boolean;
  /** Retries the job already used (a resumed job keeps counting). */
  retries?: number;
  /** The job's Web Lock, already taken by the caller (a resume takes it before reading). */
  heldLock?: () => void;
  /** Notes the job starts with (a skipped corrupt checkpoint), shown and logged. */
  diagnostics?: string[];
}

export interface JobTicket<R> {
  jobId: string;
  /** Resolves with the result; rejects with a FitbenchError (failed, cancelled). */
  done: Promise<R>;
}

let jobCounter = 0;

export class FitService implements ExternalStore<ServiceSnapshot> {
  private config: FitbenchConfig;
  private chaos: ChaosConfig;
  private hub: ReliabilityHub;
  private readonly storage: ServiceStorage;
  private readonly clock: ServiceClock;
  private readonly random: () => number;
  private readonly jobs = new Map<string, ServiceJob>();
  private readonly queue: ServiceJob[] = [];
  private readonly running = new Set<ServiceJob>();
  private readonly events = new Emitter<ServiceEvent>();
  private readonly changes = new Emitter<void>();
  /** A change notification is queued for the end of this task (see subscribe). */
  private changeScheduled = false;
  private checkpoints: CheckpointsStatus;
  private snap: ServiceSnapshot | null = null;
  private revision = 0;
  private tickTimer: unknown = null;
  private disposed = false;

  constructor(private readonly options: FitServiceOptions) {
    this.config = parseConfig(options.config ?? {});
    this.chaos = { ...(options.chaos ?? NO_CHAOS) };
    this.storage = options.storage ?? unavailableStorage('Checkpoints are off: no storage was configured.');
    this.clock = options.clock ?? systemServiceClock;
    this.random = options.random ?? Math.random;
    this.checkpoints = this.baseCheckpointStatus();
    this.hub = this.createHub();
    this.scheduleTick();
  }

  // ── observing ────────────────────────────────────────────────────────────────────

  /** The current snapshot; the same object until something changes. */
  getSnapshot = (): ServiceSnapshot => {
    if (!this.snap) this.snap = this.buildSnapshot();
    return this.snap;
  };

  /**
   * Calls `onChange` after changes (useSyncExternalStore's subscribe): once per microtask
   * however many changes it held (a progress batch touches the job, the metrics and the
   * budget), so a subscriber that reads the snapshot rebuilds it once, not per change.
   * getSnapshot itself is always current.
   */
  subscribe = (onChange: () => void): Unsubscribe => this.changes.on(onChange);

  /** Incremental events (progress batches, health transitions, log records…). */
  onEvent(listener: (event: ServiceEvent) => void): Unsubscribe {
    return this.events.on(listener);
  }

  job(jobId: string): JobSnapshot | undefined {
    return this.jobs.get(jobId)?.snapshot();
  }

  get reliability(): ReliabilityHub {
    return this.hub;
  }

  // ── commands ─────────────────────────────────────────────────────────────────────

  /** Queues a single fit. Bad shapes are rejected at once; the solver validates the rest. */
  submit(problem: FitJobProblem, options: StoredFitOptions = {}, extra: SubmitOptions = {}): JobTicket<FitResult> {
    const t = this.enqueue({ kind: 'fit', problem, options }, extra);
    return { jobId: t.jobId, done: t.done as Promise<FitResult> };
  }

  /** Queues a batch of independent fits of one model. */
  submitBatch(batch: FitBatch, options: StoredFitOptions = {}, extra: SubmitOptions = {}): JobTicket<BatchResult> {
    const t = this.enqueue({ kind: 'batch', batch, options }, extra);
    return { jobId: t.jobId, done: t.done as Promise<BatchResult> };
  }

  /** Cancels a job: at once when waiting; cooperatively, then by termination, when running. */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job || job.final) return false;
    if (job.status === 'running' && job.run) {
      if (job.cancelRequested) return true;
      job.cancelRequested = true;
      job.run.cancel();
      const grace = this.options.cancelGraceMs ?? 3000;
      const run = job.run;
      job.graceTimer = this.clock.setTimeout(() => {
        run.terminate({
          code: 'FIT_ABORTED',
          message: `Job ${jobId} did not stop within ${grace} ms of the cancel; its worker was terminated.`,
          context: { graceMs: grace },
        });
      }, grace);
      this.changed(job);
      return true;
    }
    const i = this.queue.indexOf(job);
    if (i >= 0) this.queue.splice(i, 1);
    if (job.retryTimer !== null) this.clock.clearTimeout(job.retryTimer);
    job.retryTimer = null;
    this.finish(job, 'cancelled', { code: 'FIT_ABORTED', message: `Job ${jobId} was cancelled.`, context: {} });
    return true;
  }

  /** Tells observers that the stored jobs changed elsewhere (another tab). */
  notifyResumableChanged(jobId: string): void {
    this.events.emit({ type: 'resumable', jobId });
  }

  /** Changes the chaos switches for jobs started from now on. */
  setChaos(chaos: ChaosConfig): void {
    this.chaos = { ...chaos };
    // A new experiment: storage gets another chance (a real full disk turns it off again).
    this.setCheckpoints(this.baseCheckpointStatus());
    this.changed();
  }

  getChaos(): ChaosConfig {
    return { ...this.chaos };
  }

  /** Applies a settings edit; reliability components whose section changed restart empty. */
  updateConfig(patch: unknown): FitbenchConfig {
    const next = updateConfig(this.config, patch);
    const rebuild = (['health', 'slo', 'breaker', 'anomaly', 'alerts', 'metrics', 'log'] as const).some(
      (k) => JSON.stringify(next[k]) !== JSON.stringify(this.config[k]),
    );
    this.config = next;
    if (rebuild) this.hub = this.createHub();
    this.changed();
    return next;
  }

  getConfig(): FitbenchConfig {
    return this.config;
  }

  /** Re-reads storage availability (after a lazy open settles). */
  refreshStorageStatus(): void {
    if (!this.storage.available) this.setCheckpoints(this.baseCheckpointStatus());
    this.changed();
  }

  /** Stops timers and workers; unfinished jobs end as cancelled. */
  dispose(): void {
    this.disposed = true;
    if (this.tickTimer !== null) this.clock.clearTimeout(this.tickTimer);
    for (const job of [...this.jobs.values()]) {
      if (!job.final)
        this.finish(job, 'cancelled', {
          code: 'FIT_ABORTED',
          message: 'The fitting service was shut down.',
          context: {},
        });
    }
    this.options.runner.dispose();
    this.events.clear();
    this.changes.clear();
  }

  // ── scheduling ───────────────────────────────────────────────────────────────────

  private enqueue(spec: JobSpec, extra: SubmitOptions): JobTicket<FitResult | BatchResult> {
    if (this.disposed) throw new FitbenchError('INTERNAL', 'The fitting service was shut down.');
    assertSpec(spec);
    const jobId = extra.jobId ?? `job-${this.clock.now().toString(36)}-${(++jobCounter).toString(36)}`;
    const existing = this.jobs.get(jobId);
    if (existing && !existing.final)
      throw new FitbenchError('OPTIONS_INVALID', `Job ${jobId} is already ${existing.status}.`, { jobId });
    const backend: BackendChoice = spec.options.backend ?? 'auto';
    const job = new ServiceJob(jobId, spec, backend, this.clock.now(), this.hub.alertDetector());
    this.holdLock(job, extra.heldLock);
    for (const note of extra.diagnostics ?? []) job.addDiagnostic(note);
    if (extra.resumeFrom) job.resumeAt(extra.resumeFrom);
    job.retries = extra.retries ?? 0;
    job.recordSaved = extra.persisted === true;
    this.jobs.delete(jobId);
    this.jobs.set(jobId, job);
    this.pruneFinished();
    this.log(job, 'queued', {
      metrics: { kind: spec.kind, backend, resumeFromIteration: extra.resumeFrom?.iteration },
      ...(extra.diagnostics?.length ? { diagnostics: extra.diagnostics } : {}),
    });
    this.queue.push(job);
    this.changed(job);
    this.pump();
    return { jobId, done: job.done };
  }

  private pump(): void {
    while (!this.disposed && this.running.size < this.options.runner.capacity && this.queue.length > 0) {
      this.startAttempt(this.queue.shift() as ServiceJob);
    }
  }

  private startAttempt(job: ServiceJob): void {
    job.attempts += 1;
    const attempt = job.attempt;
    job.status = 'running';
    job.startedAt ??= this.clock.now();
    job.nextRetryAt = null;
    const decision = this.hub.decideBackend(job.backendRequested);
    job.decision = decision;
    job.backend = decision.backend === 'auto' ? null : decision.backend;
    if (decision.diagnostic) {
      job.addDiagnostic(decision.diagnostic);
      this.log(job, 'warning', { diagnostics: [decision.diagnostic] });
    }
    const c = this.config.checkpoint;
    const { request, transfer } = runRequest(job.spec, {
      jobId: job.id,
      attempt,
      backend: decision.backend,
      progressIntervalMs: this.options.progressIntervalMs ?? 50,
      chaos: attemptChaos(this.chaos, attempt),
      // The worker writes the job record and its result: their data is cloned off the main thread.
      persist: this.storage.available
        ? { createJob: !job.recordSaved, finishOnSuccess: true, backend: job.backendRequested }
        : null,
      resumeFrom: job.resumeFrom,
      checkpoint: {
        enabled: this.checkpoints.enabled,
        everyIterations: c.everyIterations,
        everyMs: c.everyMs,
        keep: c.keep,
      },
    });
    this.running.add(job);
    this.log(job, job.resumeFrom ? 'resumed' : 'running', {
      metrics: { attempt, backend: decision.backend, fromIteration: job.resumeFrom?.iteration },
    });
    let handle: RunHandle;
    try {
      handle = this.options.runner.start(request, transfer, (events) => this.onWorkerEvents(job, attempt, events));
    } catch (e) {
      const error = toSerialized(e);
      handle = {
        outcome: Promise.resolve({
          ok: false,
          error,
          cancelled: false,
          stats: {
            iterations: 0,
            checkpointsWritten: 0,
            lastCheckpointIteration: null,
            startIteration: 0,
            resultStored: false,
          },
          tail: [],
        }),
        cancel: () => undefined,
        terminate: () => undefined,
      };
    }
    job.run = handle;
    const timeoutMs = this.config.job.timeoutMs;
    job.timeoutTimer = this.clock.setTimeout(() => {
      handle.terminate({
        code: 'TIMEOUT',
        message: `Job ${job.id} ran longer than ${timeoutMs} ms (attempt ${attempt + 1}) and was stopped.`,
        context: { timeoutMs, attempt },
      });
    }, timeoutMs);
    this.changed(job);
    void handle.outcome.then((outcome) => this.onOutcome(job, attempt, outcome));
  }

  private onWorkerEvents(job: ServiceJob, attempt: number, events: WorkerEvent[]): void {
    if (job.final || attempt !== job.attempt) return;
    const states = applyWorkerEvents(job, events, {
      now: () => this.clock.now(),
      metrics: this.hub.metrics,
      emit: (event) => this.events.emit(event),
      log: (status, entry) => this.log(job, status, entry),
      checkpointsOff: (reason) => this.setCheckpoints({ enabled: false, reason }),
    });
    if (states.length > 0) this.events.emit({ type: 'progress', jobId: job.id, attempt, states });
    this.changed(job);
  }

  private onOutcome(job: ServiceJob, attempt: number, outcome: RunOutcome): void {
    this.onWorkerEvents(job, attempt, outcome.tail);
    this.clearRunTimers(job);
    this.running.delete(job);
    job.run = null;
    const decision = job.decision;
    if (job.final) {
      this.pump();
      return;
    }
    if (job.cancelRequested) {
      if (decision) this.hub.settleBackend(decision, job.backend, null);
      this.finish(job, 'cancelled', {
        code: 'FIT_ABORTED',
        message: `Job ${job.id} was cancelled at iteration ${job.iteration}.`,
        context: { iteration: job.iteration },
      });
    } else if (outcome.ok) {
      job.backend = outcome.result.backend;
      job.resultStored = outcome.stats.resultStored;
      if (decision) this.hub.settleBackend(decision, job.backend, null);
      if (outcome.kind === 'fit') {
        const extra = job.diagnostics.filter((d) => !outcome.result.diagnostics.includes(d));
        job.result =
          extra.length > 0
            ? { ...outcome.result, diagnostics: [...outcome.result.diagnostics, ...extra] }
            : outcome.result;
        this.finish(job, job.result.converged ? 'converged' : 'not-converged', null);
      } else {
        job.batchResult = outcome.result;
        this.finish(job, 'converged', null);
      }
    } else {
      if (decision) this.hub.settleBackend(decision, job.backend, outcome.error.code);
      this.failedAttempt(job, outcome.error);
    }
    this.pump();
  }

  private failedAttempt(job: ServiceJob, error: SerializedError): void {
    let verdict;
    try {
      verdict = decideRetry(error, job.retries, this.config.retry, this.random);
    } catch (e) {
      verdict = { retry: false as const, reason: 'not-transient' as const, code: toSerialized(e).code };
    }
    if (!verdict.retry) {
      const note = verdict.reason === 'exhausted' ? ` (gave up after ${job.retries} retries)` : '';
      this.finish(job, 'failed', { ...error, message: `${error.message}${note}` });
      return;
    }
    job.retries += 1;
    job.faultAt = this.clock.now();
    job.status = 'retrying';
    job.error = error;
    job.nextRetryAt = this.clock.now() + verdict.delayMs;
    this.hub.metrics.recordRetry(error.code);
    this.log(job, 'retrying', {
      metrics: { retry: job.retries, delayMs: Math.round(verdict.delayMs), iteration: job.iteration },
      error,
    });
    if (job.recordSaved) this.persist(job, (s) => s.updateJob(job.id, { retries: job.retries, lastError: error }));
    this.changed(job);
    job.retryTimer = this.clock.setTimeout(() => {
      job.retryTimer = null;
      void this.requeueFromCheckpoint(job);
    }, verdict.delayMs);
  }

  /** After the backoff: the latest checkpoint becomes the resume point, then the job runs again. */
  private async requeueFromCheckpoint(job: ServiceJob): Promise<void> {
    let checkpoint: ResumeState | null = null;
    if (job.spec.kind === 'fit') {
      await job.persisted;
      try {
        checkpoint = await this.storage.latestCheckpoint(job.id, (reason) => {
          const note = `A corrupt checkpoint was skipped (${reason}); the retry resumes from the one before.`;
          job.addDiagnostic(note);
          this.log(job, 'checkpoint-skipped', { diagnostics: [note] });
        });
      } catch (e) {
        this.log(job, 'checkpoint-skipped', {
          diagnostics: ['The checkpoint could not be read; the retry starts from the last known resume point.'],
          error: toSerialized(e),
        });
      }
    }
    if (job.final || this.disposed) return;
    job.resumeAt(checkpoint);
    job.status = 'queued';
    this.queue.unshift(job);
    this.changed(job);
    this.pump();
  }

  private finish(
    job: ServiceJob,
    status: 'converged' | 'not-converged' | 'failed' | 'cancelled',
    error: SerializedError | null,
  ): void {
    this.clearRunTimers(job);
    job.status = status;
    job.finishedAt = this.clock.now();
    job.nextRetryAt = null;
    if (error) job.error = error;
    else if (status !== 'failed') job.error = null;
    const counted =
      status === 'cancelled'
        ? 'uncounted'
        : status === 'failed'
          ? countsAgainstService(job.error)
            ? 'failure'
            : 'uncounted'
          : 'success';
    const durationMs = job.finishedAt - (job.startedAt ?? job.createdAt);
    this.hub.jobFinished(job.id, counted, durationMs, job.backend);
    this.log(job, status, {
      metrics: {
        durationMs,
        iterations: job.result?.iterations ?? job.iteration,
        cost: job.result?.cost ?? job.cost,
        attempts: job.attempts,
        retries: job.retries,
        backend: job.backend,
        checkpointsWritten: job.checkpointsWritten,
      },
      diagnostics: [
        ...(job.result?.diagnostics ?? []),
        ...job.diagnostics.filter((d) => !job.result?.diagnostics.includes(d)),
      ],
      error: job.error ?? undefined,
    });
    if (job.recordSaved && !job.resultStored) this.persist(job, (s) => s.finishJob(job.id, finalJobOutcome(job)));
    // The lock goes once the record says how the job ended, so another tab never sees it
    // unlocked and still 'running' (it would offer a resume of a finished job).
    void job.persisted.then(() => {
      job.releaseLock?.();
      job.releaseLock = null;
      this.locks.announce(job.id);
    });
    job.settle();
    this.changed(job);
  }

  /** Takes (or adopts) the job's Web Lock for its lifetime in this tab. */
  private holdLock(job: ServiceJob, held: (() => void) | undefined): void {
    if (held) {
      job.releaseLock = held;
      return;
    }
    this.locks.tryHold(job.id).then(
      (release) => {
        if (!release) return;
        if (job.final) release();
        else job.releaseLock = release;
        this.locks.announce(job.id);
      },
      () => undefined,
    );
  }

  private get locks(): JobLocks {
    return this.options.locks ?? NO_JOB_LOCKS;
  }

  // ── plumbing ─────────────────────────────────────────────────────────────────────

  private clearRunTimers(job: ServiceJob): void {
    for (const key of ['timeoutTimer', 'graceTimer'] as const) {
      if (job[key] !== null) this.clock.clearTimeout(job[key]);
      job[key] = null;
    }
  }

  private persist(job: ServiceJob, op: (storage: ServiceStorage) => Promise<void>): void {
    if (!this.storage.available) return;
    job.persisted = job.persisted
      .then(() => op(this.storage))
      .catch((e: unknown) => {
        if (job.persistWarned) return;
        job.persistWarned = true;
        this.log(job, 'warning', {
          diagnostics: [`Saving the job failed: ${toSerialized(e).message}. The fit goes on.`],
        });
      });
  }

  private log(job: ServiceJob, status: JobLogStatus, entry: LogEntry): void {
    this.hub.log.append(job.id, status, entry);
  }

  private setCheckpoints(status: CheckpointsStatus): void {
    if (status.enabled === this.checkpoints.enabled && status.reason === this.checkpoints.reason) return;
    this.checkpoints = status;
    this.events.emit({ type: 'checkpoints', status });
  }

  private baseCheckpointStatus(): CheckpointsStatus {
    return this.storage.available
      ? { enabled: true, reason: null }
      : { enabled: false, reason: this.storage.reason ?? 'Checkpoints are off: storage is unavailable.' };
  }

  private createHub(): ReliabilityHub {
    return new ReliabilityHub(this.clock, this.config, (event) => {
      this.events.emit(event);
      this.changed();
    });
  }

  private scheduleTick(): void {
    if (this.disposed) return;
    this.tickTimer = this.clock.setTimeout(() => {
      this.hub.tick();
      this.scheduleTick();
    }, this.options.tickMs ?? 1000);
  }

  private pruneFinished(): void {
    const keep = this.options.keepFinishedJobs ?? 200;
    const finished = [...this.jobs.values()].filter((j) => j.final);
    for (const j of finished.slice(0, Math.max(0, finished.length - keep))) this.jobs.delete(j.id);
  }

  private changed(job?: ServiceJob): void {
    this.snap = null;
    this.revision += 1;
    if (job) {
      job.touch();
      this.events.emit({ type: 'job', job: job.snapshot() });
    }
    if (this.changeScheduled) return;
    this.changeScheduled = true;
    queueMicrotask(() => {
      this.changeScheduled = false;
      if (!this.disposed) this.changes.emit();
    });
  }

  private buildSnapshot(): ServiceSnapshot {
    const jobs = [...this.jobs.values()];
    const waiting = this.queue.length + jobs.filter((j) => j.status === 'retrying').length;
    return buildServiceSnapshot({
      revision: this.revision,
      jobs,
      hub: this.hub,
      runner: this.options.runner.stats(),
      running: this.running.size,
      waiting,
      checkpoints: this.checkpoints,
      chaos: this.chaos,
      config: this.config,
    });
  }
}
