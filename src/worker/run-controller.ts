/**
 * Runs one job inside a worker: the solver with an iteration callback that feeds throttled
 * progress batches, periodic checkpoints, cooperative cancel and the chaos switches. Every
 * side effect (solver, store, clock, crash) is injected, so this runs under Vitest in Node;
 * fit.worker.ts wires the real ones.
 */
import type {
  BackendChoice,
  BatchResult,
  FitBatch,
  FitOptions,
  FitJobProblem,
  FitResult,
  IterationState,
  MethodName,
} from '../core/api-types';
import { FitbenchError } from '../core/errors';
import { CheckpointTracker, type CheckpointSink } from './checkpoint-tracker';
import { EventBatcher, type BatcherClock } from './event-batcher';
import { HostYield, type HostYieldDeps } from './host-yield';
import type {
  BatchRunRequest,
  ChaosConfig,
  FitRunRequest,
  RunOutcome,
  RunRequest,
  RunStats,
  SerializedError,
  WorkerEventSink,
} from './worker-api';

/** A validated, compiled fit (the core's PreparedFit), ready to run on the engine's evaluator. */
export interface PreparedRun {
  /** The method the core chose ('trf' when any free parameter is bounded): checkpoints record it. */
  method: MethodName;
  run(options: FitOptions): Promise<FitResult>;
}

/** The solver entry points a run uses, after the backend was chosen (backend.ts). */
export interface FitEngine {
  /** Validates and compiles (bad input throws a FitbenchError naming the culprit). */
  prepare(problem: FitJobProblem, options: FitOptions): PreparedRun | Promise<PreparedRun>;
  curveFitBatch(batch: FitBatch, options: FitOptions): Promise<BatchResult>;
  /** Destroys the GPU device (chaos loseDeviceAtIteration), when the backend has one. */
  loseDevice?(): void;
}

export interface EngineChoice {
  engine: FitEngine;
  backend: BackendChoice;
  diagnostic?: string;
}

/** Writes the job record (worker-storage.ts); failures are reported, never fatal. */
export interface JobRecorder {
  create(request: RunRequest): Promise<void>;
  finish(request: RunRequest, result: FitResult | BatchResult): Promise<void>;
}

export interface RunControllerDeps extends BatcherClock, HostYieldDeps {
  jobs: JobRecorder;
  /** The engine for a request and the backend to ask it for; a diagnostic when that differs from the request. */
  engineFor(request: RunRequest): Promise<EngineChoice>;
  /** The checkpoint store for a run, or null when storage is unavailable. */
  checkpointSink(request: FitRunRequest): Promise<CheckpointSink | null>;
  wallClock(): number;
  random(): number;
  /** Kills the worker the way a real crash does: an uncaught error the page's pool sees. */
  crash(error: Error): void;
}

interface ActiveRun {
  jobId: string;
  abort: AbortController;
  stopRequested: boolean;
}

/** How often a running fit lets the event loop take a turn (cancel messages, timers). */
const YIELD_EVERY_MS = 50;

/** A promise that never settles: after a simulated crash no reply may reach the page. */
const NEVER = new Promise<never>(() => undefined);

export class RunController {
  private active: ActiveRun | null = null;

  constructor(private readonly deps: RunControllerDeps) {}

  /** Cooperative cancel of the run of `jobId` (ignored when another job runs). */
  cancel(jobId: string): void {
    const run = this.active;
    if (!run || run.jobId !== jobId) return;
    run.stopRequested = true;
    run.abort.abort(new FitbenchError('FIT_ABORTED', `Job ${jobId} was cancelled.`));
  }

