/**
 * Circuit breaker per backend (DESIGN.md "Reliability model"): closed → open after
 * repeated failures, half-open once the cooldown has passed on the injected clock,
 * closed after a successful trial, open again after a failed one. While the WebGPU
 * breaker is open the runtime sends fits to the CPU.
 *
 * No timers: the open → half-open move happens lazily whenever the breaker is asked
 * (`state`, `canRequest()`, `snapshot()`), so listeners hear about it then.
 */
import type { BreakerConfig } from '../config/fitbench-config';
import { DEFAULT_CONFIG } from '../config/fitbench-config';
import { FitbenchError } from '../errors';
import type { Clock } from './clock';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerTransition {
  breaker: string;
  from: BreakerState;
  to: BreakerState;
  /** Clock time of the transition. */
  at: number;
  reason: string;
}

export type BreakerListener = (transition: BreakerTransition) => void;

export interface BreakerSnapshot {
  name: string;
  state: BreakerState;
  consecutiveFailures: number;
  /** Failures inside the sliding failure window (closed state). */
  windowFailures: number;
  /** When the breaker last opened, or null if it is not open. */
  openedAt: number | null;
  /** When an open breaker lets the next trial through, or null. */
  retryAt: number | null;
  trialsInFlight: number;
  totalSuccesses: number;
  totalFailures: number;
  /** Requests turned away while open or while the half-open trial slots were taken. */
  rejected: number;
  /** Times the breaker has opened. */
  opened: number;
}

export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private consecutive = 0;
  /** Failure times in the sliding window, oldest first. */
  private failureTimes: number[] = [];
  private openedAt: number | null = null;
  private trials = 0;
  private successes = 0;
  private failures = 0;
  private rejectedCount = 0;
  private openedCount = 0;
  private readonly listeners = new Set<BreakerListener>();

  constructor(
    readonly name: string,
    private readonly clock: Clock,
    private readonly config: BreakerConfig = DEFAULT_CONFIG.breaker,
  ) {
    if (typeof name !== 'string' || name.length === 0) {
      throw new FitbenchError('OPTIONS_INVALID', 'a circuit breaker needs a non-empty backend name', { field: 'name' });
    }
  }

  /** The state now (moves open → half-open when the cooldown has passed). */
  get state(): BreakerState {
    this.refresh();
    return this.current;
  }

  /**
   * Asks to send one request. Closed: yes. Open: no. Half-open: yes while trial slots
   * are free, and the yes takes a slot, so call it once per request actually made and
   * report that request's end with onSuccess, onFailure or release.
   */
  canRequest(): boolean {
    this.refresh();
    if (this.current === 'closed') return true;
    if (this.current === 'half-open' && this.trials < this.config.halfOpenMaxTrials) {
      this.trials++;
      return true;
    }
    this.rejectedCount++;
    return false;
  }

  /** A request succeeded. Half-open: the trial passed, the breaker closes. */
  onSuccess(): void {
    this.refresh();
    this.successes++;
    if (this.current === 'half-open') {
      this.transition('closed', 'trial request succeeded');
      return;
    }
    // A late success from before the breaker opened says nothing about now: ignored.
    if (this.current === 'closed') this.consecutive = 0;
  }

  /** A request failed (count only faults of the backend, not the user's bad input). */
  onFailure(): void {
    this.refresh();
    this.failures++;
    const now = this.clock.now();
    if (this.current === 'half-open') {
      this.transition('open', 'trial request failed');
      return;
    }
    // Open: a late failure of a request sent before opening must not extend the cooldown.
    if (this.current === 'open') return;
    this.consecutive++;
    this.failureTimes.push(now);
    this.pruneWindow(now);
    if (this.consecutive >= this.config.failureThreshold) {
      this.transition('open', `${this.consecutive} consecutive failures`);
    } else if (this.failureTimes.length >= this.config.windowFailureThreshold) {
      this.transition('open', `${this.failureTimes.length} failures within ${this.config.failureWindowMs} ms`);
    }
  }

  /** Gives back a half-open trial slot whose request ended without a verdict (cancelled). */
  release(): void {
    if (this.trials > 0) this.trials--;
  }

  /** Forces the breaker closed with clean counters (a settings-panel action). */
  reset(): void {
    this.refresh();
    if (this.current !== 'closed') this.transition('closed', 'manual reset');
    this.consecutive = 0;
    this.failureTimes = [];
  }

  snapshot(): BreakerSnapshot {
    this.refresh();
    const now = this.clock.now();
    if (this.current === 'closed') this.pruneWindow(now);
    return {
      name: this.name,
      state: this.current,
      consecutiveFailures: this.consecutive,
      windowFailures: this.failureTimes.length,
      openedAt: this.current === 'open' ? this.openedAt : null,
      retryAt: this.current === 'open' && this.openedAt !== null ? this.openedAt + this.config.cooldownMs : null,
      trialsInFlight: this.trials,
      totalSuccesses: this.successes,
      totalFailures: this.failures,
      rejected: this.rejectedCount,
      opened: this.openedCount,
    };
  }

  /** Subscribes to transitions; returns the unsubscribe function. */
  onTransition(listener: BreakerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private refresh(): void {
    if (this.current !== 'open' || this.openedAt === null) return;
    if (this.clock.now() - this.openedAt >= this.config.cooldownMs) {
      this.transition('half-open', `cooldown of ${this.config.cooldownMs} ms passed`);
    }
  }

  private pruneWindow(now: number): void {
    const from = now - this.config.failureWindowMs;
    let drop = 0;
    while (drop < this.failureTimes.length && this.failureTimes[drop] <= from) drop++;
    if (drop > 0) this.failureTimes.splice(0, drop);
  }

  private transition(to: BreakerState, reason: string): void {
    const from = this.current;
    const at = this.clock.now();
    this.current = to;
    this.trials = 0;
    if (to === 'open') {
      this.openedAt = at;
      this.openedCount++;
    } else {
      this.openedAt = null;
    }
    if (to === 'closed') {
      this.consecutive = 0;
      this.failureTimes = [];
    }
    const event: BreakerTransition = { breaker: this.name, from, to, at, reason };
    for (const listener of [...this.listeners]) listener(event);
  }
}

/** One breaker per backend name, created on first use with the shared configuration. */
export class BreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly listeners = new Set<BreakerListener>();

  constructor(
    private readonly clock: Clock,
    private readonly config: BreakerConfig = DEFAULT_CONFIG.breaker,
  ) {}

  /** The breaker of `name` ('cpu', 'webgpu', …), created closed if new. */
  get(name: string): CircuitBreaker {
    let breaker = this.breakers.get(name);
    if (!breaker) {
      breaker = new CircuitBreaker(name, this.clock, this.config);
      breaker.onTransition((t) => {
        for (const listener of [...this.listeners]) listener(t);
      });
      this.breakers.set(name, breaker);
    }
    return breaker;
  }

  has(name: string): boolean {
    return this.breakers.has(name);
  }

  names(): string[] {
    return [...this.breakers.keys()];
  }

  snapshot(): BreakerSnapshot[] {
    return [...this.breakers.values()].map((b) => b.snapshot());
  }

  /** Hears the transitions of every breaker, present and future. */
  onTransition(listener: BreakerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
