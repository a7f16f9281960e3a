/**
 * Issue 14: the resume offer is built from job metadata alone, and a resumed job's worker
 * still receives the job's data, read from job-payloads when Resume is pressed.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createJobStore, openDatabase, type JobSpec } from '../persistence';
import { FitService } from './fit-service';
import { listResumeOffers, resumeJob } from './resume';
import { openServiceStorage } from './service-storage';
import { FakeRunner, ManualTimers } from '../test-support/runtime-fakes';

const batch: JobSpec = {
  kind: 'batch',
  batch: { model: 'a*x', x: Float64Array.of(1, 2), y: [Float64Array.of(1, 2), Float64Array.of(3, 6)], p0: { a: 1 } },
  options: {},
};

describe('resuming a job whose data is stored apart', () => {
  it('offers it from metadata and hands its data to the worker', async () => {
    const indexedDB = new IDBFactory();
    const opened = await openDatabase({ name: 'resume-payload', indexedDB });
    if (!opened.ok) throw opened.error;
    await createJobStore(opened.db).createJob({ jobId: 'batch-1', spec: batch, backend: 'cpu', status: 'running' });
    opened.db.close();

    const storage = await openServiceStorage({ name: 'resume-payload', indexedDB });
    const runner = new FakeRunner(1);
    const service = new FitService({ runner, storage, clock: new ManualTimers(), random: () => 0.5 });
    const offers = await listResumeOffers(storage, service);
    expect(offers).toMatchObject([
      { jobId: 'batch-1', kind: 'batch', model: 'a*x', nPoints: 4, status: 'interrupted', resumable: true },
    ]);

    await resumeJob(storage, service, 'batch-1');
    await new Promise((r) => setTimeout(r, 0));
    const request = runner.runs[0]?.request;
    expect(request?.kind).toBe('batch');
    if (request?.kind !== 'batch') return;
    expect(request.batch.y.map((row) => Array.from(row))).toEqual([
      [1, 2],
      [3, 6],
    ]);
    service.dispose();
  });
});
