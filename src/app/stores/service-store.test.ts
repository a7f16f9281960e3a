import { afterEach, describe, expect, it } from 'vitest';
import { createFitClient, type FitClient } from '../../runtime';
import { FakeRunner, MemoryStorage, flush, resumeState } from '../../test-support/runtime-fakes';
import { createServiceStore } from './service-store';

let client: FitClient;
afterEach(() => client?.dispose());

const problem = { model: 'a*x', x: [1, 2, 3], y: [2, 4, 6], p0: { a: 1 } };

describe('service store', () => {
  it('mirrors the snapshot once per burst of changes, and appends log records', async () => {
    const runner = new FakeRunner();
    client = createFitClient({ runner, storage: 'none', search: '' });
    const store = createServiceStore(client);
    let updates = 0;
    store.subscribe(() => updates++);
    const handle = client.fit(problem);
    runner.last.progress(0, 5);
    runner.last.progress(6, 9);
    await flush();
    const before = updates;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThanOrEqual(3);
    expect(store.getState().snapshot.jobs[0].iteration).toBe(9);
    runner.last.succeed();
    await handle.result;
    await flush();
    expect(store.getState().log.map((r) => r.status)).toEqual(['queued', 'running', 'converged']);
    expect(store.getState().snapshot.metrics.fits).toBe(1);
    store.dispose();
  });

  it('offers the unfinished jobs storage holds, and forgets one on request', async () => {
    const storage = new MemoryStorage();
    await storage.createJob('job-old', { kind: 'fit', problem, options: {} }, 'auto');
    await storage.updateJob('job-old', { status: 'running' });
    storage.checkpoints.set('job-old', resumeState(12));
    client = createFitClient({ runner: new FakeRunner(), storage, search: '' });
    const store = createServiceStore(client);
    await flush();
    expect(store.getState().unfinishedLoaded).toBe(true);
    expect(store.getState().unfinished.map((o) => [o.jobId, o.checkpointIteration])).toEqual([['job-old', 12]]);
    store.getState().forgetUnfinished('job-old');
    expect(store.getState().unfinished).toEqual([]);
    store.dispose();
  });
});
