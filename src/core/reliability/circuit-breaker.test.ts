import { beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/fitbench-config';
import { FitbenchError } from '../errors';
import type { BreakerTransition } from './circuit-breaker';
import { BreakerRegistry, CircuitBreaker } from './circuit-breaker';
import { ManualClock } from './clock';

const config = parseConfig({
  breaker: {
    failureThreshold: 3,
    windowFailureThreshold: 5,
    failureWindowMs: 10_000,
    cooldownMs: 1000,
    halfOpenMaxTrials: 1,
  },
}).breaker;

describe('CircuitBreaker', () => {
  let clock: ManualClock;
  let breaker: CircuitBreaker;
  let events: BreakerTransition[];

  beforeEach(() => {
    clock = new ManualClock(0);
    breaker = new CircuitBreaker('webgpu', clock, config);
    events = [];
    breaker.onTransition((t) => events.push(t));
  });

  function openIt(): void {
    for (let i = 0; i < 3; i++) breaker.onFailure();
  }

  it('starts closed and lets requests through', () => {
    expect(breaker.state).toBe('closed');
    expect(breaker.canRequest()).toBe(true);
  });

  it('closed → open after failureThreshold consecutive failures', () => {
    breaker.onFailure();
    breaker.onFailure();
    expect(breaker.state).toBe('closed');
    breaker.onFailure();
    expect(breaker.state).toBe('open');
    expect(events).toEqual([
      { breaker: 'webgpu', from: 'closed', to: 'open', at: 0, reason: '3 consecutive failures' },
    ]);
    expect(breaker.canRequest()).toBe(false);
  });

  it('a success resets the consecutive count', () => {
    breaker.onFailure();
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    breaker.onFailure();
    expect(breaker.state).toBe('closed');
  });

  it('closed → open on windowFailureThreshold failures in the window, even interleaved with successes', () => {
    for (let i = 0; i < 4; i++) {
      breaker.onFailure();
      breaker.onSuccess();
      clock.advance(1000);
    }
    expect(breaker.state).toBe('closed');
    breaker.onFailure();
    expect(breaker.state).toBe('open');
    expect(events[0].reason).toMatch(/5 failures within 10000 ms/);
  });

  it('failures older than the window do not count', () => {
    for (let i = 0; i < 4; i++) {
      breaker.onFailure();
      breaker.onSuccess();
    }
    clock.advance(10_000);
    breaker.onFailure();
    expect(breaker.state).toBe('closed');
    expect(breaker.snapshot().windowFailures).toBe(1);
  });

  it('open → half-open only once the cooldown has passed on the clock', () => {
    openIt();
    clock.advance(999);
    expect(breaker.state).toBe('open');
    expect(breaker.canRequest()).toBe(false);
    clock.advance(1);
    expect(breaker.state).toBe('half-open');
    expect(events.map((e) => `${e.from}→${e.to}@${e.at}`)).toEqual(['closed→open@0', 'open→half-open@1000']);
  });

  it('half-open lets halfOpenMaxTrials trials through at once', () => {
    openIt();
    clock.advance(1000);
    expect(breaker.canRequest()).toBe(true);
    expect(breaker.canRequest()).toBe(false);
    expect(breaker.snapshot().trialsInFlight).toBe(1);
    breaker.release();
    expect(breaker.canRequest()).toBe(true);
  });

  it('half-open → closed after a successful trial', () => {
    openIt();
    clock.advance(1000);
    expect(breaker.canRequest()).toBe(true);
    breaker.onSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.canRequest()).toBe(true);
    expect(events.at(-1)).toMatchObject({ from: 'half-open', to: 'closed', reason: 'trial request succeeded' });
    // Counters start clean: it takes the full threshold to open again.
    breaker.onFailure();
    breaker.onFailure();
    expect(breaker.state).toBe('closed');
  });

  it('half-open → open after a failed trial, with a fresh cooldown', () => {
    openIt();
    clock.advance(1500);
    expect(breaker.canRequest()).toBe(true);
    breaker.onFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.snapshot()).toMatchObject({ openedAt: 1500, retryAt: 2500, opened: 2 });
    clock.advance(999);
    expect(breaker.state).toBe('open');
    clock.advance(1);
    expect(breaker.state).toBe('half-open');
  });

  it('ignores late results while open: the cooldown is not extended', () => {
    openIt();
    clock.advance(500);
    breaker.onFailure();
    breaker.onSuccess();
    expect(breaker.state).toBe('open');
    clock.advance(500);
    expect(breaker.state).toBe('half-open');
  });

  it('snapshot counts requests turned away', () => {
    openIt();
    breaker.canRequest();
    breaker.canRequest();
    expect(breaker.snapshot()).toMatchObject({ state: 'open', rejected: 2, totalFailures: 3, consecutiveFailures: 3 });
  });

  it('reset closes it and clears counters', () => {
    openIt();
    breaker.reset();
    expect(breaker.state).toBe('closed');
    expect(events.at(-1)?.reason).toBe('manual reset');
    expect(breaker.snapshot().consecutiveFailures).toBe(0);
  });

  it('unsubscribed listeners hear nothing', () => {
    const heard: BreakerTransition[] = [];
    const off = breaker.onTransition((t) => heard.push(t));
    off();
    openIt();
    expect(heard).toEqual([]);
  });

  it('rejects an empty name', () => {
    expect(() => new CircuitBreaker('', clock, config)).toThrow(FitbenchError);
  });
});

describe('BreakerRegistry', () => {
  it('keeps one independent breaker per backend and relays transitions', () => {
    const clock = new ManualClock(0);
    const registry = new BreakerRegistry(clock, config);
    const heard: string[] = [];
    registry.onTransition((t) => heard.push(`${t.breaker}:${t.to}`));
    const gpu = registry.get('webgpu');
    expect(registry.get('webgpu')).toBe(gpu);
    for (let i = 0; i < 3; i++) gpu.onFailure();
    expect(gpu.state).toBe('open');
    expect(registry.get('cpu').state).toBe('closed');
    expect(registry.names()).toEqual(['webgpu', 'cpu']);
    expect(registry.snapshot().map((s) => s.state)).toEqual(['open', 'closed']);
    expect(heard).toEqual(['webgpu:open']);
    expect(registry.has('cpu')).toBe(true);
  });
});
