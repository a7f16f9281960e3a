import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/fitbench-config';
import { FitbenchError } from '../errors';
import { ManualClock } from './clock';
import { ErrorBudget } from './error-budget';
import type { JobOutcome } from './health-machine';

// α = 0.9 keeps the arithmetic readable: each job allows 0.1 errors.
const slo = parseConfig({ slo: { alpha: 0.9, windowMs: 10_000, burnWindowMs: 2_000, maxSamples: 5 } }).slo;

function setup() {
  const clock = new ManualClock(0);
  return { clock, budget: new ErrorBudget(clock, slo) };
}

describe('ErrorBudget', () => {
  it('starts full with no jobs', () => {
    const { budget } = setup();
    expect(budget.snapshot()).toMatchObject({ jobs: 0, errors: 0, budget: 0, remaining: 1, burnRate: 0 });
  });

  it('Budget = (1 − α)·jobs − errors and remaining = 1 − errors/allowed', () => {
    const { clock, budget } = setup();
    for (let i = 0; i < 19; i++) {
      clock.advance(10);
      budget.record('success');
    }
    budget.record('failure');
    const s = budget.snapshot();
    expect(s.jobs).toBe(20);
    expect(s.errors).toBe(1);
    expect(s.allowedErrors).toBeCloseTo(2);
    expect(s.budget).toBeCloseTo(1);
    expect(s.remaining).toBeCloseTo(0.5);
  });

  it('goes negative when overspent, with remaining clamped at 0', () => {
    const { budget } = setup();
    for (let i = 0; i < 5; i++) budget.record('failure');
    const s = budget.snapshot();
    expect(s.budget).toBeCloseTo(0.5 - 5);
    expect(s.remaining).toBe(0);
  });

  it('burn rate is the recent error rate over the allowed one', () => {
    const { clock, budget } = setup();
    for (let i = 0; i < 8; i++) budget.record('success');
    budget.record('failure');
    budget.record('failure');
    // 2 errors in 10 jobs = 20% against 10% allowed.
    expect(budget.snapshot().burnRate).toBeCloseTo(2);
    clock.advance(1000);
    for (let i = 0; i < 10; i++) budget.record('success');
    expect(budget.snapshot().burnRate).toBeCloseTo(1);
    // The burn window (2 s) forgets the failures before the budget window (10 s) does.
    clock.advance(1500);
    const s = budget.snapshot();
    expect(s.burnRate).toBe(0);
    expect(s.errors).toBe(2);
  });

  it('rolls: an incident ages out of the window and the budget recovers', () => {
    const { clock, budget } = setup();
    budget.record('failure');
    budget.record('failure');
    clock.advance(5000);
    for (let i = 0; i < 10; i++) budget.record('success');
    expect(budget.snapshot().budget).toBeCloseTo(1.2 - 2);
    clock.advance(5000); // the failures at t = 0 leave (t − 10 s, t]
    const s = budget.snapshot();
    expect(s).toMatchObject({ jobs: 10, errors: 0 });
    expect(s.budget).toBeCloseTo(1);
    clock.advance(5000);
    expect(budget.snapshot()).toMatchObject({ jobs: 0, remaining: 1 });
  });

  it('keeps a bounded series of samples for the chart, oldest dropped', () => {
    const { clock, budget } = setup();
    const outcomes: JobOutcome[] = ['success', 'failure', 'success', 'success', 'failure', 'success', 'success'];
    for (const o of outcomes) {
      clock.advance(100);
      budget.record(o);
    }
    clock.advance(100);
    budget.tick();
    const series = budget.series();
    expect(series).toHaveLength(5);
    expect(series.map((s) => s.t)).toEqual([400, 500, 600, 700, 800]);
    expect(series.at(-1)).toEqual({ t: 800, ...pick(budget.snapshot()) });
  });

  it('handles many jobs (compaction keeps counts right)', () => {
    const { clock, budget } = setup();
    for (let i = 0; i < 5000; i++) {
      clock.advance(10);
      budget.record(i % 20 === 0 ? 'failure' : 'success');
    }
    // The last 10 s hold 1000 jobs (one per 10 ms), 50 of them failures.
    expect(budget.snapshot()).toMatchObject({ jobs: 1000, errors: 50 });
  });

  it('rejects an unknown outcome', () => {
    const { budget } = setup();
    expect(() => budget.record('nope' as JobOutcome)).toThrow(FitbenchError);
  });
});

function pick(s: { budget: number; remaining: number; burnRate: number }) {
  return { budget: s.budget, remaining: s.remaining, burnRate: s.burnRate };
}
