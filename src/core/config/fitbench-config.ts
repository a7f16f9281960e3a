/**
 * The one configuration object of the fitting service (DESIGN.md "Reliability model"):
 * checkpoint cadence, retry policy, breaker and health thresholds, SLO, pool size and
 * detector tunables. Every field has a documented default, so `parseConfig({})` is the
 * shipped configuration and a settings panel only ever sends what the user changed.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';

// No JIT: zod's speed-up probes `Function('')`, which a page under a strict CSP (no
// unsafe-eval) reports as a violation. These schemas are small; interpreting them is enough.
z.config({ jitless: true });
// zod/mini (tree-shakable: the first visit stays light) ships no messages; the English ones, as zod's classic API.
z.config(en());
import { FitbenchError } from '../errors';

type Check = z.core.$ZodCheck<number>;
const num = (...checks: Check[]) => z.number().check(...checks);
const count = (min: number, ...checks: Check[]) => z.int().check(z.gte(min), ...checks);
const ms = () => num(z.gte(0));
const fraction = () => num(z.gte(0), z.lte(1));

const checkpointSchema = z.prefault(
  z.strictObject({
    /** Write a checkpoint every this many solver iterations. */
    everyIterations: z._default(count(1), 10),
    /** …or when this many milliseconds have passed since the last one, whichever comes first. */
    everyMs: z._default(num(z.positive()), 2000),
    /** Checkpoints kept per job (the newest ones); a corrupt newest falls back to the one before. */
    keep: z._default(count(1), 2),
  }),
  {},
);

const retrySchema = z.prefault(
  z.strictObject({
    /** Retries after the first attempt (so at most maxRetries + 1 attempts), transient faults only. */
    maxRetries: z._default(count(0), 3),
    /** Base delay before the first retry (the cap of its jitter range). */
    retryDelayMs: z._default(ms(), 1000),
    /** Each further retry multiplies the cap by this factor. */
    backoffFactor: z._default(num(z.gte(1)), 2),
    /** Upper bound of any backoff delay, whatever the attempt. */
    maxDelayMs: z._default(ms(), 30_000),
    /** 'full': uniform in [0, cap] (AWS "full jitter", spreads retry storms); 'none': exactly cap. */
    jitter: z._default(z.enum(['full', 'none']), 'full'),
  }),
  {},
);

const breakerSchema = z.prefault(
  z.strictObject({
    /** Consecutive failures that open the breaker. */
    failureThreshold: z._default(count(1), 3),
    /** Failures within failureWindowMs that open it even when successes interleave. */
    windowFailureThreshold: z._default(count(1), 5),
    /** Width of the sliding window windowFailureThreshold counts over. */
    failureWindowMs: z._default(num(z.positive()), 60_000),
    /** Time an open breaker waits before letting trial requests through (half-open). */
    cooldownMs: z._default(ms(), 30_000),
    /** Trial requests allowed at once while half-open; the first success closes the breaker. */
    halfOpenMaxTrials: z._default(count(1), 1),
  }),
  {},
);

const healthSchema = z.prefault(
  z.strictObject({
    /**
     * Recent job outcomes the error rate λ is computed over: short, so the badge reads a
     * failure storm within a few jobs (Degraded at the second failure, Failed at the third).
     */
    windowSize: z._default(count(1), 10),
    /** Degraded → Healthy when λ < tau0 (below tau1: hysteresis, no flapping). */
    tau0: z._default(fraction(), 0.05),
    /** Healthy → Degraded when λ > tau1. */
    tau1: z._default(fraction(), 0.1),
    /** Degraded → Failed when λ > tau2; also Recovery → Failed when the recovery error rate > tau2. */
    tau2: z._default(fraction(), 0.5),
    /** T_recovery: time spent in Failed before trying Recovery. */
    recoveryAfterMs: z._default(ms(), 30_000),
    /** σ: Recovery → Healthy when the success rate since entering Recovery exceeds it. */
    sigma: z._default(num(z.gte(0), z.lt(1)), 0.9),
    /** Outcomes needed before λ (or the recovery success rate) may trigger a transition. */
    minSamples: z._default(count(1), 2),
    /** Transitions kept in the history (oldest dropped). */
    historyLimit: z._default(count(1), 200),
  }),
  {},
);

const sloSchema = z.prefault(
  z.strictObject({
    /** α: the fraction of fits that must succeed. Budget = (1 − α)·jobs − errors. */
    alpha: z._default(num(z.gt(0), z.lt(1)), 0.99),
    /** Rolling window of the budget (a browser session scale, not the usual 30 days). */
    windowMs: z._default(num(z.positive()), 600_000),
    /** Recent window of the burn rate (errors per allowed error). */
    burnWindowMs: z._default(num(z.positive()), 60_000),
    /** Budget samples kept for the chart (oldest dropped). */
    maxSamples: z._default(count(2), 500),
  }),
  {},
);

const poolSchema = z.prefault(
  z.strictObject({
    /** Worker count: 'auto' is navigator.hardwareConcurrency (minus one for the page), or a number. */
    size: z._default(
      z.union([z.literal('auto'), count(1, z.lte(256))], {
        error: 'must be "auto" or a whole number from 1 to 256',
      }),
      'auto',
    ),
  }),
  {},
);

const jobSchema = z.prefault(
  z.strictObject({
    /** A job running longer than this is stopped and fails with TIMEOUT (transient: retried). */
    timeoutMs: z._default(num(z.positive()), 300_000),
  }),
  {},
);

const anomalySchema = z.prefault(
  z.strictObject({
    /** Weight of the newest latency in the EWMA mean and variance. */
    ewmaAlpha: z._default(num(z.gt(0), z.lte(1)), 0.1),
    /** A fit is anomalous when its log-latency is this many standard deviations above the mean. */
    zThreshold: z._default(num(z.positive()), 3),
    /** Fits observed before any flag is raised (the EWMA needs history). */
    warmup: z._default(count(1), 10),
    /** Floor of the standard deviation in log units (0.05 ≈ 5%), so identical latencies do not make every wobble an anomaly. */
    minStd: z._default(num(z.positive()), 0.05),
  }),
  {},
);

const alertsSchema = z.prefault(
  z.strictObject({
    /** Iterations a stall is judged over. */
    stallWindow: z._default(count(1), 20),
    /** Stalled when the cost fell by less than this fraction over stallWindow iterations. */
    stallRelativeDecrease: z._default(num(z.positive(), z.lt(1)), 1e-6),
    /** Explosion when the gradient norm exceeds this factor times its running minimum (and its first value). */
    gradientExplosionFactor: z._default(num(z.gt(1)), 1e3),
  }),
  {},
);

const metricsSchema = z.prefault(
  z.strictObject({
    /** Recent fit durations kept for exact p50/p95. */
    reservoirSize: z._default(count(1), 1024),
    /** Window of the fits-per-second rate. */
    rateWindowMs: z._default(num(z.positive()), 60_000),
  }),
  {},
);

const logSchema = z.prefault(
  z.strictObject({
    /** Job log records kept (ring buffer; oldest dropped). */
    capacity: z._default(count(1), 1000),
  }),
  {},
);

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
  .check(
    z.superRefine((c, ctx) => {
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
    }),
  );

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
