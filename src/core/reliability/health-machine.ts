/**
 * Health state machine of the fitting service (DESIGN.md "Reliability model"), over the
 * outcomes of recent jobs. λ is the error rate of the last `windowSize` outcomes.
 *
 *   Healthy  → Degraded  λ > τ₁ (once the window holds minSamples outcomes)
 *   Degraded → Failed    λ > τ₂
 *   Degraded → Healthy   λ < τ₀ (τ₀ < τ₁: hysteresis, so the badge does not flap)
 *   Failed   → Recovery  on the first success while Failed (the service works again: a
 *                        storm that ended is read within a few successes, not after a
 *                        fixed wait), or T_recovery after entering Failed, judged on every
 *                        event and tick; failures while Failed do not restart that timer
 *   Recovery → Healthy   success rate of the outcomes since entering Recovery > σ,
 *                        once there are minSamples of them
 *   Recovery → Failed    error rate of those outcomes > τ₂ (failures continue), same count
 *
 * Entering Recovery empties the λ window: the failures that caused Failed are already
 * judged, and keeping them would send a recovered service straight back to Degraded.
 * A rate-based evaluation makes at most one transition, so a burst of failures passes
 * through Degraded (visibly, in the history) before Failed.
 */
import type { HealthConfig } from '../config/fitbench-config';
import { DEFAULT_CONFIG } from '../config/fitbench-config';
import { FitbenchError } from '../errors';
import type { Clock } from './clock';
import { RingBuffer } from './ring-buffer';
import { assertNever } from '../assert-never';

export type HealthState = 'Healthy' | 'Degraded' | 'Failed' | 'Recovery';
export type JobOutcome = 'success' | 'failure';

export interface HealthTransition {
  from: HealthState;
  to: HealthState;
  /** Clock time of the transition. */
  at: number;
  reason: string;
  /** λ over the window just before the transition. */
  errorRate: number;
}

export type HealthListener = (transition: HealthTransition) => void;

export interface HealthSnapshot {
  state: HealthState;
  /** When the current state was entered. */
  since: number;
  /** λ over the window (0 when empty). */
  errorRate: number;
  windowCount: number;
  windowFailures: number;
  /** Outcomes since entering Recovery (0 outside Recovery). */
  recoverySuccesses: number;
  recoveryFailures: number;
  /** While Failed: when Recovery starts. */
  recoveryAt: number | null;
}

export class HealthMachine {
  private current: HealthState = 'Healthy';
  private enteredAt: number;
  private readonly window: RingBuffer<boolean>;
  private windowFailures = 0;
  private recoveryOk = 0;
  private recoveryBad = 0;
  private readonly log: RingBuffer<HealthTransition>;
  private readonly listeners = new Set<HealthListener>();

  constructor(
    private readonly clock: Clock,
    private readonly config: HealthConfig = DEFAULT_CONFIG.health,
  ) {
    this.enteredAt = clock.now();
    this.window = new RingBuffer<boolean>(config.windowSize);
    this.log = new RingBuffer<HealthTransition>(config.historyLimit);
  }

  get state(): HealthState {
    return this.current;
  }

  /** λ: failures over outcomes in the window (0 when empty). */
  errorRate(): number {
    return this.window.size === 0 ? 0 : this.windowFailures / this.window.size;
  }

  /**
   * Records one finished job (feed service faults only: see countsAgainstService) and
   * returns the transitions it caused, time-based first.
   */
  record(outcome: JobOutcome): HealthTransition[] {
    if (outcome !== 'success' && outcome !== 'failure') {
      throw new FitbenchError('OPTIONS_INVALID', `job outcome must be 'success' or 'failure', got ${String(outcome)}`, {
        field: 'outcome',
      });
    }
    const now = this.clock.now();
    const out = this.timeTransition(now);
    const failed = outcome === 'failure';
    if (!failed && this.current === 'Failed')
      out.push(this.transition('Recovery', now, 'a job succeeded while Failed: trying Recovery'));
    const evicted = this.window.push(failed);
    if (failed) this.windowFailures++;
    if (evicted === true) this.windowFailures--;
    if (this.current === 'Recovery') {
      if (failed) this.recoveryBad++;
      else this.recoveryOk++;
    }
    const t = this.rateTransition(now);
    if (t) out.push(t);
    return out;
  }

  /** Applies the time-based rule (Failed → Recovery) at `now`; call it from a UI timer. */
  tick(now: number = this.clock.now()): HealthTransition[] {
    return this.timeTransition(now);
  }

  snapshot(): HealthSnapshot {
    return {
      state: this.current,
      since: this.enteredAt,
      errorRate: this.errorRate(),
      windowCount: this.window.size,
      windowFailures: this.windowFailures,
      recoverySuccesses: this.current === 'Recovery' ? this.recoveryOk : 0,
      recoveryFailures: this.current === 'Recovery' ? this.recoveryBad : 0,
      recoveryAt: this.current === 'Failed' ? this.enteredAt + this.config.recoveryAfterMs : null,
    };
  }

  /** Transitions so far, oldest first (bounded by historyLimit). */
  history(): HealthTransition[] {
    return this.log.toArray();
  }

  /** Subscribes to transitions; returns the unsubscribe function. */
  onTransition(listener: HealthListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private timeTransition(now: number): HealthTransition[] {
    if (this.current !== 'Failed' || now - this.enteredAt < this.config.recoveryAfterMs) return [];
    return [this.transition('Recovery', now, `${this.config.recoveryAfterMs} ms in Failed passed (T_recovery)`)];
  }

  private rateTransition(now: number): HealthTransition | null {
    const c = this.config;
    const lambda = this.errorRate();
    const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
    switch (this.current) {
      case 'Healthy':
        if (this.window.size >= c.minSamples && lambda > c.tau1) {
          return this.transition('Degraded', now, `error rate ${pct(lambda)} > τ₁ ${pct(c.tau1)}`);
        }
        return null;
      case 'Degraded':
        if (lambda > c.tau2) return this.transition('Failed', now, `error rate ${pct(lambda)} > τ₂ ${pct(c.tau2)}`);
        if (lambda < c.tau0) return this.transition('Healthy', now, `error rate ${pct(lambda)} < τ₀ ${pct(c.tau0)}`);
        return null;
      case 'Recovery': {
        const n = this.recoveryOk + this.recoveryBad;
        if (n < c.minSamples) return null;
        const success = this.recoveryOk / n;
        if (success > c.sigma) {
          return this.transition(
            'Healthy',
            now,
            `success rate ${pct(success)} > σ ${pct(c.sigma)} over ${n} jobs in Recovery`,
          );
        }
        if (1 - success > c.tau2) {
          return this.transition(
            'Failed',
            now,
            `error rate ${pct(1 - success)} > τ₂ ${pct(c.tau2)} over ${n} jobs in Recovery`,
          );
        }
        return null;
      }
      case 'Failed':
        return null;
      default:
        return assertNever(this.current, 'health state');
    }
  }

  private transition(to: HealthState, at: number, reason: string): HealthTransition {
    const event: HealthTransition = { from: this.current, to, at, reason, errorRate: this.errorRate() };
    this.current = to;
    this.enteredAt = at;
    this.recoveryOk = 0;
    this.recoveryBad = 0;
    if (to === 'Recovery') {
      this.window.clear();
      this.windowFailures = 0;
    }
    this.log.push(event);
    for (const listener of [...this.listeners]) listener(event);
    return event;
  }
}
