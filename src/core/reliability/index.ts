/** Reliability logic of the fitting service: pure, clock and randomness injected. */
export * from '../config/index';
export { ManualClock, seededRandom, systemClock } from './clock';
export type { Clock, RandomSource } from './clock';
export { RingBuffer } from './ring-buffer';
export { backoffCap, backoffDelay, decideRetry, errorCodeOf, isTransient, shouldRetry } from './retry-policy';
export type { RetryDecision, RetryPolicy } from './retry-policy';
export { classifyFault, countsAgainstService } from './fault-kind';
export type { FaultKind } from './fault-kind';
export { BreakerRegistry, CircuitBreaker } from './circuit-breaker';
export type { BreakerListener, BreakerSnapshot, BreakerState, BreakerTransition } from './circuit-breaker';
export { HealthMachine } from './health-machine';
export type { HealthListener, HealthSnapshot, HealthState, HealthTransition, JobOutcome } from './health-machine';
export { ErrorBudget } from './error-budget';
export type { BudgetSample, BudgetSnapshot } from './error-budget';
export { LatencyAnomalyDetector } from './latency-anomaly';
export type { LatencySnapshot, LatencyVerdict } from './latency-anomaly';
export { detectFitAlerts, FitAlertDetector } from './fit-alerts';
export type { FitAlert, FitAlertKind } from './fit-alerts';
export {
  Counter,
  escapeHelp,
  escapeLabelValue,
  exactQuantile,
  formatPromValue,
  Gauge,
  METRIC_PREFIX,
  MetricsRegistry,
  Summary,
} from './metrics-registry';
export type {
  AnyMetric,
  DeclaredMetrics,
  Labels,
  MetricJson,
  MetricOf,
  MetricSeriesJson,
  MetricsJson,
  MetricSpec,
  MetricType,
} from './metrics-registry';
export { SlidingRate } from './sliding-rate';
export { FitMetrics } from './fit-metrics';
export type { FitMetricsSnapshot } from './fit-metrics';
export { JobLog } from './job-log';
export type { JobLogEntry, JobLogListener, JobLogRecord, JobLogStatus, LogMetricValue } from './job-log';
