/**
 * Lets the worker's event loop breathe during a fit. A CPU fit is one long synchronous
 * loop: while it runs, IndexedDB cannot commit a checkpoint, a cancel message cannot
 * arrive and no timer fires. When the iteration callback returns a promise and the solver
 * awaits it, each yield gives the loop a turn. A solver that does not await promises from
 * the callback is detected (the promise is still pending at the next iteration) and the
 * run falls back to synchronous behaviour: a busy-wait for injected delays, no yields.
 */

export interface HostYieldDeps {
  /** Resolves after one macrotask (MessageChannel in the worker: no 4 ms timer clamp). */
  yieldToHost(): Promise<void>;
  /** Resolves after `ms` (setTimeout). */
  sleep(ms: number): Promise<void>;
  /** Blocks the thread for `ms`. */
  busyWait(ms: number): void;
}

export class HostYield {
  private mode: 'unknown' | 'async' | 'sync' = 'unknown';
  private pending: { done: boolean } | null = null;

  constructor(private readonly deps: HostYieldDeps) {}

  /** Whether the solver is known to await the callback's promises. */
  get awaited(): boolean | null {
    return this.mode === 'unknown' ? null : this.mode === 'async';
  }

  /** Call first thing in every iteration callback: learns whether the last promise was awaited. */
  observe(): void {
    if (!this.pending) return;
    if (!this.pending.done) this.mode = 'sync';
    else if (this.mode === 'unknown') this.mode = 'async';
    this.pending = null;
  }

  /** Delays the solver by `ms`: a promise to await, or a busy-wait when promises are ignored. */
  delay(ms: number): Promise<void> | undefined {
    if (this.mode === 'sync') {
      this.deps.busyWait(ms);
      return undefined;
    }
    return this.track(this.deps.sleep(ms));
  }

  /** One turn of the event loop, when the solver awaits; nothing otherwise. */
  yieldNow(): Promise<void> | undefined {
    if (this.mode === 'sync') return undefined;
    return this.track(this.deps.yieldToHost());
  }

  private track(p: Promise<void>): Promise<void> {
    const marker = { done: false };
    this.pending = marker;
    return p.then(() => {
      marker.done = true;
    });
  }
}
