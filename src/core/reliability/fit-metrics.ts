/**
 * The fitting service's metrics (DESIGN.md "Observability") on top of MetricsRegistry:
 * fit duration p50/p95, fits per second, success rate, retries, checkpoints written,
 * recovery time (crash → resumed), backend in use, GPU memory allocated, plus the
 * health state and error budget so one scrape shows the whole dashboard.
 *
 * Prometheus names (all `fitbench_` prefixed, base units: seconds, bytes):
 *   fits_total{outcome}                 counter  outcome = success | failure
 *   fit_duration_seconds                summary  quantiles 0.5, 0.95 (exact over the reservoir)
 *   fits_per_second                     gauge    finished fits over metrics.rateWindowMs
 *   fit_success_ratio                   gauge    successes / fits, all time (NaN before any)
 *   retries_total{code}                 counter  by the error code that was retried
 *   checkpoints_written_total           counter
 *   recovery_seconds                    summary  crash → resumed
 *   backend_in_use{backend}             gauge    1 for the backend in use, 0 for the others
 *   gpu_memory_allocated_bytes          gauge
 *   latency_anomalies_total             counter
 *   health_state{state}                 gauge    1 for the current state
 *   error_budget_remaining              gauge    fraction in [0, 1]
 */
import type { BackendName } from '../api-types';
import type { MetricsConfig } from '../config/fitbench-config';
import { DEFAULT_CONFIG } from '../config/fitbench-config';
import { FitbenchError } from '../errors';
import type { Clock } from './clock';
import type { HealthState } from './health-machine';
import type { DeclaredMetrics, MetricSpec, MetricsJson } from './metrics-registry';
import { MetricsRegistry } from './metrics-registry';
import { SlidingRate } from './sliding-rate';

const BACKENDS: readonly BackendName[] = ['cpu', 'webgpu'];
const HEALTH_STATES: readonly HealthState[] = ['Healthy', 'Degraded', 'Failed', 'Recovery'];

/** Plain figures for the dashboard. Durations in ms; NaN where nothing was measured yet. */
export interface FitMetricsSnapshot {
  fits: number;
  successes: number;
  failures: number;
  successRate: number;
  p50Ms: number;
  p95Ms: number;
  fitsPerSecond: number;
  retries: number;
  checkpointsWritten: number;
  lastRecoveryMs: number;
  recoveryP50Ms: number;
  backend: BackendName | null;
  gpuMemoryBytes: number;
  latencyAnomalies: number;
}

/** The metrics FitMetrics exports, in exposition order. */
function fitMetricSpecs(reservoirSize: number) {
  return {
    fits: { type: 'counter', name: 'fits_total', help: 'Fits finished, by outcome.', labels: ['outcome'] },
    rate: { type: 'gauge', name: 'fits_per_second', help: 'Fits finished per second over the recent window.' },
    ratio: { type: 'gauge', name: 'fit_success_ratio', help: 'Successful fits over all finished fits.' },
    retries: {
      type: 'counter',
      name: 'retries_total',
      help: 'Automatic retries of transient faults, by error code.',
      labels: ['code'],
    },
    checkpoints: { type: 'counter', name: 'checkpoints_written_total', help: 'Solver checkpoints written to storage.' },
    backend: {
      type: 'gauge',
      name: 'backend_in_use',
      help: 'Backend of the latest fit (1) and the others (0).',
      labels: ['backend'],
    },
    gpuMemory: { type: 'gauge', name: 'gpu_memory_allocated_bytes', help: 'GPU buffer memory currently allocated.' },
    anomalies: {
      type: 'counter',
      name: 'latency_anomalies_total',
      help: 'Fits flagged as latency anomalies by the EWMA detector.',
    },
    health: {
      type: 'gauge',
      name: 'health_state',
      help: 'Health state of the fitting service (1 for the current one).',
      labels: ['state'],
    },
    budget: {
      type: 'gauge',
      name: 'error_budget_remaining',
      help: 'Fraction of the SLO error budget left in the rolling window.',
    },
    duration: {
      type: 'summary',
      name: 'fit_duration_seconds',
      help: 'Wall time of finished fits (solver time, I/O excluded).',
      reservoirSize,
    },
    recovery: {
      type: 'summary',
      name: 'recovery_seconds',
      help: 'Time from a worker crash to the job resumed from its checkpoint.',
      reservoirSize,
    },
  } as const satisfies Record<string, MetricSpec>;
}

export class FitMetrics {
  readonly registry = new MetricsRegistry();
  private readonly m: DeclaredMetrics<ReturnType<typeof fitMetricSpecs>>;
  /** Finish times of recent fits, for the rate. */
  private readonly finished: SlidingRate;
  private readonly startedAt: number;
  private backend: BackendName | null = null;
  private lastRecovery = NaN;

