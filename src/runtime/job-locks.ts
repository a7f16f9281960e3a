/**
 * Jobs belong to one tab. A job holds a Web Lock (`navigator.locks`, named
 * `fitbench-job:<id>`) from the moment its tab queues it until it ends, so another tab of the
 * same origin can tell "running elsewhere" from "interrupted": only a job whose lock is free
 * is offered for resume or may be discarded. The browser frees the lock when the tab closes
 * or crashes, which is exactly when the job becomes resumable.
 *
 * A BroadcastChannel (`fitbench-jobs`) tells open tabs when a job starts or ends, so their
 * resume offers stay in step without polling.
 */

const PREFIX = 'fitbench-job:';
const CHANNEL = 'fitbench-jobs';

/** The part of the Web Locks API used here (LockManager). */
export interface LockManagerLike {
  request(
    name: string,
    options: { ifAvailable?: boolean; mode?: 'exclusive' | 'shared' },
    callback: (lock: unknown) => Promise<void> | void,
  ): Promise<unknown>;
  query(): Promise<{ held?: { name?: string }[]; pending?: { name?: string }[] }>;
}

/** The part of BroadcastChannel used here. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

export interface JobLocks {
  /** False where the browser has no Web Locks (every job then counts as this tab's). */
  readonly supported: boolean;
  /** Takes the job's lock if it is free; resolves with its release, or null when another tab holds it. */
  tryHold(jobId: string): Promise<(() => void) | null>;
  /** Ids of jobs whose locks are held now (by any tab, this one included). */
  held(): Promise<Set<string>>;
  /** Resolves when the job's lock is free (its tab ended it, closed or crashed). */
  whenFree(jobId: string): Promise<void>;
  /** Tells other tabs that the job list changed. */
  announce(jobId: string): void;
  /** Calls `listener` when another tab announces a change. */
  onAnnounce(listener: (jobId: string) => void): () => void;
  close(): void;
}

/** Locks for a page without Web Locks or BroadcastChannel (and for Node tests). */
export const NO_JOB_LOCKS: JobLocks = {
  supported: false,
  tryHold: async () => () => undefined,
  held: async () => new Set(),
  whenFree: () => new Promise<void>(() => undefined),
  announce: () => undefined,
  onAnnounce: () => () => undefined,
  close: () => undefined,
};

/** Web Locks + BroadcastChannel (or the given fakes); NO_JOB_LOCKS semantics where missing. */
export function createJobLocks(
  locks: LockManagerLike | undefined = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks,
  channel: ChannelLike | undefined = typeof BroadcastChannel === 'function'
    ? (new BroadcastChannel(CHANNEL) as unknown as ChannelLike)
    : undefined,
): JobLocks {
  const listeners = new Set<(jobId: string) => void>();
  channel?.addEventListener('message', (event) => {
    const data = event.data as { type?: unknown; jobId?: unknown } | null;
    if (data?.type !== 'jobs-changed') return;
    const jobId = typeof data.jobId === 'string' ? data.jobId : '';
    for (const l of listeners) l(jobId);
  });
  const base = {
    announce(jobId: string) {
      try {
        channel?.postMessage({ type: 'jobs-changed', jobId });
      } catch {
        // A closed channel (page unloading) has no one left to tell.
      }
    },
    onAnnounce(listener: (jobId: string) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      channel?.close();
    },
  };
  if (!locks) return { ...NO_JOB_LOCKS, ...base };
  return {
    ...base,
    supported: true,
    tryHold(jobId) {
      return new Promise((resolve, reject) => {
        locks
          .request(`${PREFIX}${jobId}`, { ifAvailable: true }, (lock) => {
            if (!lock) {
              resolve(null);
              return;
            }
            // Held until the job ends: the callback's promise settles on release().
            return new Promise<void>((release) => resolve(() => release()));
          })
          .catch(reject);
      });
    },
    async held() {
      const state = await locks.query();
      const ids = new Set<string>();
      for (const lock of state.held ?? []) {
        if (typeof lock.name === 'string' && lock.name.startsWith(PREFIX)) ids.add(lock.name.slice(PREFIX.length));
      }
      return ids;
    },
    async whenFree(jobId) {
      // Waits in the lock's queue; granted means the holder let go. Let go at once ourselves.
      await locks.request(`${PREFIX}${jobId}`, { mode: 'shared' }, () => undefined);
    },
  };
}
