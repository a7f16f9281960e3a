/**
 * Issue 14 (page load after a big batch): a job's data lives in job-payloads, apart from its
 * metadata, so listing and scanning jobs never read the curves; schema 4 moves the data of
 * records written before the split.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { FitbenchDB, JobSpec } from './db-schema';
import { createJobStore, jobChecksum, jobRecordProblem } from './job-store';
import { openDatabase } from './open-database';

const fitSpec: JobSpec = {
  kind: 'fit',
  problem: { model: 'a*x', x: Float64Array.of(1, 2, 3), y: Float64Array.of(2, 4, 6), p0: { a: 1 } },
  options: { method: 'lm' },
};

const batchSpec: JobSpec = {
  kind: 'batch',
  batch: {
    model: 'a*x',
    x: Float64Array.of(1, 2),
    y: [Float64Array.of(1, 2), Float64Array.of(2, 4), Float64Array.of(3, 6)],
    p0: { a: 1 },
  },
  options: {},
};

async function open(indexedDB: IDBFactory, name: string, version?: number): Promise<FitbenchDB> {
  const opened = await openDatabase({ name, indexedDB, version });
  if (!opened.ok) throw opened.error;
  return opened.db;
}

/** The database with every store name a transaction is opened on recorded. */
function watched(db: FitbenchDB): { db: FitbenchDB; stores: string[] } {
  const stores: string[] = [];
  const proxy = new Proxy(db, {
    get(target, prop) {
      if (prop === 'transaction') {
        return (names: string | string[], ...rest: unknown[]) => {
          stores.push(...(Array.isArray(names) ? names : [names]));
          return (target.transaction as (...a: unknown[]) => unknown)(names, ...rest);
        };
      }
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: proxy, stores };
}

describe('job data apart from job metadata', () => {
  it('listing and scanning jobs open no transaction on the job data', async () => {
    const raw = await open(new IDBFactory(), 'payloads-scan');
    const { db, stores } = watched(raw);
    const jobs = createJobStore(db);
    await jobs.createJob({ jobId: 'fit-1', spec: fitSpec, backend: 'cpu', status: 'running' });
    await jobs.createJob({ jobId: 'batch-1', spec: batchSpec, backend: 'auto' });
    expect(stores).toContain('job-payloads');
    stores.length = 0;

    await jobs.markRunningInterrupted();
    await jobs.pruneExpiredCheckpoints();
    const scan = await jobs.scanJobs();
    const listed = await jobs.listUnfinishedJobs();
    await jobs.updateJob('fit-1', { retries: 1 });
    expect(stores.length).toBeGreaterThan(0);
    expect(stores).not.toContain('job-payloads');

    expect(scan.quarantined).toEqual([]);
    expect(scan.jobs.map((j) => [j.jobId, j.summary])).toEqual(
      expect.arrayContaining([
        ['fit-1', { kind: 'fit', model: 'a*x', nPoints: 3 }],
        ['batch-1', { kind: 'batch', model: 'a*x', nPoints: 6 }],
      ]),
    );
    for (const j of [...scan.jobs, ...listed]) expect(j).not.toHaveProperty('spec');
    // The jobs store itself holds no data.
    expect(await raw.get('jobs', 'batch-1')).not.toHaveProperty('spec');
  });

  it('a job to resume still gets its data, checksum verified', async () => {
    const db = await open(new IDBFactory(), 'payloads-get');
    const jobs = createJobStore(db);
    await jobs.createJob({ jobId: 'batch-1', spec: batchSpec, backend: 'auto', status: 'running' });
    await jobs.markRunningInterrupted();
    const record = await jobs.getJob('batch-1');
    expect(record?.status).toBe('interrupted');
    expect(record?.spec).toEqual(batchSpec);
    expect(jobRecordProblem(record)).toBeNull();
  });

  it('a converged or cancelled job drops its data; a failed one keeps it; deleting drops it', async () => {
    const db = await open(new IDBFactory(), 'payloads-finish');
    const jobs = createJobStore(db);
    for (const id of ['done', 'cancelled', 'failed'])
      await jobs.createJob({ jobId: id, spec: fitSpec, backend: 'cpu' });
    await jobs.markFinished('done', { status: 'converged' });
    await jobs.markFinished('cancelled', { status: 'cancelled' });
    await jobs.markFinished('failed', { status: 'failed' });
    expect(await db.get('job-payloads', 'done')).toBeUndefined();
    expect(await db.get('job-payloads', 'cancelled')).toBeUndefined();
    expect((await jobs.getJob('failed'))?.spec).toEqual(fitSpec);
    await jobs.deleteJob('failed');
    expect(await db.getAllKeys('job-payloads')).toEqual([]);
  });

  it('schema 4 moves the data of records written before the split, checksums intact', async () => {
    const indexedDB = new IDBFactory();
    const v3 = await open(indexedDB, 'payloads-migrate', 3);
    const createdAt = 1_700_000_000_000;
    const old = (jobId: string, spec: unknown) => ({
      jobId,
      spec,
      status: 'interrupted',
      createdAt,
      updatedAt: createdAt,
      retries: 1,
      backend: 'cpu',
      checksum: spec === null ? undefined : jobChecksum(jobId, spec as JobSpec, createdAt),
    });
    const put = (record: object) => v3.put('jobs', record as never);
    await put(old('old-fit', fitSpec));
    await put(old('old-batch', batchSpec));
    await put(old('old-broken', null));
    v3.close();

    const db = await open(indexedDB, 'payloads-migrate');
    for (const id of ['old-fit', 'old-batch', 'old-broken'])
      expect(await db.get('jobs', id)).not.toHaveProperty('spec');
    const jobs = createJobStore(db);
    const scan = await jobs.scanJobs();
    expect(scan.jobs.map((j) => [j.jobId, j.summary.kind, j.summary.nPoints]).sort()).toEqual([
      ['old-batch', 'batch', 6],
      ['old-fit', 'fit', 3],
    ]);
    // Kept and reported, as before the split.
    expect(scan.quarantined).toEqual([{ jobId: 'old-broken', reason: expect.stringMatching(/summary is missing/) }]);
    const fit = await jobs.getJob('old-fit');
    expect(fit).toMatchObject({ jobId: 'old-fit', status: 'interrupted', retries: 1, spec: fitSpec });
    expect(jobRecordProblem(fit)).toBeNull();
    expect(jobRecordProblem(await jobs.getJob('old-batch'))).toBeNull();
  });
});
