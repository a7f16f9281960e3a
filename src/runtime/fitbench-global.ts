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
  version: string;
  service: FitbenchServiceView;
}

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
  return Object.freeze({
    curveFit: (problem: FitProblem, options?: FitOptions) => client.fit(problem, options).result,
    curveFitBatch: (batch: FitBatch, options?: FitOptions) => client.fitBatch(batch, options).result,
    curveFitGlobal: (problem: GlobalProblem, options?: FitOptions) => client.fitGlobal(problem, options).result,
    // Imported on first use: its module pulls the global-fit preparation onto the page (~48 kB gzip).
    compareSharing: async (problem: GlobalProblem, parameter: string, options?: FitOptions) => {
      const { compareSharing } = await import('../core/fit/compare-sharing');
      return compareSharing(problem, parameter, options, (p, o) => client.fitGlobal(p, o).result);
    },
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
