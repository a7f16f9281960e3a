/**
 * The one configuration object of the fitting service (DESIGN.md "Reliability model"):
 * checkpoint cadence, retry policy, breaker and health thresholds, SLO, pool size and
 * detector tunables. Every field has a documented default, so `parseConfig({})` is the
 * shipped configuration and a settings panel only ever sends what the user changed.
 */
import { z } from 'zod';

// No JIT: zod's speed-up probes `Function('')`, which a page under a strict CSP (no
// unsafe-eval) reports as a violation. These schemas are small; interpreting them is enough.
z.config({ jitless: true });
import { FitbenchError } from '../errors';

const count = (min: number) => z.number().int().min(min);
const ms = () => z.number().min(0);
const fraction = () => z.number().min(0).max(1);

const checkpointSchema = z
  .strictObject({
    /** Write a checkpoint every this many solver iterations. */
    everyIterations: count(1).default(10),
    /** …or when this many milliseconds have passed since the last one, whichever comes first. */
    everyMs: z.number().positive().default(2000),
    /** Checkpoints kept per job (the newest ones); a corrupt newest falls back to the one before. */
    keep: count(1).default(2),
  })
  .prefault({});

const retrySchema = z
  .strictObject({
    /** Retries after the first attempt (so at most maxRetries + 1 attempts), transient faults only. */
    maxRetries: count(0).default(3),
    /** Base delay before the first retry (the cap of its jitter range). */
    retryDelayMs: ms().default(1000),
    /** Each further retry multiplies the cap by this factor. */
    backoffFactor: z.number().min(1).default(2),
    /** Upper bound of any backoff delay, whatever the attempt. */
    maxDelayMs: ms().default(30_000),
    /** 'full': uniform in [0, cap] (AWS "full jitter", spreads retry storms); 'none': exactly cap. */
    jitter: z.enum(['full', 'none']).default('full'),
  })
  .prefault({});

const breakerSchema = z
  .strictObject({
    /** Consecutive failures that open the breaker. */
    failureThreshold: count(1).default(3),
    /** Failures within failureWindowMs that open it even when successes interleave. */
    windowFailureThreshold: count(1).default(5),
    /** Width of the sliding window windowFailureThreshold counts over. */
    failureWindowMs: z.number().positive().default(60_000),
    /** Time an open breaker waits before letting trial requests through (half-open). */
    cooldownMs: ms().default(30_000),
    /** Trial requests allowed at once while half-open; the first success closes the breaker. */
    halfOpenMaxTrials: count(1).default(1),
  })
  .prefault({});

const healthSchema = z
  .strictObject({
    /**
     * Recent job outcomes the error rate λ is computed over: short, so the badge reads a
     * failure storm within a few jobs (Degraded at the second failure, Failed at the third).
     */
    windowSize: count(1).default(10),
    /** Degraded → Healthy when λ < tau0 (below tau1: hysteresis, no flapping). */
    tau0: fraction().default(0.05),
    /** Healthy → Degraded when λ > tau1. */
    tau1: fraction().default(0.1),
    /** Degraded → Failed when λ > tau2; also Recovery → Failed when the recovery error rate > tau2. */
    tau2: fraction().default(0.5),
    /** T_recovery: time spent in Failed before trying Recovery. */
    recoveryAfterMs: ms().default(30_000),
    /** σ: Recovery → Healthy when the success rate since entering Recovery exceeds it. */
    sigma: z.number().min(0).lt(1).default(0.9),
    /** Outcomes needed before λ (or the recovery success rate) may trigger a transition. */
    minSamples: count(1).default(2),
    /** Transitions kept in the history (oldest dropped). */
    historyLimit: count(1).default(200),
  })
  .prefault({});

const sloSchema = z
  .strictObject({
    /** α: the fraction of fits that must succeed. Budget = (1 − α)·jobs − errors. */
    alpha: z.number().gt(0).lt(1).default(0.99),
    /** Rolling window of the budget (a browser session scale, not the usual 30 days). */
    windowMs: z.number().positive().default(600_000),
    /** Recent window of the burn rate (errors per allowed error). */
    burnWindowMs: z.number().positive().default(60_000),
    /** Budget samples kept for the chart (oldest dropped). */
    maxSamples: count(2).default(500),
  })
  .prefault({});

const poolSchema = z
  .strictObject({
    /** Worker count: 'auto' is navigator.hardwareConcurrency (minus one for the page), or a number. */
    size: z
      .union([z.literal('auto'), count(1).max(256)], {
        error: 'must be "auto" or a whole number from 1 to 256',
      })
      .default('auto'),
  })
  .prefault({});

const jobSchema = z
  .strictObject({
    /** A job running longer than this is stopped and fails with TIMEOUT (transient: retried). */
    timeoutMs: z.number().positive().default(300_000),
  })
  .prefault({});

const anomalySchema = z
  .strictObject({
    /** Weight of the newest latency in the EWMA mean and variance. */
    ewmaAlpha: z.number().gt(0).max(1).default(0.1),
    /** A fit is anomalous when its log-latency is this many standard deviations above the mean. */
    zThreshold: z.number().positive().default(3),
    /** Fits observed before any flag is raised (the EWMA needs history). */
    warmup: count(1).default(10),
    /** Floor of the standard deviation in log units (0.05 ≈ 5%), so identical latencies do not make every wobble an anomaly. */
    minStd: z.number().positive().default(0.05),
  })
  .prefault({});

