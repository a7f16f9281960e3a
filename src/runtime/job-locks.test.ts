/**
 * Issue 9 item 1: jobs belong to one tab. Two services (two tabs) share one storage and one
 * lock manager; the second sees the first's running job as running elsewhere, can neither
 * resume nor discard it, and can resume it once the first tab lets go of it.
 */
import { describe, expect, it } from 'vitest';
import { FitbenchError } from '../core/errors';
import { FitService } from './fit-service';
import { createJobLocks, type ChannelLike, type LockManagerLike } from './job-locks';
import { discardJob, listResumeOffers, resumeJob } from './resume';
import { FakeRunner, flush, ManualTimers, MemoryStorage } from '../test-support/runtime-fakes';

/** One origin's Web Locks, shared by every tab of the test (exclusive and shared modes). */
class FakeLockManager implements LockManagerLike {
  private readonly held = new Map<string, { mode: 'exclusive' | 'shared'; count: number }>();
  private readonly waiting: { name: string; grant: () => void }[] = [];

  async request(
    name: string,
    options: { ifAvailable?: boolean; mode?: 'exclusive' | 'shared' },
    callback: (lock: unknown) => Promise<void> | void,
  ): Promise<unknown> {
    const mode = options.mode ?? 'exclusive';
    const free = () => {
      const h = this.held.get(name);
      return !h || (mode === 'shared' && h.mode === 'shared');
    };
    if (!free()) {
      if (options.ifAvailable) return callback(null);
      await new Promise<void>((grant) => this.waiting.push({ name, grant }));
    }
    const h = this.held.get(name);
    this.held.set(name, { mode, count: (h?.count ?? 0) + 1 });
    try {
      return await callback({ name, mode });
    } finally {
      const now = this.held.get(name) as { mode: 'exclusive' | 'shared'; count: number };
      if (now.count > 1) now.count -= 1;
      else {
        this.held.delete(name);
        for (const w of this.waiting.filter((x) => x.name === name)) {
          this.waiting.splice(this.waiting.indexOf(w), 1);
          w.grant();
        }
      }
    }
  }

  async query() {
    return { held: [...this.held.keys()].map((name) => ({ name })), pending: [] };
  }
}

/** BroadcastChannel between tabs: a message reaches every other tab. */
function channels(count: number): ChannelLike[] {
  const listeners: ((e: { data: unknown }) => void)[][] = Array.from({ length: count }, () => []);
  return listeners.map((own, i) => ({
    postMessage: (data: unknown) => listeners.forEach((l, j) => j !== i && l.forEach((f) => f({ data }))),
    addEventListener: (_type: 'message', f: (e: { data: unknown }) => void) => own.push(f),
    close: () => (own.length = 0),
  }));
}

const PROBLEM = { model: 'a*x', x: [1, 2, 3], y: [2, 4, 6], p0: { a: 1 } };

function twoTabs() {
  const storage = new MemoryStorage();
  const manager = new FakeLockManager();
  const [chA, chB] = channels(2);
  const tab = (channel: ChannelLike) => {
    const locks = createJobLocks(manager, channel);
    const runner = new FakeRunner(2);
    const service = new FitService({ runner, storage, locks, clock: new ManualTimers(), random: () => 0.5 });
    return { locks, runner, service };
  };
  return { storage, a: tab(chA), b: tab(chB) };
}

describe('two tabs', () => {
  it("the second tab sees the first's running job as running elsewhere and cannot resume or discard it", async () => {
    const { storage, a, b } = twoTabs();
    const announced: string[] = [];
    b.locks.onAnnounce((id) => announced.push(id));
    const ticket = a.service.submit(PROBLEM);
    a.runner.last.saveJob(storage);
    await flush();
    await storage.updateJob(ticket.jobId, { status: 'running' });
    expect(announced).toContain(ticket.jobId);

    const offers = await listResumeOffers(storage, b.service, b.locks);
    expect(offers).toEqual([
      expect.objectContaining({
        jobId: ticket.jobId,
        status: 'running-elsewhere',
        resumable: false,
        discardable: false,
      }),
    ]);
    // Listing did not mark it interrupted: it is running.
    expect((await storage.getJob(ticket.jobId))?.status).toBe('running');
    await expect(resumeJob(storage, b.service, ticket.jobId, b.locks)).rejects.toThrow(/running in another tab/);
    await expect(discardJob(storage, ticket.jobId, b.locks)).rejects.toBeInstanceOf(FitbenchError);
    expect(await storage.getJob(ticket.jobId)).toBeDefined();
    expect(b.runner.runs).toHaveLength(0);

    // Tab A finishes; its result is stored and tab B has nothing to offer.
    a.runner.last.succeed({}, storage);
    await ticket.done;
    await flush();
    await storage.finishJob(ticket.jobId, { status: 'converged' });
    expect(await listResumeOffers(storage, b.service, b.locks)).toEqual([]);
  });

  it('a job becomes resumable in the other tab once its tab lets go (closed or crashed)', async () => {
    const { storage, a, b } = twoTabs();
    const ticket = a.service.submit(PROBLEM);
    a.runner.last.saveJob(storage);
    await flush();
    await storage.updateJob(ticket.jobId, { status: 'running' });
    const freed = b.locks.whenFree(ticket.jobId);
    // Tab A goes away: its service ends, its lock is released, the record still says running.
    const job = (a.service as unknown as { jobs: Map<string, { releaseLock: (() => void) | null }> }).jobs.get(
      ticket.jobId,
    );
    job?.releaseLock?.();
    await freed;
    const offers = await listResumeOffers(storage, b.service, b.locks);
    expect(offers[0]).toMatchObject({ jobId: ticket.jobId, status: 'interrupted', resumable: true });
    const resumed = await resumeJob(storage, b.service, ticket.jobId, b.locks);
    expect(resumed.jobId).toBe(ticket.jobId);
    expect(b.runner.runs).toHaveLength(1);
    // A second resume (another click, a third tab) is refused while the first runs.
    await expect(resumeJob(storage, a.service, ticket.jobId, a.locks)).rejects.toThrow(/another tab/);
  });
});
