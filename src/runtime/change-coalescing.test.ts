/**
 * Issue 14 item 2: a burst of service changes (jobs queued together, a progress batch that
 * moves a job, the metrics and the budget) reaches subscribers as one notification, so a
 * subscriber that reads the snapshot (the update banner) rebuilds it once, not per change.
 * Counts notifications; no timing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FitProblem } from '../core/api-types';
import { FitService } from './fit-service';
import { FakeRunner, ManualTimers, MemoryStorage } from '../test-support/runtime-fakes';

const problem: FitProblem = { model: 'a*x', x: [1, 2, 3], y: [2, 4, 6], p0: { a: 1 } };
const microtasks = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

let service: FitService | null = null;
afterEach(() => service?.dispose());

function setup(): { service: FitService; runner: FakeRunner; notified: () => number; snapshots: () => number } {
  const runner = new FakeRunner(4);
  service = new FitService({ runner, storage: new MemoryStorage(), clock: new ManualTimers(), random: () => 0.5 });
  let notifications = 0;
  let builds = 0;
  let last = service.getSnapshot();
  const s = service;
  s.subscribe(() => {
    notifications += 1;
    const next = s.getSnapshot();
    if (next !== last) builds += 1;
    last = next;
  });
  return { service: s, runner, notified: () => notifications, snapshots: () => builds };
}

describe('service change notifications are coalesced', () => {
  it('N jobs queued in one task: one notification, one snapshot', async () => {
    const { service, notified, snapshots } = setup();
    const revision = service.getSnapshot().revision;
    for (let i = 0; i < 10; i++) service.submit(problem, {});
    // Reading is always current, even before subscribers hear of it.
    expect(service.getSnapshot().revision).toBeGreaterThan(revision + 10);
    expect(service.getSnapshot().jobs).toHaveLength(10);
    expect(notified()).toBe(0);
    await microtasks();
    expect(notified()).toBe(1);
    expect(snapshots()).toBe(1);
  });

  it('a progress burst of many iterations: one notification', async () => {
    const { service, runner, notified } = setup();
    const { jobId } = service.submit(problem, {});
    await microtasks();
    const before = notified();
    runner.last.progress(0, 50);
    await microtasks();
    expect(service.job(jobId)?.iteration).toBe(50);
    expect(notified() - before).toBe(1);
  });

  it('nothing is notified after dispose', async () => {
    const { service, notified } = setup();
    service.submit(problem, {});
    service.dispose();
    await microtasks();
    expect(notified()).toBe(0);
  });
});
