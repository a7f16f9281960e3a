/**
 * A minimal typed event emitter and an external store (subscribe + getSnapshot), the
 * shape React's useSyncExternalStore and zustand's vanilla stores consume. No framework
 * here: the UI wraps it (src/app).
 */

export type Unsubscribe = () => void;

export class Emitter<E> {
  private readonly listeners = new Set<(event: E) => void>();

  /** Adds a listener; returns the function that removes it. */
  on(listener: (event: E) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Calls every listener; one that throws is reported and does not stop the others. */
  emit(event: E): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        reportListenerError(error);
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }

  clear(): void {
    this.listeners.clear();
  }
}

/** A read-only store: `getSnapshot` returns the same object until something changes. */
export interface ExternalStore<S> {
  getSnapshot(): S;
  subscribe(onChange: () => void): Unsubscribe;
}

function reportListenerError(error: unknown): void {
  // A UI bug in one subscriber must not stop the service from telling the others.
  const c = (globalThis as { console?: { error(...args: unknown[]): void } }).console;
  c?.error('fitbench: a service listener threw', error);
}
