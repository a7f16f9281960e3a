/**
 * Fakes for the fitting service's unit tests: a runner whose workers the test drives by
 * hand, a manual clock with timers, and in-memory storage. Imported by *.test.ts only.
 */
import type { FitResult, IterationState, ResumeState } from '../core/api-types';
import {
  jobRecordProblem,
  summaryOfSpec,
  type JobOutcome,
  type JobPatch,
  type JobRecord,
  type JobScan,
  type JobSpec,
} from '../persistence';
import type { RunOutcome, RunRequest, SerializedError, WorkerEvent, WorkerEventSink } from '../worker/worker-api';
import type { FitRunner, RunHandle, RunnerStats } from '../runtime/runner';
import type { ServiceClock } from '../runtime/service-support';
import type { ServiceStorage } from '../runtime/service-storage';

export class ManualTimers implements ServiceClock {
  private t: number;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;

  constructor(start = 1_700_000_000_000) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Moves time forward, firing due timers in time order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | null = null;
      for (const entry of this.timers) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
    }
    this.t = end;
  }
}

/** One run the test controls: emit events, then finish it. */
export class FakeRun implements RunHandle {
  readonly outcome: Promise<RunOutcome>;
  cancelled = false;
  terminatedWith: SerializedError | null = null;
  settled = false;
  private resolveOutcome!: (o: RunOutcome) => void;

  constructor(
    readonly request: RunRequest,
    readonly transfer: Transferable[],
    private readonly sink: WorkerEventSink,
    /** Worker that honours a cancel by itself (set false to test the grace period). */
    private readonly cooperative: boolean,
  ) {
    this.outcome = new Promise((r) => (this.resolveOutcome = r));
  }

  cancel(): void {
    this.cancelled = true;
    if (this.cooperative) this.fail({ code: 'FIT_ABORTED', message: 'stopped', context: {} }, true);
  }

  terminate(error: SerializedError): void {
    this.terminatedWith = error;
    this.fail(error);
  }

  emit(events: WorkerEvent[]): void {
    this.sink(events);
  }

  /** Reports iterations from..to (inclusive) and checkpoints at the given iterations. */
  progress(from: number, to: number, checkpointsAt: number[] = []): void {
    const events: WorkerEvent[] = [];
    for (let i = from; i <= to; i++) {
      events.push({ type: 'progress', jobId: this.request.jobId, attempt: this.request.attempt, state: state(i) });
      if (checkpointsAt.includes(i))
        events.push({
          type: 'checkpoint',
          jobId: this.request.jobId,
          attempt: this.request.attempt,
          iteration: i,
          durationMs: 2,
        });
    }
    this.emit(events);
  }

  /** Saves the job record as the real worker does before solving (persist.createJob). */
  saveJob(storage: MemoryStorage): void {
    if (!this.request.persist?.createJob) return;
    const spec: JobSpec =
      this.request.kind === 'fit'
        ? { kind: 'fit', problem: this.request.problem, options: this.request.options }
        : { kind: 'batch', batch: this.request.batch, options: this.request.options };
    void storage.createJob(this.request.jobId, spec, this.request.persist.backend);
    this.emit([{ type: 'job-saved', jobId: this.request.jobId, attempt: this.request.attempt }]);
  }

  /** Succeeds; like the real worker, stores the result itself when asked to (`storage`). */
  succeed(result: Partial<FitResult> = {}, storage?: MemoryStorage): void {
    const r = fitResult(result);
    const resultStored = Boolean(this.request.persist?.finishOnSuccess && storage);
    if (resultStored) storage?.finished.set(this.request.jobId, { status: 'converged', kind: 'fit', result: r });
    this.finish({ ok: true, kind: 'fit', result: r, stats: { ...stats(), resultStored }, tail: [] });
  }

  fail(error: SerializedError, cancelled = false): void {
    this.finish({ ok: false, error, cancelled, stats: stats(), tail: [] });
  }

  private finish(o: RunOutcome): void {
    if (this.settled) return;
    this.settled = true;
    this.resolveOutcome(o);
  }
}

export class FakeRunner implements FitRunner {
  readonly runs: FakeRun[] = [];
  cooperative = true;
  disposed = false;

  constructor(readonly capacity = 2) {}

  start(request: RunRequest, transfer: Transferable[], onEvents: WorkerEventSink): RunHandle {
    const run = new FakeRun(request, transfer, onEvents, this.cooperative);
    this.runs.push(run);
    return run;
  }

  get last(): FakeRun {
    return this.runs[this.runs.length - 1];
  }

  stats(): RunnerStats {
    return {
      capacity: this.capacity,
      busy: this.runs.filter((r) => !r.settled).length,
      workersStarted: this.runs.length,
      workersCrashed: 0,
    };
  }

