/**
 * What the fitting service shows the page: job snapshots, events and the whole-service
 * snapshot. All plain, immutable data: a snapshot object is replaced, never mutated, so
 * React (useSyncExternalStore, zustand) can compare by reference.
 */
import type { BackendChoice, BackendName, BatchResult, FitResult, IterationState } from '../core/api-types';
import type {
  BreakerSnapshot,
  BreakerTransition,
  BudgetSample,
  BudgetSnapshot,
  FitAlert,
  FitbenchConfig,
  FitMetricsSnapshot,
  HealthSnapshot,
  HealthTransition,
  JobLogRecord,
  LatencyVerdict,
} from '../core/reliability';
import type { ChaosConfig, SerializedError } from '../worker/worker-api';

/**
 * Lifecycle of a job in this page session.
 * queued → running → (converged | not-converged | failed | cancelled), with
 * running → retrying → running for transient faults. `not-converged` finished with a
 * result that did not meet the tolerances (max iterations…): a result, not a failure.
 */
export type JobStatus = 'queued' | 'running' | 'retrying' | 'converged' | 'not-converged' | 'failed' | 'cancelled';

export const FINAL_JOB_STATUSES: readonly JobStatus[] = ['converged', 'not-converged', 'failed', 'cancelled'];

export interface JobSnapshot {
  id: string;
  kind: 'fit' | 'batch';
  status: JobStatus;
  /** The model as submitted (expression or library name). */
  model: string;
  /** Data points (all curves for a batch). */
  nPoints: number;
  backendRequested: BackendChoice;
  /** Backend of the current or last attempt (null before it starts). */
  backend: BackendName | null;
  /** Attempts started (1 once running; a retry adds one). */
  attempts: number;
  /** Automatic retries after transient faults. */
  retries: number;
  /** Epoch ms. */
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** When the scheduled retry starts (status 'retrying'). */
  nextRetryAt: number | null;
  /** Latest iteration reported, its cost and parameters. */
  iteration: number;
  cost: number | null;
  params: Readonly<Record<string, number>> | null;
  /** Cost per iteration (history[i] is iteration historyStart + i), for the convergence chart. */
  history: readonly number[];
  historyStart: number;
  /** Iteration the current attempt resumed from (a checkpoint), or null. */
  resumedFromIteration: number | null;
  checkpointsWritten: number;
  lastCheckpointIteration: number | null;
  result: FitResult | null;
  batchResult: BatchResult | null;
  error: SerializedError | null;
  /** Runtime diagnostics (CPU fallback, checkpoints off, alerts…); the result has the solver's. */
  diagnostics: readonly string[];
  alerts: readonly FitAlert[];
}

export interface CheckpointsStatus {
  enabled: boolean;
  /** A sentence for the page when enabled is false. */
  reason: string | null;
}

export interface PoolStatus {
  capacity: number;
  running: number;
  queued: number;
  /** Workers started / crashed (and replaced) this session. */
  workersStarted: number;
  workersCrashed: number;
}

/** Everything the dashboard shows, as one immutable object. */
export interface ServiceSnapshot {
  /** Increases with every change. */
  revision: number;
  /** Newest first. */
  jobs: readonly JobSnapshot[];
  health: HealthSnapshot;
  healthHistory: HealthTransition[];
  budget: BudgetSnapshot;
  budgetSeries: BudgetSample[];
  breakers: BreakerSnapshot[];
  metrics: FitMetricsSnapshot;
  checkpoints: CheckpointsStatus;
  chaos: ChaosConfig;
  config: FitbenchConfig;
  pool: PoolStatus;
}

/** Incremental events, for views that want deltas (the live convergence chart, the log view). */
export type ServiceEvent =
  | { type: 'job'; job: JobSnapshot }
  | { type: 'progress'; jobId: string; attempt: number; states: IterationState[] }
  | { type: 'health'; health: HealthSnapshot; transition: HealthTransition | null }
  | { type: 'budget'; budget: BudgetSnapshot; sample: BudgetSample }
  | { type: 'breaker'; transition: BreakerTransition }
  | { type: 'checkpoints'; status: CheckpointsStatus }
  | { type: 'alert'; jobId: string; alert: FitAlert }
  | { type: 'anomaly'; jobId: string; verdict: LatencyVerdict }
  | { type: 'log'; record: JobLogRecord }
  /** The stored jobs changed (another tab started, ended or discarded one): re-read the resume offer. */
  | { type: 'resumable'; jobId: string };
