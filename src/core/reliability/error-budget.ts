/**
 * Error budget of the SLO "a fraction α of fits succeed" (DESIGN.md "Reliability model"):
 *
 *   Budget(t) = (1 − α)·jobs(t) − errors(t)
 *
 * over a ROLLING window of `windowMs` (jobs and errors finished in (t − windowMs, t]),
 * so an incident ages out and the chart recovers, instead of a cumulative count that a
 * long session could never pay back. Positive: errors still affordable; negative:
 * overspent.
 *
 *   remaining = 1 − errors/allowed, clamped to [0, 1] (1 with no jobs), allowed = (1 − α)·jobs
 *   burnRate  = (errors/jobs over the last burnWindowMs) / (1 − α)
 *
 * A burn rate of 1 spends the budget exactly as fast as the SLO allows; above 1 it runs
 * out. Every record and tick appends a sample to a bounded series for charting.
 */
import type { SloConfig } from '../config/fitbench-config';
import { DEFAULT_CONFIG } from '../config/fitbench-config';
import { FitbenchError } from '../errors';
import type { Clock } from './clock';
import type { JobOutcome } from './health-machine';
import { RingBuffer } from './ring-buffer';

export interface BudgetSample {
  t: number;
  budget: number;
  remaining: number;
  burnRate: number;
}

export interface BudgetSnapshot extends BudgetSample {
  alpha: number;
  /** Jobs and errors inside the rolling window. */
  jobs: number;
  errors: number;
  /** (1 − α)·jobs: the errors the window may hold. */
  allowedErrors: number;
}

interface Event {
  t: number;
  failed: boolean;
}

/** Rolling counts over events appended in time order; a head index instead of shift(). */
class RollingCount {
  head = 0;
  jobs = 0;
  errors = 0;

  constructor(private readonly widthMs: number) {}

  add(e: Event): void {
    this.jobs++;
    if (e.failed) this.errors++;
  }

  expire(events: readonly Event[], now: number): void {
    const from = now - this.widthMs;
    while (this.head < events.length && events[this.head].t <= from) {
      this.jobs--;
      if (events[this.head].failed) this.errors--;
      this.head++;
    }
  }
}

export class ErrorBudget {
  private events: Event[] = [];
  private readonly budgetWindow: RollingCount;
  private readonly burnWindow: RollingCount;
  private readonly samples: RingBuffer<BudgetSample>;

  constructor(
    private readonly clock: Clock,
    private readonly config: SloConfig = DEFAULT_CONFIG.slo,
  ) {
    this.budgetWindow = new RollingCount(config.windowMs);
    this.burnWindow = new RollingCount(config.burnWindowMs);
    this.samples = new RingBuffer<BudgetSample>(config.maxSamples);
  }

  /** Records one finished job (service faults only: see countsAgainstService) and samples. */
  record(outcome: JobOutcome): BudgetSample {
    if (outcome !== 'success' && outcome !== 'failure') {
      throw new FitbenchError('OPTIONS_INVALID', `job outcome must be 'success' or 'failure', got ${String(outcome)}`, {
        field: 'outcome',
      });
    }
    const e: Event = { t: this.clock.now(), failed: outcome === 'failure' };
    this.events.push(e);
    this.budgetWindow.add(e);
    this.burnWindow.add(e);
    return this.tick();
  }

  /** Samples the budget now (the window slides even without jobs): call it from a UI timer. */
  tick(): BudgetSample {
    const s = this.snapshot();
    const sample: BudgetSample = { t: s.t, budget: s.budget, remaining: s.remaining, burnRate: s.burnRate };
    this.samples.push(sample);
    return sample;
  }

  /** The budget now, without appending a sample. */
  snapshot(): BudgetSnapshot {
    const now = this.clock.now();
    this.expire(now);
    const allowance = 1 - this.config.alpha;
    const { jobs, errors } = this.budgetWindow;
    const allowedErrors = allowance * jobs;
    const remaining = jobs === 0 ? 1 : Math.min(1, Math.max(0, 1 - errors / allowedErrors));
    const burn = this.burnWindow;
    const burnRate = burn.jobs === 0 ? 0 : burn.errors / burn.jobs / allowance;
    return {
      t: now,
      alpha: this.config.alpha,
      jobs,
      errors,
      allowedErrors,
      budget: allowedErrors - errors,
      remaining,
      burnRate,
    };
  }

  /** Samples for the chart, oldest first (at most maxSamples). */
  series(): BudgetSample[] {
    return this.samples.toArray();
  }

  private expire(now: number): void {
    this.budgetWindow.expire(this.events, now);
    this.burnWindow.expire(this.events, now);
    // burnWindowMs ≤ windowMs, so the budget window's head is the older one.
    const head = Math.min(this.budgetWindow.head, this.burnWindow.head);
    if (head > 1024 && head * 2 > this.events.length) {
      this.events = this.events.slice(head);
      this.budgetWindow.head -= head;
      this.burnWindow.head -= head;
    }
  }
}