  dispose(): void {
    this.disposed = true;
  }
}

export class MemoryStorage implements ServiceStorage {
  readonly available = true;
  readonly reason = null;
  readonly jobs = new Map<string, JobRecord>();
  readonly checkpoints = new Map<string, ResumeState>();
  readonly finished = new Map<string, JobOutcome>();

  async createJob(jobId: string, spec: JobSpec, backend: JobRecord['backend']): Promise<void> {
    this.jobs.set(jobId, {
      jobId,
      spec,
      summary: summaryOfSpec(spec),
      backend,
      status: 'queued',
      createdAt: 0,
      updatedAt: 0,
      retries: 0,
    });
  }

  async updateJob(jobId: string, patch: JobPatch): Promise<void> {
    const job = this.jobs.get(jobId);
    if (!job) throw new Error(`no job ${jobId}`);
    const { lastError, ...rest } = patch;
    this.jobs.set(jobId, {
      ...job,
      ...rest,
      ...(lastError
        ? { lastError: { code: lastError.code, message: lastError.message, context: lastError.context } }
        : {}),
    });
  }

  async finishJob(jobId: string, outcome: JobOutcome): Promise<void> {
    this.finished.set(jobId, outcome);
    // As the job store: a failed job keeps its checkpoint (resumable until discarded).
    if (outcome.status !== 'failed') this.checkpoints.delete(jobId);
    const job = this.jobs.get(jobId);
    if (job) this.jobs.set(jobId, { ...job, status: outcome.status });
  }

  async getJob(jobId: string): Promise<JobRecord | undefined> {
    return this.jobs.get(jobId);
  }

  async latestCheckpoint(jobId: string): Promise<ResumeState | null> {
    return this.checkpoints.get(jobId) ?? null;
  }

  async unfinishedJobs(): Promise<JobRecord[]> {
    return [...this.jobs.values()].filter(
      (j) => j.status === 'queued' || j.status === 'running' || j.status === 'interrupted',
    );
  }

  async scanJobs(heldElsewhere: ReadonlySet<string>): Promise<JobScan> {
    const scan: JobScan = { jobs: [], quarantined: [] };
    for (const [id, job] of this.jobs) {
      if (job.status === 'running' && !heldElsewhere.has(id)) this.jobs.set(id, { ...job, status: 'interrupted' });
    }
    for (const job of this.jobs.values()) {
      if (!['queued', 'running', 'interrupted', 'failed'].includes(job.status)) continue;
      const problem = jobRecordProblem(job);
      if (problem === null) scan.jobs.push(job);
      else scan.quarantined.push({ jobId: job.jobId, reason: problem });
    }
    return scan;
  }

  async deleteJob(jobId: string): Promise<void> {
    this.jobs.delete(jobId);
    this.checkpoints.delete(jobId);
  }
}

export function state(iteration: number): IterationState {
  return {
    iteration,
    cost: 100 / (iteration + 1),
    gradientNorm: 1 / (iteration + 1),
    stepNorm: 0.1,
    method: 'lm',
    radius: 1,
    lambda: 1e-3,
    scale: [1],
    params: { a: 1 + iteration / 100 },
    nfev: iteration + 1,
    njev: iteration + 1,
  };
}

export function resumeState(iteration: number): ResumeState {
  return {
    method: 'lm',
    iteration,
    params: { a: 1 + iteration / 100 },
    lambda: 1e-3,
    nfev: iteration + 1,
    history: Array.from({ length: iteration + 1 }, (_, i) => 100 / (i + 1)),
  };
}

function fitResult(over: Partial<FitResult>): FitResult {
  return {
    params: { a: 2 },
    stdErrors: { a: 0.1 },
    confidenceIntervals: { a: [1.8, 2.2] },
    covariance: [[0.01]],
    correlation: [[1]],
    paramNames: ['a'],
    cost: 0.5,
    chiSquare: 1,
    reducedChiSquare: 0.5,
    rSquared: 0.99,
    aic: 1,
    bic: 1,
    dof: 2,
    nPoints: 3,
    iterations: 12,
    nfev: 13,
    njev: 12,
    converged: true,
    status: 'ftol',
    message: 'converged',
    backend: 'cpu',
    method: 'lm',
    loss: 'linear',
    diagnostics: [],
    elapsedMs: 5,
    expression: 'a*x',
    ...over,
  };
}

function stats() {
  return {
    iterations: 0,
    checkpointsWritten: 0,
    lastCheckpointIteration: null,
    startIteration: 0,
    resultStored: false,
  };
}

/** Lets pending promise callbacks (storage writes, outcome handlers) run. */
export async function flush(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
