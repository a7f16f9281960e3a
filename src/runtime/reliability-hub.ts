/**
 * The page-side owner of the pure reliability components (src/core/reliability): health
 * machine, error budget, per-backend circuit breakers, latency anomaly detector, metrics
 * and the job log, fed by job outcomes, with their changes turned into service events.
 */
import type { BackendChoice, BackendName } from '../core/api-types';
import type { FitbenchErrorCode } from '../core/errors';
import {
  BreakerRegistry,
  ErrorBudget,
  FitAlertDetector,
  FitMetrics,
  HealthMachine,
  JobLog,
  LatencyAnomalyDetector,
  type Clock,
  type FitbenchConfig,
  type HealthTransition,
} from '../core/reliability';
import type { ServiceEvent } from './service-types';

/** Faults that say the GPU backend misbehaved (they count against its breaker). */
const GPU_FAULTS: ReadonlySet<FitbenchErrorCode> = new Set<FitbenchErrorCode>([
  'GPU_DEVICE_LOST',
  'GPU_ERROR',
  'GPU_UNAVAILABLE',
  'OUT_OF_MEMORY',
]);
/** Faults that say a CPU worker misbehaved (recorded on the cpu breaker, for the dashboard). */
const WORKER_FAULTS: ReadonlySet<FitbenchErrorCode> = new Set<FitbenchErrorCode>([
  'WORKER_CRASH',
  'OUT_OF_MEMORY',
  'TIMEOUT',
  'INTERNAL',
  // A chaos failure is injected into the worker's run: the CPU breaker sees it as a fault.
  'INJECTED_FAULT',
]);

/** Where a job runs, decided by the breakers before each attempt. */
export interface BackendDecision {
  backend: BackendChoice;
  /** Set when the WebGPU breaker sent the job to the CPU. */
  diagnostic: string | null;
  /** The attempt holds a WebGPU breaker slot (report its verdict with settleBackend). */
  gpuSlot: boolean;
}

/** How a finished job counts: service success/failure, or neither (bad input, cancelled). */
export type CountedOutcome = 'success' | 'failure' | 'uncounted';

export class ReliabilityHub {
  readonly health: HealthMachine;
  readonly budget: ErrorBudget;
  readonly breakers: BreakerRegistry;
  readonly anomaly: LatencyAnomalyDetector;
  readonly metrics: FitMetrics;
  readonly log: JobLog;

  constructor(
    private readonly clock: Clock,
    private readonly config: FitbenchConfig,
    private readonly emit: (event: ServiceEvent) => void,
  ) {
    this.health = new HealthMachine(clock, config.health);
    this.budget = new ErrorBudget(clock, config.slo);
    this.breakers = new BreakerRegistry(clock, config.breaker);
    this.anomaly = new LatencyAnomalyDetector(config.anomaly);
    this.metrics = new FitMetrics(clock, config.metrics);
    this.log = new JobLog(clock, config.log);
    this.breakers.get('cpu');
    this.breakers.get('webgpu');
    this.breakers.onTransition((transition) => {
      this.emit({ type: 'breaker', transition });
    });
    this.log.onRecord((record) => this.emit({ type: 'log', record }));
    this.metrics.setHealthState(this.health.state);
    this.metrics.setErrorBudgetRemaining(1);
  }

  /** A detector of stalled fits and exploding gradients for one job. */
  alertDetector(): FitAlertDetector {
    return new FitAlertDetector(this.config.alerts);
  }

  /** Picks the backend of an attempt: while the WebGPU breaker is open, GPU work goes to the CPU. */
  decideBackend(requested: BackendChoice): BackendDecision {
    if (requested === 'cpu') return { backend: 'cpu', diagnostic: null, gpuSlot: false };
    const breaker = this.breakers.get('webgpu');
    if (breaker.canRequest()) return { backend: requested, diagnostic: null, gpuSlot: true };
    const s = breaker.snapshot();
    const until = s.retryAt !== null ? ` until ${new Date(s.retryAt).toISOString()}` : '';
    return {
      backend: 'cpu',
      diagnostic: `WebGPU circuit breaker is ${s.state}${until} after repeated GPU faults: this fit ran on the CPU.`,
      gpuSlot: false,
    };
  }

  /** Reports an attempt's verdict to the breaker of the backend it used. */
  settleBackend(decision: BackendDecision, used: BackendName | null, error: FitbenchErrorCode | null): void {
    const gpu = this.breakers.get('webgpu');
    if (decision.gpuSlot) {
      if (error !== null && GPU_FAULTS.has(error)) gpu.onFailure();
      else if (error === null && used === 'webgpu') gpu.onSuccess();
      else gpu.release();
    }
    // An attempt that failed before it chose a backend ran in a CPU worker: count it there.
    if (used === 'cpu' || (used === null && decision.backend !== 'webgpu')) {
      const cpu = this.breakers.get('cpu');
      if (error === null) cpu.onSuccess();
      else if (WORKER_FAULTS.has(error)) cpu.onFailure();
    }
  }

  /** Feeds a finished job to health, budget, metrics and the latency detector. */
  jobFinished(jobId: string, outcome: CountedOutcome, durationMs: number, backend: BackendName | null): void {
    if (outcome === 'uncounted') return;
    const ok = outcome === 'success';
    this.metrics.recordFit(Math.max(0, durationMs), ok, backend ?? undefined);
    this.emitHealth(this.health.record(outcome));
    const sample = this.budget.record(outcome);
    this.metrics.setErrorBudgetRemaining(sample.remaining);
    this.emit({ type: 'budget', budget: this.budget.snapshot(), sample });
    if (ok) {
      const verdict = this.anomaly.observe(Math.max(0, durationMs));
      if (verdict.anomaly) {
        this.metrics.recordLatencyAnomaly();
        this.emit({ type: 'anomaly', jobId, verdict });
        this.log.append(jobId, 'warning', {
          metrics: { latencyMs: verdict.latencyMs, expectedMs: verdict.expectedMs, z: verdict.z },
          diagnostics: [
            `Latency anomaly: ${Math.round(verdict.latencyMs)} ms against a typical ${Math.round(verdict.expectedMs)} ms (z = ${verdict.z.toFixed(1)}).`,
          ],
        });
      }
    }
  }

  /** Time-based moves (Failed → Recovery) and a budget sample for the chart. */
  tick(): void {
    this.emitHealth(this.health.tick());
    const sample = this.budget.tick();
    this.metrics.setErrorBudgetRemaining(sample.remaining);
    this.emit({ type: 'budget', budget: this.budget.snapshot(), sample });
  }

  private emitHealth(transitions: HealthTransition[]): void {
    for (const transition of transitions) {
      this.metrics.setHealthState(transition.to);
      this.emit({ type: 'health', health: this.health.snapshot(), transition });
    }
  }
}