  constructor(
    private readonly clock: Clock,
    private readonly config: MetricsConfig = DEFAULT_CONFIG.metrics,
  ) {
    this.startedAt = clock.now();
    this.m = this.registry.declare(fitMetricSpecs(config.reservoirSize));
    this.finished = new SlidingRate(config.rateWindowMs);
    this.m.fits.inc(0, { outcome: 'success' });
    this.m.fits.inc(0, { outcome: 'failure' });
    this.registry.beforeCollect(() => {
      this.m.rate.set(this.fitsPerSecond());
      this.m.ratio.set(this.successRate());
    });
  }

  /** A job finished: `ok` false for a service failure (count bad input as neither, or as ok). */
  recordFit(durationMs: number, ok: boolean, backend?: BackendName): void {
    this.checkMs(durationMs, 'durationMs');
    this.m.fits.inc(1, { outcome: ok ? 'success' : 'failure' });
    this.m.duration.observe(durationMs / 1000);
    this.finished.record(this.clock.now());
    if (backend) this.setBackend(backend);
  }

  /** An automatic retry was scheduled, for the fault `code`. */
  recordRetry(code: string): void {
    this.m.retries.inc(1, { code });
  }

  recordCheckpoint(): void {
    this.m.checkpoints.inc();
  }

  /** A crashed job was resumed `ms` after the crash. */
  recordRecovery(ms: number): void {
    this.checkMs(ms, 'recoveryMs');
    this.m.recovery.observe(ms / 1000);
    this.lastRecovery = ms;
  }

  recordLatencyAnomaly(): void {
    this.m.anomalies.inc();
  }

  setBackend(backend: BackendName): void {
    if (!BACKENDS.includes(backend))
      throw new FitbenchError('OPTIONS_INVALID', `unknown backend ${String(backend)}: expected cpu or webgpu`, {
        field: 'backend',
      });
    this.backend = backend;
    for (const b of BACKENDS) this.m.backend.set(b === backend ? 1 : 0, { backend: b });
  }

  setGpuMemoryBytes(bytes: number): void {
    this.checkMs(bytes, 'gpuMemoryBytes');
    this.m.gpuMemory.set(bytes);
  }

  setHealthState(state: HealthState): void {
    if (!HEALTH_STATES.includes(state))
      throw new FitbenchError('OPTIONS_INVALID', `unknown health state ${String(state)}`, { field: 'state' });
    for (const s of HEALTH_STATES) this.m.health.set(s === state ? 1 : 0, { state: s });
  }

  setErrorBudgetRemaining(fraction: number): void {
    if (!(fraction >= 0 && fraction <= 1))
      throw new FitbenchError('OPTIONS_INVALID', `error budget remaining must be in [0, 1], got ${fraction}`, {
        field: 'fraction',
      });
    this.m.budget.set(fraction);
  }

  /** Finished fits per second over the rate window (or since start, if shorter; at least 1 s). */
  fitsPerSecond(): number {
    const now = this.clock.now();
    return this.finished.perSecond(now, Math.max(1000, Math.min(this.config.rateWindowMs, now - this.startedAt)));
  }

  /** Successes over finished fits, all time; NaN before the first fit. */
  successRate(): number {
    const ok = this.m.fits.get({ outcome: 'success' });
    const total = ok + this.m.fits.get({ outcome: 'failure' });
    return total === 0 ? NaN : ok / total;
  }

  snapshot(): FitMetricsSnapshot {
    const successes = this.m.fits.get({ outcome: 'success' });
    const failures = this.m.fits.get({ outcome: 'failure' });
    let retries = 0;
    for (const { state } of this.m.retries.entries()) retries += state.value;
    return {
      fits: successes + failures,
      successes,
      failures,
      successRate: this.successRate(),
      p50Ms: this.m.duration.quantile(0.5) * 1000,
      p95Ms: this.m.duration.quantile(0.95) * 1000,
      fitsPerSecond: this.fitsPerSecond(),
      retries,
      checkpointsWritten: this.m.checkpoints.get(),
      lastRecoveryMs: this.lastRecovery,
      recoveryP50Ms: this.m.recovery.quantile(0.5) * 1000,
      backend: this.backend,
      gpuMemoryBytes: this.m.gpuMemory.get(),
      latencyAnomalies: this.m.anomalies.get(),
    };
  }

  toPrometheus(): string {
    return this.registry.toPrometheus();
  }

  toJSON(): MetricsJson {
    return this.registry.toJSON();
  }

  private checkMs(v: number, field: string): void {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new FitbenchError('OPTIONS_INVALID', `${field} must be a finite number ≥ 0, got ${String(v)}`, { field });
    }
  }
}
