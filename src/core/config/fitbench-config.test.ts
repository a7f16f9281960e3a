import { describe, expect, it } from 'vitest';
import { FitbenchError } from '../errors';
import { DEFAULT_CONFIG, parseConfig, updateConfig } from './fitbench-config';

function failure(input: unknown): FitbenchError {
  try {
    parseConfig(input);
  } catch (e) {
    expect(e).toBeInstanceOf(FitbenchError);
    return e as FitbenchError;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(input)}`);
}

describe('parseConfig defaults', () => {
  it('fills every documented default from an empty object', () => {
    const c = parseConfig({});
    expect(c.checkpoint).toEqual({ everyIterations: 10, everyMs: 2000, keep: 2 });
    expect(c.retry).toEqual({
      maxRetries: 3,
      retryDelayMs: 1000,
      backoffFactor: 2,
      maxDelayMs: 30_000,
      jitter: 'full',
    });
    expect(c.breaker).toEqual({
      failureThreshold: 3,
      windowFailureThreshold: 5,
      failureWindowMs: 60_000,
      cooldownMs: 30_000,
      halfOpenMaxTrials: 1,
    });
    expect(c.health).toMatchObject({
      windowSize: 10,
      tau0: 0.05,
      tau1: 0.1,
      tau2: 0.5,
      recoveryAfterMs: 30_000,
      sigma: 0.9,
      minSamples: 2,
    });
    expect(c.slo).toMatchObject({ alpha: 0.99, windowMs: 600_000 });
    expect(c.pool).toEqual({ size: 'auto' });
    expect(c.job.timeoutMs).toBe(300_000);
    expect(c.anomaly).toMatchObject({ ewmaAlpha: 0.1, zThreshold: 3, warmup: 10 });
    expect(c.alerts).toEqual({ stallWindow: 20, stallRelativeDecrease: 1e-6, gradientExplosionFactor: 1e3 });
    expect(c.metrics.reservoirSize).toBe(1024);
    expect(c.log.capacity).toBe(1000);
  });

  it('treats undefined and null as "all defaults"', () => {
    expect(parseConfig(undefined)).toEqual(parseConfig({}));
    expect(parseConfig(null)).toEqual(parseConfig({}));
  });

  it('keeps given fields and defaults the rest of their section', () => {
    const c = parseConfig({ retry: { maxRetries: 5 }, pool: { size: 4 } });
    expect(c.retry.maxRetries).toBe(5);
    expect(c.retry.retryDelayMs).toBe(1000);
    expect(c.pool.size).toBe(4);
  });

  it('DEFAULT_CONFIG equals the parsed defaults and is frozen', () => {
    expect(DEFAULT_CONFIG).toEqual(parseConfig({}));
    expect(Object.isFrozen(DEFAULT_CONFIG)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CONFIG.retry)).toBe(true);
  });

  it('returns a fresh object each time', () => {
    const a = parseConfig({});
    a.retry.maxRetries = 99;
    expect(parseConfig({}).retry.maxRetries).toBe(3);
  });
});

describe('parseConfig invalid input', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['not an object', 5, '(root)', /expected object/],
    ['an array', [], '(root)', /expected object/],
    ['a section that is not an object', { retry: 3 }, 'retry', /expected object/],
    ['a section that is null', { retry: null }, 'retry', /expected object/],
    ['an unknown section', { retries: {} }, 'retries', /unknown field/],
    ['an unknown field (typo)', { retry: { maxRetry: 3 } }, 'retry.maxRetry', /unknown field/],
    ['a string where a number belongs', { retry: { maxRetries: '3' } }, 'retry.maxRetries', /expected number/],
    ['a negative count', { retry: { maxRetries: -1 } }, 'retry.maxRetries', /Too small/],
    ['a fractional count', { checkpoint: { everyIterations: 2.5 } }, 'checkpoint.everyIterations', /int/],
    ['zero where positive is required', { checkpoint: { everyMs: 0 } }, 'checkpoint.everyMs', /Too small/],
    ['NaN', { breaker: { cooldownMs: NaN } }, 'breaker.cooldownMs', /NaN/],
    ['Infinity', { job: { timeoutMs: Infinity } }, 'job.timeoutMs', /Infinity/],
    ['a bad enum value', { retry: { jitter: 'equal' } }, 'retry.jitter', /full/],
    ['a backoff factor below 1', { retry: { backoffFactor: 0.5 } }, 'retry.backoffFactor', /Too small/],
    ['a fraction above 1', { health: { tau2: 1.5 } }, 'health.tau2', /Too big/],
    ['alpha of 1', { slo: { alpha: 1 } }, 'slo.alpha', /Too big/],
    ['alpha of 0', { slo: { alpha: 0 } }, 'slo.alpha', /Too small/],
    ['sigma of 1 (Recovery could never end)', { health: { sigma: 1 } }, 'health.sigma', /Too big/],
    ['a pool size word other than auto', { pool: { size: 'max' } }, 'pool.size', /"auto" or a whole number/],
    ['a pool size of 0', { pool: { size: 0 } }, 'pool.size', /Too small/],
    ['tau0 not below tau1', { health: { tau0: 0.2 } }, 'health.tau0', /below tau1/],
    ['tau1 not below tau2', { health: { tau1: 0.6 } }, 'health.tau1', /below tau2/],
    ['minSamples above windowSize', { health: { windowSize: 1 } }, 'health.minSamples', /windowSize/],
    ['maxDelay below the base delay', { retry: { maxDelayMs: 500 } }, 'retry.maxDelayMs', /retryDelayMs/],
    ['burn window wider than the budget window', { slo: { burnWindowMs: 700_000 } }, 'slo.burnWindowMs', /windowMs/],
    ['a zero EWMA weight', { anomaly: { ewmaAlpha: 0 } }, 'anomaly.ewmaAlpha', /Too small/],
    [
      'an explosion factor of 1',
      { alerts: { gradientExplosionFactor: 1 } },
      'alerts.gradientExplosionFactor',
      /Too small/,
    ],
  ];

  for (const [what, input, path, message] of cases) {
    it(`rejects ${what}, naming ${path}`, () => {
      const e = failure(input);
      expect(e.code).toBe('OPTIONS_INVALID');
      expect(e.context.path).toBe(path);
      expect(e.message).toContain(path);
      expect(e.message).toMatch(message);
    });
  }

  it('lists every problem, not just the first', () => {
    const e = failure({ retry: { maxRetries: -1, jitter: 'x' }, pool: { size: 'x' } });
    const paths = (e.context.issues as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['retry.maxRetries', 'retry.jitter', 'pool.size']));
  });
});

describe('updateConfig', () => {
  it('merges an edit section by section', () => {
    const c = updateConfig(parseConfig({ retry: { maxRetries: 5 } }), { retry: { retryDelayMs: 200 } });
    expect(c.retry.maxRetries).toBe(5);
    expect(c.retry.retryDelayMs).toBe(200);
    expect(c.health).toEqual(DEFAULT_CONFIG.health);
  });

  it('validates the merged result', () => {
    expect(() => updateConfig(parseConfig({}), { health: { tau1: 0.01 } })).toThrow(/health.tau0: must be below tau1/);
    expect(() => updateConfig(parseConfig({}), { nope: {} })).toThrow(/nope: unknown field/);
    expect(() => updateConfig(parseConfig({}), 'x')).toThrow(FitbenchError);
  });
});