  /** Runs a request to its outcome; a fit failure is an outcome, not a rejection. */
  async run(request: RunRequest, onEvents: WorkerEventSink): Promise<RunOutcome> {
    if (this.active) {
      const error = new FitbenchError('INTERNAL', `Worker is busy with job ${this.active.jobId}; one run at a time.`);
      return { ok: false, error: serialize(error), cancelled: false, stats: emptyStats(0), tail: [] };
    }
    const run: ActiveRun = { jobId: request.jobId, abort: new AbortController(), stopRequested: false };
    this.active = run;
    const batcher = new EventBatcher(Math.max(1, request.progressIntervalMs), onEvents, this.deps);
    const stats = emptyStats(request.kind === 'fit' ? (request.resumeFrom?.iteration ?? 0) : 0);
    // Storage runs beside the solver: the job record's write is not awaited before solving,
    // and a success's result is stored after the reply (see finishLater).
    let saved: Promise<void> = Promise.resolve();
    try {
      const chaos = request.chaos;
      if ((chaos.failureRate ?? 0) > 0 && this.deps.random() < (chaos.failureRate ?? 0)) {
        throw new FitbenchError(
          'INJECTED_FAULT',
          `Injected fault (chaos failureRate ${chaos.failureRate}) in job ${request.jobId}.`,
          {
            attempt: request.attempt,
          },
        );
      }
      if (request.persist?.createJob) saved = this.saveJob(request, batcher);
      const choice = await this.deps.engineFor(request);
      if (choice.diagnostic) {
        const backend = choice.backend === 'webgpu' ? 'webgpu' : 'cpu';
        batcher.push({
          type: 'backend',
          jobId: request.jobId,
          attempt: request.attempt,
          backend,
          diagnostic: choice.diagnostic,
        });
      }
      if (request.kind === 'batch') {
        const result = await this.runBatch(choice, request, run);
        stats.resultStored = this.finishLater(request, result, saved);
        return { ok: true, kind: 'batch', result, stats, tail: batcher.close() };
      }
      const result = await this.runFit(choice, request, run, batcher, stats);
      stats.resultStored = this.finishLater(request, result, saved);
      return { ok: true, kind: 'fit', result, stats, tail: batcher.close() };
    } catch (e) {
      if (e === CRASHED) return NEVER;
      // The page finishes a failed job's record: it must exist by then.
      await saved;
      const error = FitbenchError.fromJSON(e);
      const cancelled = run.stopRequested;
      return { ok: false, error: serialize(error), cancelled, stats, tail: batcher.close() };
    } finally {
      this.active = null;
    }
  }

  private async saveJob(request: RunRequest, batcher: EventBatcher): Promise<void> {
    const { jobId, attempt } = request;
    try {
      await this.deps.jobs.create(request);
      batcher.push({ type: 'job-saved', jobId, attempt });
    } catch (e) {
      batcher.push({ type: 'storage-warning', jobId, attempt, reason: serialize(FitbenchError.fromJSON(e)) });
    }
  }

  /**
   * Stores a success's result once the job record and the last checkpoint have landed,
   * after the reply: the page gets its result without waiting for a durable write. A
   * failure here leaves the job unfinished in storage (offered for resume), never lost.
   */
  private finishLater(request: RunRequest, result: FitResult | BatchResult, after: Promise<void>): boolean {
    if (!request.persist?.finishOnSuccess) return false;
    void after.then(() => this.deps.jobs.finish(request, result)).catch(() => undefined);
    return true;
  }

  private async runBatch(
    { engine, backend }: EngineChoice,
    request: BatchRunRequest,
    run: ActiveRun,
  ): Promise<BatchResult> {
    const result = await engine.curveFitBatch(request.batch, { ...request.options, backend, signal: run.abort.signal });
    if (run.stopRequested) throw new FitbenchError('FIT_ABORTED', `Job ${request.jobId} was cancelled.`);
    return result;
  }

