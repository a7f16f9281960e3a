/** Small pieces of the fitting service kept apart so fit-service.ts reads as the state machine. */
import { FitbenchError } from '../core/errors';
import type { JobOutcome } from '../persistence';
import type { FitbenchConfig } from '../core/reliability';
import type { ChaosConfig, SerializedError } from '../worker/worker-api';
import type { ReliabilityHub } from './reliability-hub';
import type { RunnerStats } from './runner';
import type { ServiceJob } from './service-job';
import type { CheckpointsStatus, ServiceSnapshot } from './service-types';

/** Time and timers of the service (epoch ms); tests pass a manual clock. */
export interface ServiceClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemServiceClock: ServiceClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/**
 * The chaos an attempt runs with: a crash or a lost device is injected once per job, on
 * its first attempt, so the automatic retry shows recovery instead of failing again.
 */
export function attemptChaos(chaos: ChaosConfig, attempt: number): ChaosConfig {
  if (attempt === 0) return { ...chaos };
  return { ...chaos, crashWorkerAtIteration: null, loseDeviceAtIteration: null };
}

/** Any thrown value as the boundary's error shape. */
export function toSerialized(e: unknown): SerializedError {
  const error = FitbenchError.fromJSON(e);
  return { code: error.code, message: error.message, context: error.context };
}

/** What storage records for a finished job (its result, or its error). */
export function finalJobOutcome(job: ServiceJob): JobOutcome {
  const status = job.status === 'failed' ? 'failed' : job.status === 'cancelled' ? 'cancelled' : 'converged';
  const error = job.error ?? undefined;
  if (job.result) return { status, kind: 'fit', result: job.result, error };
  if (job.batchResult) return { status, kind: 'batch', result: job.batchResult, error };
  return { status, error };
}

export interface SnapshotParts {
  revision: number;
  /** Oldest first (the snapshot lists newest first). */
  jobs: readonly ServiceJob[];
  hub: ReliabilityHub;
  runner: RunnerStats;
  running: number;
  waiting: number;
  checkpoints: CheckpointsStatus;
  chaos: ChaosConfig;
  config: FitbenchConfig;
}

/** The immutable snapshot the page reads (see ServiceSnapshot). */
export function buildServiceSnapshot(p: SnapshotParts): ServiceSnapshot {
  return Object.freeze({
    revision: p.revision,
    jobs: [...p.jobs].reverse().map((j) => j.snapshot()),
    health: p.hub.health.snapshot(),
    healthHistory: p.hub.health.history(),
    budget: p.hub.budget.snapshot(),
    budgetSeries: p.hub.budget.series(),
    breakers: p.hub.breakers.snapshot(),
    metrics: p.hub.metrics.snapshot(),
    checkpoints: p.checkpoints,
    chaos: { ...p.chaos },
    config: p.config,
    pool: {
      capacity: p.runner.capacity,
      running: p.running,
      queued: p.waiting,
      workersStarted: p.runner.workersStarted,
      workersCrashed: p.runner.workersCrashed,
    },
  });
}