const alertsSchema = z
  .strictObject({
    /** Iterations a stall is judged over. */
    stallWindow: count(1).default(20),
    /** Stalled when the cost fell by less than this fraction over stallWindow iterations. */
    stallRelativeDecrease: z.number().positive().lt(1).default(1e-6),
    /** Explosion when the gradient norm exceeds this factor times its running minimum (and its first value). */
    gradientExplosionFactor: z.number().gt(1).default(1e3),
  })
  .prefault({});

const metricsSchema = z
  .strictObject({
    /** Recent fit durations kept for exact p50/p95. */
    reservoirSize: count(1).default(1024),
    /** Window of the fits-per-second rate. */
    rateWindowMs: z.number().positive().default(60_000),
  })
  .prefault({});

const logSchema = z
  .strictObject({
    /** Job log records kept (ring buffer; oldest dropped). */
    capacity: count(1).default(1000),
  })
  .prefault({});

/** The zod schema of the whole configuration (exported for settings-panel forms). */
export const fitbenchConfigSchema = z
  .strictObject({
    checkpoint: checkpointSchema,
    retry: retrySchema,
    breaker: breakerSchema,
    health: healthSchema,
    slo: sloSchema,
    pool: poolSchema,
    job: jobSchema,
    anomaly: anomalySchema,
    alerts: alertsSchema,
    metrics: metricsSchema,
    log: logSchema,
  })
  .superRefine((c, ctx) => {
    // Cross-field rules: the per-field ranges above cannot express them.
    if (!(c.health.tau0 < c.health.tau1)) {
      ctx.addIssue({
        code: 'custom',
        path: ['health', 'tau0'],
        message: `must be below tau1 (${c.health.tau1}) so Degraded → Healthy has hysteresis`,
      });
    }
    if (!(c.health.tau1 < c.health.tau2)) {
      ctx.addIssue({ code: 'custom', path: ['health', 'tau1'], message: `must be below tau2 (${c.health.tau2})` });
    }
    if (c.health.minSamples > c.health.windowSize) {
      ctx.addIssue({
        code: 'custom',
        path: ['health', 'minSamples'],
        message: `must not exceed windowSize (${c.health.windowSize})`,
      });
    }
    if (c.retry.maxDelayMs < c.retry.retryDelayMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['retry', 'maxDelayMs'],
        message: `must be at least retryDelayMs (${c.retry.retryDelayMs})`,
      });
    }
    if (c.slo.burnWindowMs > c.slo.windowMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['slo', 'burnWindowMs'],
        message: `must not exceed windowMs (${c.slo.windowMs})`,
      });
    }
  });

export type FitbenchConfig = z.infer<typeof fitbenchConfigSchema>;
export type CheckpointConfig = FitbenchConfig['checkpoint'];
export type RetryConfig = FitbenchConfig['retry'];
export type BreakerConfig = FitbenchConfig['breaker'];
export type HealthConfig = FitbenchConfig['health'];
export type SloConfig = FitbenchConfig['slo'];
export type PoolConfig = FitbenchConfig['pool'];
export type JobConfig = FitbenchConfig['job'];
export type AnomalyConfig = FitbenchConfig['anomaly'];
export type AlertsConfig = FitbenchConfig['alerts'];
export type MetricsConfig = FitbenchConfig['metrics'];
export type LogConfig = FitbenchConfig['log'];

/** What a caller may pass: any subset of sections and fields. */
export type FitbenchConfigInput = {
  [S in keyof FitbenchConfig]?: Partial<FitbenchConfig[S]>;
};

interface ConfigIssue {
  path: string;
  message: string;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      // Name each unknown field by its full path: a typo must point at itself.
      for (const key of issue.keys) out.push({ path: [...base, key].join('.'), message: 'unknown field' });
    } else {
      out.push({ path: base.length > 0 ? base.join('.') : '(root)', message: issue.message });
    }
  }
  return out;
}

/**
 * Validates `input` and fills every missing field with its default.
 * Throws FitbenchError('OPTIONS_INVALID') naming the offending field path(s),
 * with `context.path` the first one and `context.issues` all of them.
 */
export function parseConfig(input: unknown = {}): FitbenchConfig {
  const result = fitbenchConfigSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = describeIssues(result.error.issues);
  const text = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new FitbenchError('OPTIONS_INVALID', `Invalid configuration: ${text}`, {
    path: issues[0]?.path,
    issues,
  });
}

/**
 * Applies a partial edit (a settings panel's changes) on top of a full configuration,
 * section by section, and validates the result. Throws like parseConfig.
 */
export function updateConfig(current: FitbenchConfig, patch: unknown): FitbenchConfig {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    throw new FitbenchError(
      'OPTIONS_INVALID',
      'Invalid configuration: (root): the edit must be an object of sections',
      { path: '(root)' },
    );
  }
  const merged: Record<string, unknown> = { ...current };
  for (const [section, fields] of Object.entries(patch)) {
    const base = (current as Record<string, unknown>)[section];
    const isPlainObject = fields !== null && typeof fields === 'object' && !Array.isArray(fields);
    // Unknown sections and non-object values pass through unmerged so parseConfig names them.
    merged[section] = base !== undefined && isPlainObject ? { ...(base as object), ...fields } : fields;
  }
  return parseConfig(merged);
}

/** The shipped configuration: every default. Frozen, so nobody edits it in place. */
export const DEFAULT_CONFIG: Readonly<FitbenchConfig> = deepFreeze(parseConfig({}));

function deepFreeze<T extends object>(value: T): T {
  for (const v of Object.values(value)) if (v && typeof v === 'object') deepFreeze(v as object);
  return Object.freeze(value);
}
