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
import type { MetricsJson, Summary } from './metrics-registry';
import { MetricsRegistry } from './metrics-registry';

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

export class FitMetrics {
  readonly registry = new MetricsRegistry();
  private readonly fits = this.registry.counter('fits_total', 'Fits finished, by outcome.', ['outcome']);
  private readonly duration: Summary;
  private readonly rate = this.registry.gauge('fits_per_second', 'Fits finished per second over the recent window.');
  private readonly ratio = this.registry.gauge('fit_success_ratio', 'Successful fits over all finished fits.');
  private readonly retries = this.registry.counter(
    'retries_total',
    'Automatic retries of transient faults, by error code.',
    ['code'],
  );
  private readonly checkpoints = this.registry.counter(
    'checkpoints_written_total',
    'Solver checkpoints written to storage.',
  );
  private readonly recovery: Summary;
  private readonly backendGauge = this.registry.gauge(
    'backend_in_use',
    'Backend of the latest fit (1) and the others (0).',
    ['backend'],
  );
  private readonly gpuMemory = this.registry.gauge(
    'gpu_memory_allocated_bytes',
    'GPU buffer memory currently allocated.',
  );
  private readonly anomalies = this.registry.counter(
    'latency_anomalies_total',
    'Fits flagged as latency anomalies by the EWMA detector.',
  );
  private readonly health = this.registry.gauge(
    'health_state',
    'Health state of the fitting service (1 for the current one).',
    ['state'],
  );
  private readonly budget = this.registry.gauge(
    'error_budget_remaining',
    'Fraction of the SLO error budget left in the rolling window.',
  );
  /** Finish times of recent fits, for the rate; head index instead of shift(). */
  private finishTimes: number[] = [];
  private head = 0;
  private readonly startedAt: number;
  private backend: BackendName | null = null;
  private lastRecovery = NaN;

  constructor(
    private readonly clock: Clock,
    private readonly config: MetricsConfig = DEFAULT_CONFIG.metrics,
  ) {
    this.startedAt = clock.now();
    const reservoirSize = config.reservoirSize;
    this.duration = this.registry.summary(
      'fit_duration_seconds',
      'Wall time of finished fits (solver time, I/O excluded).',
      { reservoirSize },
    );
    this.recovery = this.registry.summary(
      'recovery_seconds',
      'Time from a worker crash to the job resumed from its checkpoint.',
      { reservoirSize },
    );
    this.fits.inc(0, { outcome: 'success' });
    this.fits.inc(0, { outcome: 'failure' });
    this.registry.beforeCollect(() => {
      this.rate.set(this.fitsPerSecond());
      this.ratio.set(this.successRate());
    });
  }

  /** A job finished: `ok` false for a service failure (count bad input as neither, or as ok). */
  recordFit(durationMs: number, ok: boolean, backend?: BackendName): void {
    this.checkMs(durationMs, 'durationMs');
    this.fits.inc(1, { outcome: ok ? 'success' : 'failure' });
    this.duration.observe(durationMs / 1000);
    this.finishTimes.push(this.clock.now());
    if (backend) this.setBackend(backend);
  }

  /** An automatic retry was scheduled, for the fault `code`. */
  recordRetry(code: string): void {
    this.retries.inc(1, { code });
  }

  recordCheckpoint(): void {
    this.checkpoints.inc();
  }

  /** A crashed job was resumed `ms` after the crash. */
  recordRecovery(ms: number): void {
    this.checkMs(ms, 'recoveryMs');
    this.recovery.observe(ms / 1000);
    this.lastRecovery = ms;
  }

  recordLatencyAnomaly(): void {
    this.anomalies.inc();
  }

  setBackend(backend: BackendName): void {
    if (!BACKENDS.includes(backend))
      throw new FitbenchError('OPTIONS_INVALID', `unknown backend ${String(backend)}: expected cpu or webgpu`, {
        field: 'backend',
      });
    this.backend = backend;
    for (const b of BACKENDS) this.backendGauge.set(b === backend ? 1 : 0, { backend: b });
  }

  setGpuMemoryBytes(bytes: number): void {
    this.checkMs(bytes, 'gpuMemoryBytes');
    this.gpuMemory.set(bytes);
  }

  setHealthState(state: HealthState): void {
    if (!HEALTH_STATES.includes(state))
      throw new FitbenchError('OPTIONS_INVALID', `unknown health state ${String(state)}`, { field: 'state' });
    for (const s of HEALTH_STATES) this.health.set(s === state ? 1 : 0, { state: s });
  }

  setErrorBudgetRemaining(fraction: number): void {
    if (!(fraction >= 0 && fraction <= 1))
      throw new FitbenchError('OPTIONS_INVALID', `error budget remaining must be in [0, 1], got ${fraction}`, {
        field: 'fraction',
      });
    this.budget.set(fraction);
  }

  /** Finished fits per second over the rate window (or since start, if shorter; at least 1 s). */
  fitsPerSecond(): number {
    const now = this.clock.now();
    const from = now - this.config.rateWindowMs;
    while (this.head < this.finishTimes.length && this.finishTimes[this.head] <= from) this.head++;
    if (this.head > 1024 && this.head * 2 > this.finishTimes.length) {
      this.finishTimes = this.finishTimes.slice(this.head);
      this.head = 0;
    }
    const spanMs = Math.max(1000, Math.min(this.config.rateWindowMs, now - this.startedAt));
    return ((this.finishTimes.length - this.head) * 1000) / spanMs;
  }

  /** Successes over finished fits, all time; NaN before the first fit. */
  successRate(): number {
    const ok = this.fits.get({ outcome: 'success' });
    const total = ok + this.fits.get({ outcome: 'failure' });
    return total === 0 ? NaN : ok / total;
  }

  snapshot(): FitMetricsSnapshot {
    const successes = this.fits.get({ outcome: 'success' });
    const failures = this.fits.get({ outcome: 'failure' });
    let retries = 0;
    for (const { state } of this.retries.entries()) retries += state.value;
    return {
      fits: successes + failures,
      successes,
      failures,
      successRate: this.successRate(),
      p50Ms: this.duration.quantile(0.5) * 1000,
      p95Ms: this.duration.quantile(0.95) * 1000,
      fitsPerSecond: this.fitsPerSecond(),
      retries,
      checkpointsWritten: this.checkpoints.get(),
      lastRecoveryMs: this.lastRecovery,
      recoveryP50Ms: this.recovery.quantile(0.5) * 1000,
      backend: this.backend,
      gpuMemoryBytes: this.gpuMemory.get(),
      latencyAnomalies: this.anomalies.get(),
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
