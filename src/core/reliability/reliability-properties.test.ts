import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/fitbench-config';
import { CircuitBreaker } from './circuit-breaker';
import { ManualClock } from './clock';
import { ErrorBudget } from './error-budget';
import { HealthMachine } from './health-machine';
import { backoffCap, backoffDelay } from './retry-policy';

const retryArb = fc.record({
  maxRetries: fc.integer({ min: 0, max: 10 }),
  retryDelayMs: fc.integer({ min: 0, max: 5000 }),
  backoffFactor: fc.double({ min: 1, max: 10, noNaN: true }),
  extra: fc.integer({ min: 0, max: 100_000 }),
});

describe('reliability properties', () => {
  it('backoff delays stay in [0, min(maxDelay, base·factor^attempt)] and caps never shrink', () => {
    fc.assert(
      fc.property(
        retryArb,
        fc.integer({ min: 0, max: 200 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (r, attempt, u) => {
          const policy = parseConfig({
            retry: {
              maxRetries: r.maxRetries,
              retryDelayMs: r.retryDelayMs,
              backoffFactor: r.backoffFactor,
              maxDelayMs: r.retryDelayMs + r.extra,
            },
          }).retry;
          const cap = backoffCap(attempt, policy);
          const d = backoffDelay(attempt, policy, () => u);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(cap);
          expect(cap).toBeLessThanOrEqual(policy.maxDelayMs);
          expect(backoffCap(attempt + 1, policy)).toBeGreaterThanOrEqual(cap);
        },
      ),
    );
  });

  const steps = fc.array(fc.record({ ok: fc.boolean(), dt: fc.integer({ min: 0, max: 3000 }) }), { maxLength: 200 });

  it('the health machine only takes the transitions of the design, in time order', () => {
    const allowed = new Set([
      'Healthy→Degraded',
      'Degraded→Failed',
      'Degraded→Healthy',
      'Failed→Recovery',
      'Recovery→Healthy',
      'Recovery→Failed',
    ]);
    fc.assert(
      fc.property(steps, (seq) => {
        const clock = new ManualClock(0);
        const h = new HealthMachine(clock, parseConfig({ health: { recoveryAfterMs: 5000 } }).health);
        for (const s of seq) {
          clock.advance(s.dt);
          h.record(s.ok ? 'success' : 'failure');
          expect(h.errorRate()).toBeGreaterThanOrEqual(0);
          expect(h.errorRate()).toBeLessThanOrEqual(1);
        }
        const history = h.history();
        for (const t of history) expect(allowed.has(`${t.from}→${t.to}`)).toBe(true);
        for (let i = 1; i < history.length; i++) {
          expect(history[i].from).toBe(history[i - 1].to);
          expect(history[i].at).toBeGreaterThanOrEqual(history[i - 1].at);
        }
      }),
    );
  });

  it('the breaker never lets more than halfOpenMaxTrials through while half-open', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('ask', 'ok', 'fail', 'wait'), { maxLength: 200 }), (ops) => {
        const clock = new ManualClock(0);
        const b = new CircuitBreaker(
          'webgpu',
          clock,
          parseConfig({ breaker: { cooldownMs: 100, halfOpenMaxTrials: 2 } }).breaker,
        );
        for (const op of ops) {
          if (op === 'ask') b.canRequest();
          else if (op === 'ok') b.onSuccess();
          else if (op === 'fail') b.onFailure();
          else clock.advance(60);
          const s = b.snapshot();
          expect(s.trialsInFlight).toBeLessThanOrEqual(2);
          if (s.state !== 'half-open') expect(s.trialsInFlight).toBe(0);
        }
      }),
    );
  });

  it('the error budget matches a direct recount of the window', () => {
    fc.assert(
      fc.property(steps, (seq) => {
        const clock = new ManualClock(0);
        const slo = parseConfig({ slo: { windowMs: 10_000, burnWindowMs: 5_000 } }).slo;
        const budget = new ErrorBudget(clock, slo);
        const events: { t: number; ok: boolean }[] = [];
        for (const s of seq) {
          clock.advance(s.dt);
          budget.record(s.ok ? 'success' : 'failure');
          events.push({ t: clock.now(), ok: s.ok });
        }
        const inWindow = events.filter((e) => e.t > clock.now() - slo.windowMs);
        const errors = inWindow.filter((e) => !e.ok).length;
        const snap = budget.snapshot();
        expect(snap.jobs).toBe(inWindow.length);
        expect(snap.errors).toBe(errors);
        expect(snap.budget).toBeCloseTo((1 - slo.alpha) * inWindow.length - errors, 9);
        expect(snap.remaining).toBeGreaterThanOrEqual(0);
        expect(snap.remaining).toBeLessThanOrEqual(1);
      }),
    );
  });
});
