import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { FitProblem, FitResult } from '../core/api-types';
import { FitbenchError } from '../core/errors';
import { createCheckpointStore } from './checkpoint-store';
import type { FitbenchDB, JobSpec } from './db-schema';
import { createJobStore } from './job-store';
import { openDatabase } from './open-database';

async function freshDb(): Promise<FitbenchDB> {
  const opened = await openDatabase({ name: 'jobs-test', indexedDB: new IDBFactory() });
  if (!opened.ok) throw opened.error;
  return opened.db;
}

function clock(start = 1000) {
  let t = start;
  return () => (t += 10);
}

const spec: JobSpec = {
  kind: 'fit',
  problem: { model: 'a*exp(-x/t)', x: Float64Array.of(0, 1, 2), y: Float64Array.of(3, 2, 1), p0: { a: 3, t: 1 } },
  options: { method: 'lm', maxIterations: 50 },
};

const checkpoint = (iteration: number) => ({
  iteration,
  params: { a: 3, t: 1 },
  lambda: 0.01,
  bestCost: 1,
  nfev: iteration,
  history: [1],
  method: 'lm' as const,
});

function fakeResult(): FitResult {
  return {
    params: { a: 3, t: 1.1 },
    stdErrors: { a: 0.1, t: 0.01 },
    confidenceIntervals: { a: [2.8, 3.2], t: [1.08, 1.12] },
    covariance: [
      [0.01, 0],
      [0, 1e-4],
    ],
    correlation: [
      [1, 0],
      [0, 1],
    ],
    paramNames: ['a', 't'],
    cost: 0.1,
    chiSquare: 0.2,
    reducedChiSquare: 0.2,
    rSquared: 0.99,
    aic: 1,
    bic: 2,
    dof: 1,
    nPoints: 3,
    iterations: 7,
    nfev: 9,
    njev: 8,
    converged: true,
    status: 'ftol',
    message: 'converged',
    backend: 'cpu',
    method: 'lm',
    loss: 'linear',
    diagnostics: [],
    elapsedMs: 1.5,
    expression: 'a*exp(-x/t)',
  };
}

