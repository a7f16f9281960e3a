/**
 * `window.fitbench`: the library API (DESIGN.md "Browser hooks") for the console and the
 * end-to-end tests, routed through the same worker runtime as the UI, plus a read-only
 * view of the service (`fitbench.service`) so tests can check retries, health and the log.
 */
import type {
  BatchResult,
  FitBatch,
  FitOptions,
  FitProblem,
  FitResult,
  GlobalFitResult,
  GlobalProblem,
  SharingComparison,
} from '../core/api-types';
// compareFits is synchronous in the API and small: it alone loads with the page.
import {
  compareFits,
  type ComparableFit,
  type CompareFitsOptions,
  type FitComparison,
} from '../core/uncertainty/compare-fits';
import type {
  BatchFitter,
  BootstrapOptions,
  BootstrapResult,
  Profile2d,
  Profile2dOptions,
  ProfileIntervals,
  ProfileOptions,
} from '../core/uncertainty';
import type { FitbenchConfig, FitMetricsSnapshot, HealthSnapshot, JobLogRecord } from '../core/reliability';
import { version } from '../../package.json';
import type { ChaosConfig } from './chaos';
import type { FitClient } from './fit-client';
import type { CheckpointsStatus, JobSnapshot, ServiceSnapshot } from './service-types';

/** Read-only view of the fitting service. */
export interface FitbenchServiceView {
  snapshot(): ServiceSnapshot;
  jobs(): readonly JobSnapshot[];
  job(jobId: string): JobSnapshot | undefined;
  metrics(): FitMetricsSnapshot;
  health(): HealthSnapshot;
  checkpoints(): CheckpointsStatus;
  chaos(): ChaosConfig;
  config(): FitbenchConfig;
  log(jobId?: string): JobLogRecord[];
  prometheus(): string;
}

export interface FitbenchGlobal {
  curveFit(problem: FitProblem, options?: FitOptions): Promise<FitResult>;
  curveFitBatch(batch: FitBatch, options?: FitOptions): Promise<BatchResult>;
  /** Global fit (shared parameters across data sets), routed through the worker runtime. */
  curveFitGlobal(problem: GlobalProblem, options?: FitOptions): Promise<GlobalFitResult>;
  /** Prism's shared-or-not test: both global fits run in workers. */
  compareSharing(problem: GlobalProblem, parameter: string, options?: FitOptions): Promise<SharingComparison>;
  /** Profile-likelihood intervals; each batch of refits is a job of the fitting service. */
  profileIntervals(
    problem: FitProblem,
    result: FitResult,
    options?: UncertaintyOptions<ProfileOptions>,
  ): Promise<ProfileIntervals>;
  profile2d(
    problem: FitProblem,
    result: FitResult,
    a: string,
    b: string,
    options?: UncertaintyOptions<Profile2dOptions>,
  ): Promise<Profile2d>;
  /** Bootstrap intervals; the resamples are refitted as one batch job (WebGPU when it qualifies). */
  bootstrap(
    problem: FitProblem,
    result: FitResult,
    options?: UncertaintyOptions<BootstrapOptions>,
  ): Promise<BootstrapResult>;
  compareFits(results: ComparableFit[], options?: CompareFitsOptions): FitComparison;
  version: string;
  service: FitbenchServiceView;
}

/** Options of the uncertainty routines as the page offers them: the service is the batch engine. */
export type UncertaintyOptions<T> = Omit<T, 'batchFit'>;

// Profiles, the bootstrap and the sharing test (and the global fit under it) load on first use,
// so the page's initial script does not carry them.
const uncertainty = () => import('../core/uncertainty');
const sharing = () => import('../core/fit/compare-sharing');

declare global {
  interface Window {
    fitbench?: FitbenchGlobal;
  }
}

/** Builds the global object over a client (exported for tests). */
export function fitbenchGlobal(client: FitClient): FitbenchGlobal {
  const snap = () => client.getSnapshot();
  const service: FitbenchServiceView = Object.freeze({
    snapshot: snap,
    jobs: () => snap().jobs,
    job: (jobId: string) => client.job(jobId),
    metrics: () => snap().metrics,
    health: () => snap().health,
    checkpoints: () => snap().checkpoints,
    chaos: () => client.getChaos(),
    config: () => client.getConfig(),
    log: (jobId?: string) => client.logRecords(jobId),
    prometheus: () => client.metricsPrometheus(),
  });
  // Refits go through the service as batch jobs: queued, retried, cancellable by the signal,
  // on WebGPU when the batch qualifies, and visible on the dashboard like any fit.
  const batchFit: BatchFitter = (batch, options) => client.fitBatch(batch, options).result;
  return Object.freeze({
    // Multistart is the core's batch-then-polish path, which runs on the CPU engine.
    curveFit: (problem: FitProblem, options?: FitOptions) =>
      client.fit(problem, options?.multistart ? { ...options, backend: 'cpu' } : options).result,
    curveFitBatch: (batch: FitBatch, options?: FitOptions) => client.fitBatch(batch, options).result,
    curveFitGlobal: (problem: GlobalProblem, options?: FitOptions) => client.fitGlobal(problem, options).result,
    compareSharing: async (problem: GlobalProblem, parameter: string, options?: FitOptions) =>
      (await sharing()).compareSharing(problem, parameter, options, (p, o) => client.fitGlobal(p, o).result),
    profileIntervals: async (problem: FitProblem, result: FitResult, options?: UncertaintyOptions<ProfileOptions>) =>
      (await uncertainty()).profileIntervals(problem, result, { ...options, batchFit }),
    profile2d: async (
      problem: FitProblem,
      result: FitResult,
      a: string,
      b: string,
      options?: UncertaintyOptions<Profile2dOptions>,
    ) => (await uncertainty()).profile2d(problem, result, a, b, { ...options, batchFit }),
    bootstrap: async (problem: FitProblem, result: FitResult, options?: UncertaintyOptions<BootstrapOptions>) =>
      (await uncertainty()).bootstrap(problem, result, { ...options, batchFit }),
    compareFits: (results: ComparableFit[], options?: CompareFitsOptions) => compareFits(results, options),
    version,
    service,
  });
}

/** Installs `window.fitbench` (idempotent: the last client wins). */
export function installFitbenchGlobal(
  client: FitClient,
  target: { fitbench?: FitbenchGlobal } = globalThis as { fitbench?: FitbenchGlobal },
): FitbenchGlobal {
  const api = fitbenchGlobal(client);
  target.fitbench = api;
  return api;
}