  private async runFit(
    { engine, backend }: EngineChoice,
    request: FitRunRequest,
    run: ActiveRun,
    batcher: EventBatcher,
    stats: RunStats,
  ): Promise<FitResult> {
    const { jobId, attempt } = request;
    const chaos: Partial<ChaosConfig> = request.chaos;
    const prepared = await engine.prepare(request.problem, { ...request.options, backend });
    const sink = request.checkpoint.enabled ? await this.deps.checkpointSink(request) : null;
    const method = prepared.method;
    const tracker = new CheckpointTracker(jobId, request.checkpoint, sink, method, request.resumeFrom, {
      now: () => this.deps.now(),
      wallClock: () => this.deps.wallClock(),
      onWritten: (iteration, durationMs) => batcher.push({ type: 'checkpoint', jobId, attempt, iteration, durationMs }),
      onDisabled: (reason) => batcher.push({ type: 'checkpoints-off', jobId, attempt, reason }),
    });
    let fault: unknown = null;
    let crashed = false;
    const host = new HostYield(this.deps);
    const mayUseGpu = backend !== 'cpu';
    let lastYield = this.deps.now();

    // Returns a promise only to let the event loop run (see host-yield.ts); the solver's
    // contract is `void | 'stop'`, and a solver that ignores the promise loses nothing.
    const onIteration = (s: IterationState): void | 'stop' | Promise<void> => {
      host.observe();
      if (crashed) return 'stop';
      stats.iterations = s.iteration;
      batcher.push({ type: 'progress', jobId, attempt, state: s });
      if (
        chaos.crashWorkerAtIteration != null &&
        s.iteration >= chaos.crashWorkerAtIteration &&
        s.iteration > stats.startIteration
      ) {
        // The crash itself comes once the solver has returned and the checkpoint writes
        // already issued have landed (see below), so the retry resumes from the newest.
        crashed = true;
        return 'stop';
      }
      // A device can only be lost by a run that may use one.
      if (
        mayUseGpu &&
        chaos.loseDeviceAtIteration != null &&
        s.iteration >= chaos.loseDeviceAtIteration &&
        s.iteration > stats.startIteration
      ) {
        engine.loseDevice?.();
        fault = new FitbenchError(
          'GPU_DEVICE_LOST',
          `GPU device lost at iteration ${s.iteration} (chaos loseDeviceAtIteration).`,
          {
            iteration: s.iteration,
          },
        );
        return 'stop';
      }
      tracker.observe(s);
      stats.checkpointsWritten = tracker.written;
      stats.lastCheckpointIteration = tracker.lastWrittenIteration;
      if (run.stopRequested) return 'stop';
      const now = this.deps.now();
      if (chaos.iterationDelayMs) {
        lastYield = now;
        return host.delay(chaos.iterationDelayMs);
      }
      if (tracker.writing || now - lastYield >= YIELD_EVERY_MS) {
        lastYield = now;
        return host.yieldNow();
      }
    };

    let result: FitResult;
    try {
      result = await prepared.run({
        ...request.options,
        backend,
        signal: run.abort.signal,
        onIteration: onIteration as FitOptions['onIteration'],
        ...(request.resumeFrom ? { resumeFrom: request.resumeFrom } : {}),
      });
    } catch (e) {
      // A pending write must land before the page finishes the job (and deletes its checkpoints).
      await tracker.settle();
      throw e;
    }
    // The write in flight lands before the reply, so its event reaches the page (one
    // write at most: the cost of a single commit).
    await tracker.settle();
    stats.checkpointsWritten = tracker.written;
    stats.lastCheckpointIteration = tracker.lastWrittenIteration;
    if (crashed) {
      // Progress and checkpoint events up to the crash reach the page first, as they would
      // have on their own before a real crash.
      batcher.flushNow();
      this.deps.crash(
        new Error(
          `Simulated worker crash at iteration ${stats.iterations} of job ${jobId} (chaos crashWorkerAtIteration).`,
        ),
      );
      throw CRASHED;
    }
    if (fault) throw fault;
    if (run.stopRequested)
      throw new FitbenchError('FIT_ABORTED', `Job ${jobId} was cancelled at iteration ${stats.iterations}.`);
    return result;
  }
}

/** Marker thrown inside the controller after a simulated crash. */
const CRASHED = Symbol('crashed');

function emptyStats(startIteration: number): RunStats {
  return {
    iterations: startIteration,
    checkpointsWritten: 0,
    lastCheckpointIteration: null,
    startIteration,
    resultStored: false,
  };
}

function serialize(error: FitbenchError): SerializedError {
  return { code: error.code, message: error.message, context: error.context };
}