describe('job store', () => {
  it('creates, reads and updates a job with typed arrays and no callbacks', async () => {
    const jobs = createJobStore(await freshDb(), { now: clock() });
    const withCallback: JobSpec = {
      ...spec,
      options: {
        ...spec.options,
        onIteration: () => undefined,
        signal: new AbortController().signal,
      } as JobSpec['options'],
    };
    const created = await jobs.createJob({ jobId: 'j1', spec: withCallback, backend: 'auto' });
    expect(created).toMatchObject({ jobId: 'j1', status: 'queued', retries: 0, createdAt: 1010, updatedAt: 1010 });
    const read = await jobs.getJob('j1');
    expect(read!.spec.options).toEqual({ method: 'lm', maxIterations: 50 });
    const problem = read!.spec.kind === 'fit' ? (read!.spec.problem as FitProblem) : null;
    expect(problem!.x).toBeInstanceOf(Float64Array);
    expect(Array.from(problem!.y)).toEqual([3, 2, 1]);

    const updated = await jobs.updateJob('j1', {
      status: 'running',
      retries: 1,
      backend: 'webgpu',
      lastError: new FitbenchError('WORKER_CRASH', 'worker died', { iteration: 12 }),
    });
    expect(updated).toMatchObject({
      status: 'running',
      retries: 1,
      backend: 'webgpu',
      updatedAt: 1020,
      createdAt: 1010,
    });
    expect((await jobs.getJob('j1'))!.lastError).toEqual({
      code: 'WORKER_CRASH',
      message: 'worker died',
      context: { iteration: 12 },
    });
  });

  it('generates ids and refuses duplicates', async () => {
    const jobs = createJobStore(await freshDb());
    const a = await jobs.createJob({ spec, backend: 'cpu' });
    expect(a.jobId.length).toBeGreaterThan(8);
    await expect(jobs.createJob({ jobId: a.jobId, spec, backend: 'cpu' })).rejects.toThrow(/already exists/);
  });

  it('lists unfinished jobs, most recently updated first', async () => {
    const jobs = createJobStore(await freshDb(), { now: clock() });
    for (const id of ['q', 'r', 'i', 'c', 'f', 'x']) await jobs.createJob({ jobId: id, spec, backend: 'cpu' });
    await jobs.updateJob('r', { status: 'running' });
    await jobs.updateJob('i', { status: 'interrupted' });
    await jobs.markFinished('c', { status: 'converged' });
    await jobs.markFinished('f', { status: 'failed' });
    await jobs.markFinished('x', { status: 'cancelled' });
    expect((await jobs.listUnfinishedJobs()).map((j) => j.jobId)).toEqual(['i', 'r', 'q']);
  });

  it('marks jobs left running by a previous page interrupted', async () => {
    const jobs = createJobStore(await freshDb());
    await jobs.createJob({ jobId: 'a', spec, backend: 'cpu', status: 'running' });
    await jobs.createJob({ jobId: 'b', spec, backend: 'cpu' });
    expect(await jobs.markRunningInterrupted()).toBe(1);
    expect((await jobs.getJob('a'))!.status).toBe('interrupted');
    expect((await jobs.getJob('b'))!.status).toBe('queued');
  });

  it("finishing stores the result and deletes that job's checkpoints together", async () => {
    const db = await freshDb();
    const jobs = createJobStore(db);
    const checkpoints = createCheckpointStore(db);
    await jobs.createJob({ jobId: 'done', spec, backend: 'cpu', status: 'running' });
    await checkpoints.writeCheckpoint('done', checkpoint(10));
    await checkpoints.writeCheckpoint('done', checkpoint(20));
    await checkpoints.writeCheckpoint('other', checkpoint(5));
    const finished = await jobs.markFinished('done', { status: 'converged', kind: 'fit', result: fakeResult() });
    expect(finished.status).toBe('converged');
    expect(await checkpoints.readLatestCheckpoint('done')).toBeNull();
    expect(await checkpoints.readLatestCheckpoint('other')).not.toBeNull();
    const stored = await jobs.getResult('done');
    expect(stored).toMatchObject({ jobId: 'done', kind: 'fit' });
    expect(stored!.kind === 'fit' && stored!.result.params).toEqual({ a: 3, t: 1.1 });
  });

  it('stores batch results with their typed arrays', async () => {
    const jobs = createJobStore(await freshDb());
    await jobs.createJob({ jobId: 'b', spec, backend: 'webgpu' });
    await jobs.markFinished('b', {
      status: 'converged',
      kind: 'batch',
      result: {
        paramNames: ['a'],
        params: Float64Array.of(1, 2),
        stdErrors: Float64Array.of(0.1, 0.2),
        cost: Float64Array.of(0, 0),
        converged: Uint8Array.of(1, 1),
        iterations: Uint32Array.of(3, 4),
        backend: 'webgpu',
        elapsedMs: 2,
      },
    });
    const stored = await jobs.getResult('b');
    expect(stored!.kind).toBe('batch');
    if (stored!.kind !== 'batch') return;
    expect(stored!.result.params).toBeInstanceOf(Float64Array);
    expect(stored!.result.converged).toBeInstanceOf(Uint8Array);
    expect(Array.from(stored!.result.iterations)).toEqual([3, 4]);
  });

  it('rolls back a finish whose result cannot be stored', async () => {
    const db = await freshDb();
    const jobs = createJobStore(db);
    const checkpoints = createCheckpointStore(db);
    await jobs.createJob({ jobId: 'j', spec, backend: 'cpu', status: 'running' });
    await checkpoints.writeCheckpoint('j', checkpoint(3));
    const bad = { ...fakeResult(), message: (() => 'no') as unknown as string };
    await expect(jobs.markFinished('j', { status: 'converged', kind: 'fit', result: bad })).rejects.toBeInstanceOf(
      FitbenchError,
    );
    expect((await jobs.getJob('j'))!.status).toBe('running');
    expect(await checkpoints.readLatestCheckpoint('j')).not.toBeNull();
    expect(await jobs.getResult('j')).toBeUndefined();
  });

  it('deleteJob removes job, result and checkpoints', async () => {
    const db = await freshDb();
    const jobs = createJobStore(db);
    const checkpoints = createCheckpointStore(db);
    await jobs.createJob({ jobId: 'j', spec, backend: 'cpu' });
    await checkpoints.writeCheckpoint('j', checkpoint(1));
    await jobs.deleteJob('j');
    expect(await jobs.getJob('j')).toBeUndefined();
    expect(await checkpoints.readLatestCheckpoint('j')).toBeNull();
  });

  it('rejects bad input with clear errors', async () => {
    const jobs = createJobStore(await freshDb());
    await jobs.createJob({ jobId: 'j', spec, backend: 'cpu' });
    await expect(jobs.updateJob('missing', { status: 'running' })).rejects.toThrow(/No saved job with id "missing"/);
    await expect(jobs.updateJob('j', { status: 'done' as 'converged' })).rejects.toThrow(/Unknown job status "done"/);
    await expect(jobs.updateJob('j', { retries: -1 })).rejects.toThrow(/retries must be an integer/);
    await expect(jobs.markFinished('j', { status: 'running' as 'failed' })).rejects.toThrow(
      /must be converged, failed or cancelled/,
    );
    await expect(jobs.createJob({ spec: { kind: 'nope' } as unknown as JobSpec, backend: 'cpu' })).rejects.toThrow(
      /job spec must be/,
    );
    await expect(jobs.getJob('')).rejects.toMatchObject({ code: 'OPTIONS_INVALID' });
  });
});
