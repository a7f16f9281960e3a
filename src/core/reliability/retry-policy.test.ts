import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig } from '../config/fitbench-config';
import type { FitbenchErrorCode } from '../errors';
import { FitbenchError, TRANSIENT_CODES } from '../errors';
import { seededRandom } from './clock';
import { classifyFault, countsAgainstService } from './fault-kind';
import { backoffCap, backoffDelay, decideRetry, shouldRetry } from './retry-policy';

const policy = DEFAULT_CONFIG.retry;
const err = (code: FitbenchErrorCode) => new FitbenchError(code, `fault ${code}`);

describe('shouldRetry', () => {
  it('retries every transient code while attempts remain', () => {
    for (const code of TRANSIENT_CODES) {
      expect(shouldRetry(err(code), 0, policy)).toBe(true);
      expect(shouldRetry(err(code), 2, policy)).toBe(true);
    }
  });

  it('stops after maxRetries retries', () => {
    expect(shouldRetry(err('WORKER_CRASH'), 3, policy)).toBe(false);
    expect(shouldRetry(err('WORKER_CRASH'), 0, parseConfig({ retry: { maxRetries: 0 } }).retry)).toBe(false);
  });

  it('never retries bad input, aborts, non-finite fits or internal errors', () => {
    const never: FitbenchErrorCode[] = [
      'MODEL_PARSE',
      'DATA_NONFINITE',
      'BOUNDS_INVERTED',
      'OPTIONS_INVALID',
      'PARAM_NO_START',
      'FIT_NONFINITE',
      'FIT_ABORTED',
      'INTERNAL',
      'CIRCUIT_OPEN',
      'STORAGE_QUOTA',
    ];
    for (const code of never) expect(shouldRetry(err(code), 0, policy)).toBe(false);
  });

  it('reads errors that crossed a worker boundary as plain objects', () => {
    expect(shouldRetry({ code: 'GPU_DEVICE_LOST', message: 'lost' }, 0, policy)).toBe(true);
    expect(shouldRetry({ code: 'DATA_PARSE', message: 'bad' }, 0, policy)).toBe(false);
    expect(shouldRetry(new Error('boom'), 0, policy)).toBe(false);
    expect(shouldRetry('boom', 0, policy)).toBe(false);
  });

  it('rejects a negative or fractional attempt', () => {
    expect(() => shouldRetry(err('TIMEOUT'), -1, policy)).toThrow(FitbenchError);
    expect(() => shouldRetry(err('TIMEOUT'), 0.5, policy)).toThrow(/whole number/);
  });
});

describe('backoff', () => {
  it('caps grow as base·factor^attempt up to maxDelay', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => backoffCap(a, policy))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
    expect(backoffCap(5000, policy)).toBe(30000);
  });

  it('jitter none waits exactly the cap', () => {
    const p = parseConfig({ retry: { jitter: 'none' } }).retry;
    expect(backoffDelay(2, p, () => 0.5)).toBe(4000);
  });

  it('full jitter stays in [0, cap] at the extremes of the random source', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(0);
    const top = backoffDelay(1, policy, () => 1 - Number.EPSILON);
    expect(top).toBeLessThan(2000);
    expect(top).toBeGreaterThan(1999.99);
  });

  it('full jitter is uniform over [0, cap] (seeded)', () => {
    const random = seededRandom(42);
    const n = 20_000;
    const cap = backoffCap(2, policy);
    const bins = new Array<number>(10).fill(0);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const d = backoffDelay(2, policy, random);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(cap);
      bins[Math.min(9, Math.floor((d / cap) * 10))]++;
      sum += d;
    }
    expect(sum / n / cap).toBeCloseTo(0.5, 1);
    // Each decile holds 10% ± 1.5% (about 5 standard errors at n = 20 000).
    for (const b of bins) expect(Math.abs(b / n - 0.1)).toBeLessThan(0.015);
  });

  it('rejects a random source outside [0, 1)', () => {
    expect(() => backoffDelay(0, policy, () => 1)).toThrow(/\[0, 1\)/);
    expect(() => backoffDelay(0, policy, () => NaN)).toThrow(FitbenchError);
  });
});

describe('decideRetry', () => {
  it('explains a no and schedules a yes', () => {
    expect(decideRetry(err('DATA_EMPTY'), 0, policy, () => 0.5)).toEqual({
      retry: false,
      reason: 'not-transient',
      code: 'DATA_EMPTY',
    });
    expect(decideRetry(err('TIMEOUT'), 3, policy, () => 0.5)).toEqual({
      retry: false,
      reason: 'exhausted',
      code: 'TIMEOUT',
    });
    expect(decideRetry(err('TIMEOUT'), 1, policy, () => 0.5)).toEqual({
      retry: true,
      delayMs: 1000,
      attempt: 1,
      code: 'TIMEOUT',
    });
  });
});

describe('classifyFault', () => {
  it('separates transient, user and service faults', () => {
    expect(classifyFault(err('WORKER_CRASH'))).toBe('transient');
    expect(classifyFault(err('MODEL_PARSE'))).toBe('user');
    expect(classifyFault(err('FIT_ABORTED'))).toBe('user');
    expect(classifyFault(err('GPU_ERROR'))).toBe('service');
    expect(classifyFault(new Error('x'))).toBe('service');
    expect(countsAgainstService(err('DATA_NONFINITE'))).toBe(false);
    expect(countsAgainstService(err('GPU_DEVICE_LOST'))).toBe(true);
  });

  it('reads a worker that could not load while offline as the environment: not retried, not counted', () => {
    const offline = new FitbenchError('WORKER_LOAD_FAILED', 'offline', { offline: true });
    expect(classifyFault(offline)).toBe('environment');
    expect(countsAgainstService(offline)).toBe(false);
    expect(countsAgainstService(offline.toJSON())).toBe(false);
    expect(decideRetry(offline, 0, policy, () => 0.5)).toEqual({
      retry: false,
      reason: 'not-transient',
      code: 'WORKER_LOAD_FAILED',
    });
  });

  it('counts a worker script missing while online (a broken deployment) against the service, without retry', () => {
    const missing = new FitbenchError('WORKER_LOAD_FAILED', 'HTTP 404', { offline: false, httpStatus: 404 });
    expect(classifyFault(missing)).toBe('service');
    expect(countsAgainstService(missing)).toBe(true);
    expect(decideRetry(missing, 0, policy, () => 0.5)).toMatchObject({ retry: false, reason: 'not-transient' });
  });
});
