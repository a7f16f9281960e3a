/**
 * Collects worker events and hands them to the page in batches, at most one batch per
 * `minIntervalMs` (50 ms → 20 updates a second), so a solver doing thousands of iterations a
 * second costs the page a few messages, never a round-trip per iteration. The clock and
 * timers are injected so the cadence is testable without real time.
 */
import type { WorkerEvent } from './worker-api';

export interface BatcherClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export class EventBatcher {
  private pending: WorkerEvent[] = [];
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;
  private closed = false;

  constructor(
    private readonly minIntervalMs: number,
    private readonly send: (events: WorkerEvent[]) => void,
    private readonly clock: BatcherClock,
  ) {}

  /** Queues one event; flushes now when the interval has passed, else arms a trailing flush. */
  push(event: WorkerEvent): void {
    if (this.closed) return;
    this.pending.push(event);
    const now = this.clock.now();
    if (now - this.lastFlushAt >= this.minIntervalMs) {
      this.flush(now);
    } else if (this.timer === null) {
      // A trailing flush for when no further event arrives (a slow iteration, an async
      // GPU step); it only fires when the solver lets the event loop run.
      this.timer = this.clock.setTimer(
        () => {
          this.timer = null;
          if (this.pending.length > 0) this.flush(this.clock.now());
        },
        this.minIntervalMs - (now - this.lastFlushAt),
      );
    }
  }

  /** Sends what is pending now, whatever the interval (the last words before a simulated crash). */
  flushNow(): void {
    if (this.pending.length > 0) this.flush(this.clock.now());
  }

  /** Stops batching and returns what was not yet sent (the run's outcome carries it). */
  close(): WorkerEvent[] {
    this.closed = true;
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    const rest = this.pending;
    this.pending = [];
    return rest;
  }

  private flush(now: number): void {
    if (this.timer !== null) {
      this.clock.clearTimer(this.timer);
      this.timer = null;
    }
    const batch = this.pending;
    this.pending = [];
    this.lastFlushAt = now;
    this.send(batch);
  }
}
