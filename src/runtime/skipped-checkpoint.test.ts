/**
 * Issue 9 item 2: the user is told when a corrupt checkpoint was skipped. The resume offer
 * carries the note, and the resumed job starts with it among its diagnostics and in the log.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createCheckpointStore, createJobStore, openDatabase } from '../persistence';
import { FitService } from './fit-service';
import { listResumeOffers, resumeJob } from './resume';
import { openServiceStorage } from './service-storage';
import { FakeRunner, ManualTimers } from '../test-support/runtime-fakes';

const checkpoint = (iteration: number) => ({
  iteration,
  params: { a: 1 + iteration / 100 },
  radius: 0.5,
  lambda: 1e-3,
  bestCost: 10 / (iteration + 1),
  nfev: iteration + 1,
  history: Array.from({ length: iteration + 1 }, (_, i) => 10 / (i + 1)),
  method: 'lm' as const,
});

describe('a skipped corrupt checkpoint is reported', () => {
  it('in the resume offer and in the resumed job', async () => {
    const indexedDB = new IDBFactory();
    const opened = await openDatabase({ name: 'skip-test', indexedDB });
    if (!opened.ok) throw opened.error;
    const db = opened.db;
    const spec = {
      kind: 'fit' as const,
      problem: { model: 'a*x', x: Float64Array.of(1, 2, 3), y: Float64Array.of(2, 4, 6), p0: { a: 1 } },
      options: {},
    };
    await createJobStore(db).createJob({ jobId: 'job-1', spec, backend: 'cpu', status: 'running' });
    const checkpoints = createCheckpointStore(db);
    await checkpoints.writeCheckpoint('job-1', checkpoint(10));
    await checkpoints.writeCheckpoint('job-1', checkpoint(20));
    const newest = await db.get('checkpoints', ['job-1', 2]);
    newest!.state.bestCost = 0.001;
    await db.put('checkpoints', newest!);
    db.close();

    const storage = await openServiceStorage({ name: 'skip-test', indexedDB });
    const runner = new FakeRunner(1);
    const service = new FitService({ runner, storage, clock: new ManualTimers(), random: () => 0.5 });
    const offers = await listResumeOffers(storage, service);
    expect(offers[0]).toMatchObject({ jobId: 'job-1', status: 'interrupted', checkpointIteration: 10 });
    expect(offers[0].notes.join(' ')).toMatch(/corrupt checkpoint was skipped \(checkpoint #2: /);

    await resumeJob(storage, service, 'job-1');
    const job = service.job('job-1');
    expect(job?.resumedFromIteration).toBe(10);
    expect(job?.diagnostics.join(' ')).toMatch(/corrupt checkpoint was skipped/);
    expect(
      service.reliability.log.records('job-1').some((r) => (r.diagnostics ?? []).join(' ').includes('skipped')),
    ).toBe(true);
    service.dispose();
  });
});
