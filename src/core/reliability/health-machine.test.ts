import { beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/fitbench-config';
import { FitbenchError } from '../errors';
import { ManualClock } from './clock';
import type { HealthTransition, JobOutcome } from './health-machine';
import { HealthMachine } from './health-machine';

// Window 10, 4 samples before judging, τ₀ 0.1 < τ₁ 0.2 < τ₂ 0.5, σ 0.8, T_recovery 5 s.
const config = parseConfig({
  health: { windowSize: 10, minSamples: 4, tau0: 0.1, tau1: 0.2, tau2: 0.5, sigma: 0.8, recoveryAfterMs: 5000 },
}).health;

describe('HealthMachine', () => {
  let clock: ManualClock;
  let health: HealthMachine;

  beforeEach(() => {
    clock = new ManualClock(1000);
    health = new HealthMachine(clock, config);
  });

  function feed(outcome: JobOutcome, times: number): HealthTransition[] {
    const out: HealthTransition[] = [];
    for (let i = 0; i < times; i++) {
      clock.advance(100);
      out.push(...health.record(outcome));
    }
    return out;
  }

  /** Drives the machine into Failed: 4 failures → Degraded (λ = 1 > τ₁), 1 more → Failed. */
  function toFailed(): void {
    feed('failure', 5);
    expect(health.state).toBe('Failed');
  }

  it('starts Healthy with λ = 0', () => {
    expect(health.state).toBe('Healthy');
    expect(health.errorRate()).toBe(0);
    expect(health.snapshot()).toMatchObject({ state: 'Healthy', since: 1000, windowCount: 0 });
  });

  it('stays Healthy below minSamples whatever λ is', () => {
    expect(feed('failure', 3)).toEqual([]);
    expect(health.errorRate()).toBe(1);
    expect(health.state).toBe('Healthy');
  });

  it('Healthy → Degraded when λ > τ₁', () => {
    feed('success', 8);
    expect(feed('failure', 2)).toEqual([]); // λ = 0.2, not above τ₁
    const [t] = feed('failure', 1); // window: 7 ok, 3 failed → λ = 0.3
    expect(t).toMatchObject({ from: 'Healthy', to: 'Degraded', at: 2100 });
    expect(t.errorRate).toBeCloseTo(0.3);
    expect(t.reason).toMatch(/30\.0% > τ₁ 20\.0%/);
  });

  it('Degraded → Failed when λ > τ₂, one step per event', () => {
    const ts = feed('failure', 5);
    expect(ts.map((t) => t.to)).toEqual(['Degraded', 'Failed']);
    expect(ts[0].at).toBe(1400); // 4th failure: minSamples reached
    expect(ts[1].at).toBe(1500);
  });

  it('Degraded → Healthy when λ < τ₀ (hysteresis: not at λ = τ₀)', () => {
    feed('success', 7);
    feed('failure', 3); // λ = 0.3 → Degraded
    expect(health.state).toBe('Degraded');
    feed('success', 9); // window: 1 failure in 10 → λ = 0.1, not below τ₀
    expect(health.state).toBe('Degraded');
    const [t] = feed('success', 1); // λ = 0
    expect(t).toMatchObject({ from: 'Degraded', to: 'Healthy' });
  });

  it('Degraded stays Degraded between τ₀ and τ₂', () => {
    feed('success', 7);
    feed('failure', 3);
    feed('success', 2); // λ = 0.3
    expect(health.state).toBe('Degraded');
  });

  it('Failed → Recovery only after T_recovery, on tick', () => {
    toFailed();
    const failedAt = health.snapshot().since;
    expect(health.snapshot().recoveryAt).toBe(failedAt + 5000);
    expect(health.tick(failedAt + 4999)).toEqual([]);
    expect(health.state).toBe('Failed');
    const [t] = health.tick(failedAt + 5000);
    expect(t).toMatchObject({ from: 'Failed', to: 'Recovery', at: failedAt + 5000 });
    expect(health.errorRate()).toBe(0); // window emptied on entering Recovery
  });

  it('Failed → Recovery is also judged on the next event, before the outcome counts', () => {
    toFailed();
    clock.advance(5000);
    const ts = health.record('success');
    expect(ts.map((t) => t.to)).toEqual(['Recovery']);
    expect(health.snapshot()).toMatchObject({ state: 'Recovery', recoverySuccesses: 1, recoveryFailures: 0 });
  });

  it('failures while Failed neither move it nor restart the T_recovery timer', () => {
    toFailed();
    const failedAt = health.snapshot().since;
    feed('failure', 10);
    expect(health.state).toBe('Failed');
    clock.advance(failedAt + 5000 - clock.now());
    expect(health.tick().map((t) => t.to)).toEqual(['Recovery']);
  });

  it('a success while Failed starts Recovery at once (the storm ended)', () => {
    toFailed();
    feed('failure', 3);
    const [t] = feed('success', 1);
    expect(t).toMatchObject({ from: 'Failed', to: 'Recovery' });
    expect(t.reason).toMatch(/succeeded while Failed/);
  });

  it('Recovery → Healthy when the success rate since Recovery > σ with minSamples', () => {
    toFailed();
    clock.advance(5000);
    health.tick();
    expect(feed('success', 3)).toEqual([]); // below minSamples
    const [t] = feed('success', 1);
    expect(t).toMatchObject({ from: 'Recovery', to: 'Healthy' });
    expect(t.reason).toMatch(/100\.0% > σ 80\.0% over 4 jobs/);
    // The λ window holds only the recovery outcomes: no bounce back to Degraded.
    expect(health.errorRate()).toBe(0);
  });

  it('Recovery stays Recovery while the success rate is between 1 − τ₂ and σ', () => {
    toFailed();
    clock.advance(5000);
    health.tick();
    feed('success', 3);
    feed('failure', 1); // 75% success: not above σ = 80%, error 25% not above τ₂
    expect(health.state).toBe('Recovery');
    feed('success', 1); // 4/5 = 80%: still not above σ
    expect(health.state).toBe('Recovery');
    feed('success', 1); // 5/6 ≈ 83%
    expect(health.state).toBe('Healthy');
  });

  it('Recovery → Failed when failures continue (error rate > τ₂), then Recovery again after T_recovery', () => {
    toFailed();
    clock.advance(5000);
    health.tick();
    const [t] = feed('failure', 4);
    expect(t).toMatchObject({ from: 'Recovery', to: 'Failed' });
    const failedAt = t.at;
    expect(health.tick(failedAt + 5000).map((x) => x.to)).toEqual(['Recovery']);
  });

  it('walks the full path Healthy → Degraded → Failed → Recovery → Healthy on outcomes and time', () => {
    feed('success', 10);
    feed('failure', 10);
    clock.advance(5000);
    health.tick();
    feed('success', 10);
    const path = health.history().map((t) => `${t.from}→${t.to}`);
    expect(path).toEqual(['Healthy→Degraded', 'Degraded→Failed', 'Failed→Recovery', 'Recovery→Healthy']);
    const times = health.history().map((t) => t.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(health.state).toBe('Healthy');
  });

  it('notifies listeners until they unsubscribe', () => {
    const heard: string[] = [];
    const off = health.onTransition((t) => heard.push(t.to));
    feed('failure', 4);
    off();
    feed('failure', 1);
    expect(heard).toEqual(['Degraded']);
    expect(health.history().map((t) => t.to)).toEqual(['Degraded', 'Failed']);
  });

  it('bounds the history', () => {
    const small = new HealthMachine(clock, { ...config, historyLimit: 2 });
    for (let cycle = 0; cycle < 3; cycle++) {
      for (let i = 0; i < 10; i++) small.record('failure');
      clock.advance(5000);
      small.tick();
      for (let i = 0; i < 10; i++) small.record('success');
    }
    expect(small.history()).toHaveLength(2);
    expect(small.history().map((t) => t.to)).toEqual(['Recovery', 'Healthy']);
  });

  it('rejects an unknown outcome', () => {
    expect(() => health.record('ok' as JobOutcome)).toThrow(FitbenchError);
  });
});
