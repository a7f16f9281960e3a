/**
 * Issue 9 items 2 and 3 at the store: job records are checksummed and validated (a bad one is
 * quarantined, never hiding the others, and never resumed), a failed job keeps its
 * checkpoints until its retention ends, and a tab's running jobs are not marked interrupted
 * by another tab.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { FitbenchError } from '../core/errors';
import { createCheckpointStore } from './checkpoint-store';
import type { FitbenchDB, JobMeta, JobSpec } from './db-schema';
import { createJobStore, FAILED_CHECKPOINT_RETENTION_MS, jobRecordProblem } from './job-store';
import { openDatabase } from './open-database';

async function freshDb(): Promise<FitbenchDB> {
  const opened = await openDatabase({ name: 'records-test', indexedDB: new IDBFactory() });
  if (!opened.ok) throw opened.error;
  return opened.db;
}

const spec: JobSpec = {
  kind: 'fit',
  problem: { model: 'a*exp(-x/t)', x: Float64Array.of(0, 1, 2), y: Float64Array.of(3, 2, 1), p0: { a: 3, t: 1 } },
  options: { method: 'lm' },
};

const checkpoint = (iteration: number) => ({
  iteration,
  params: { a: 3, t: 1 },
  damping: 0.01,
  bestCost: 1,
  nfev: iteration,
  history: [1],
  method: 'lm' as const,
});

describe('job records', () => {
  it('one malformed record (no summary) is quarantined and hides no other job', async () => {
    const db = await freshDb();
    const jobs = createJobStore(db);
    await jobs.createJob({ jobId: 'good-1', spec, backend: 'cpu', status: 'running' });
    await jobs.createJob({ jobId: 'good-2', spec, backend: 'cpu' });
    const { spec: _data, ...bad } = await jobs.createJob({ jobId: 'bad', spec, backend: 'cpu' });
    await db.put('jobs', { ...bad, summary: null as unknown as JobMeta['summary'] });
    const scan = await jobs.scanJobs();
    expect(scan.jobs.map((j) => j.jobId).sort()).toEqual(['good-1', 'good-2']);
    expect(scan.quarantined).toEqual([{ jobId: 'bad', reason: expect.stringMatching(/summary is missing/) }]);
    // Kept, not deleted: the user decides.
    expect(await jobs.getJob('bad')).toBeDefined();
  });

  it('a job whose data is missing (spec: null) is refused at resume', async () => {
    const db = await freshDb();
    const jobs = createJobStore(db);
    await jobs.createJob({ jobId: 'torn', spec, backend: 'cpu' });
    await db.put('job-payloads', { jobId: 'torn', spec: null as unknown as JobSpec });
    expect(jobRecordProblem(await jobs.getJob('torn'))).toMatch(/spec is missing/);
    await db.delete('job-payloads', 'torn');
    expect(jobRecordProblem(await jobs.getJob('torn'))).toMatch(/spec is missing/);
  });

  it('a record whose y was altered fails its checksum and is never resumed', async () => {
    const db = await freshDb();
    const jobs = createJobStore(db);
    const record = await jobs.createJob({ jobId: 'tampered', spec, backend: 'cpu' });
    expect(record.checksum).toMatch(/^fnv1a64:[0-9a-f]{16}$/);
    expect(jobRecordProblem(record)).toBeNull();
    const problem = { ...(record.spec as Extract<JobSpec, { kind: 'fit' }>).problem, y: Float64Array.of(3, 2, 1.5) };
    await db.put('job-payloads', { jobId: 'tampered', spec: { ...record.spec, problem } as JobSpec });
    // The metadata scan reads no data, so the check happens where the data is read: getJob before a resume.
    expect(jobRecordProblem(await jobs.getJob('tampered'))).toMatch(/checksum/);
    // Status and retries change as the job runs: they are outside the checksum.
    const other = await jobs.createJob({ jobId: 'moving', spec, backend: 'cpu' });
    await jobs.updateJob(other.jobId, { status: 'running', retries: 2 });
    expect(jobRecordProblem(await jobs.getJob('moving'))).toBeNull();
  });

  it('a failed job (timeout) keeps its checkpoints; converged and cancelled ones do not', async () => {
    const db = await freshDb();
    const jobs = createJobStore(db);
    const checkpoints = createCheckpointStore(db);
    for (const id of ['timed-out', 'done', 'stopped']) {
      await jobs.createJob({ jobId: id, spec, backend: 'cpu', status: 'running' });
      await checkpoints.writeCheckpoint(id, checkpoint(10));
      await checkpoints.writeCheckpoint(id, checkpoint(20));
    }
    await jobs.markFinished('timed-out', {
      status: 'failed',
      error: new FitbenchError('TIMEOUT', 'ran longer than 300000 ms'),
    });
    await jobs.markFinished('done', { status: 'converged' });
    await jobs.markFinished('stopped', { status: 'cancelled' });
    expect((await checkpoints.readLatestCheckpoint('timed-out'))?.iteration).toBe(20);
    expect(await checkpoints.readLatestCheckpoint('done')).toBeNull();
    expect(await checkpoints.readLatestCheckpoint('stopped')).toBeNull();
    expect((await jobs.scanJobs()).jobs.map((j) => j.jobId)).toEqual(['timed-out']);
  });

  it('deletes a failed job’s checkpoints only after the retention', async () => {
    let t = 1_000_000;
    const db = await freshDb();
    const jobs = createJobStore(db, { now: () => t });
    const checkpoints = createCheckpointStore(db);
    await jobs.createJob({ jobId: 'f', spec, backend: 'cpu', status: 'running' });
    await checkpoints.writeCheckpoint('f', checkpoint(5));
    await jobs.markFinished('f', { status: 'failed', error: new FitbenchError('TIMEOUT', 'slow') });
    t += FAILED_CHECKPOINT_RETENTION_MS - 1;
    expect(await jobs.pruneExpiredCheckpoints()).toBe(0);
    expect(await checkpoints.readLatestCheckpoint('f')).not.toBeNull();
    t += 2;
    expect(await jobs.pruneExpiredCheckpoints()).toBe(1);
    expect(await checkpoints.readLatestCheckpoint('f')).toBeNull();
    expect((await jobs.getJob('f'))?.lastError?.code).toBe('TIMEOUT');
  });

  it('leaves jobs another tab holds running when marking the rest interrupted', async () => {
    const jobs = createJobStore(await freshDb());
    await jobs.createJob({ jobId: 'mine-before-reload', spec, backend: 'cpu', status: 'running' });
    await jobs.createJob({ jobId: 'other-tab', spec, backend: 'cpu', status: 'running' });
    expect(await jobs.markRunningInterrupted(new Set(['other-tab']))).toBe(1);
    expect((await jobs.getJob('mine-before-reload'))?.status).toBe('interrupted');
    expect((await jobs.getJob('other-tab'))?.status).toBe('running');
  });
});
