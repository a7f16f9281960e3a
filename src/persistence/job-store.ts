/**
 * Jobs and their results. A job is created when a fit is queued, updated as it runs and
 * retries, and finished in one transaction that stores the result and deletes its
 * checkpoints, so a crash never leaves a finished job that still looks resumable.
 */
import type { IDBPTransaction, StoreNames } from 'idb';
import type { BackendChoice, BackendName, BatchResult, FitResult } from '../core/api-types';
import { FitbenchError } from '../core/errors';
import {
  JOB_STATUSES,
  UNFINISHED_STATUSES,
  type FinishedStatus,
  type FitbenchDB,
  type FitbenchSchema,
  type JobRecord,
  type JobSpec,
  type JobStatus,
  type ResultRecord,
  type StoredError,
} from './db-schema';
import { checkpointRange } from './key-ranges';
import { assertJobId } from './checkpoint-validation';
import { randomId } from './ids';
import { storableOptions } from './storable-options';
import { abortQuietly, settledLater, toStorageError } from './storage-errors';

export interface NewJob {
  /** Defaults to a random UUID. */
  jobId?: string;
  /** The problem and options; callbacks and the abort signal are dropped before storing. */
  spec: JobSpec;
  backend: BackendChoice | BackendName;
  /** Default 'queued'. */
  status?: JobStatus;
}

/** Fields a running job may change. */
export interface JobPatch {
  status?: JobStatus;
  retries?: number;
  backend?: BackendChoice | BackendName;
  lastError?: StoredError | FitbenchError;
}

export type JobOutcome =
  | { status: FinishedStatus; kind: 'fit'; result: FitResult; error?: StoredError | FitbenchError }
  | { status: FinishedStatus; kind: 'batch'; result: BatchResult; error?: StoredError | FitbenchError }
  /** A job that ends without a result (failed on bad input, cancelled before iteration 0). */
  | { status: FinishedStatus; kind?: undefined; result?: undefined; error?: StoredError | FitbenchError };

export interface JobStore {
  createJob(job: NewJob): Promise<JobRecord>;
  getJob(jobId: string): Promise<JobRecord | undefined>;
  /** Applies the patch and bumps updatedAt; throws INTERNAL if the job does not exist. */
  updateJob(jobId: string, patch: JobPatch): Promise<JobRecord>;
  /** Queued, running and interrupted jobs, most recently updated first (the resume offer). */
  listUnfinishedJobs(): Promise<JobRecord[]>;
  /** Marks every 'running' job 'interrupted' (call on page load: no worker runs them now). */
  markRunningInterrupted(): Promise<number>;
  /** Sets the final status, stores the result and deletes the checkpoints, atomically. */
  markFinished(jobId: string, outcome: JobOutcome): Promise<JobRecord>;
  getResult(jobId: string): Promise<ResultRecord | undefined>;
  /** Removes the job, its result and its checkpoints. */
  deleteJob(jobId: string): Promise<void>;
}

export interface JobStoreOptions {
  now?: () => number;
}

const FINISHED: readonly JobStatus[] = ['converged', 'failed', 'cancelled'];

/** Creates the job store over an open database. Storage faults throw STORAGE_* FitbenchErrors. */
export function createJobStore(db: FitbenchDB, options: JobStoreOptions = {}): JobStore {
  const now = options.now ?? Date.now;

  async function guarded<T>(doing: string, jobId: string | undefined, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      throw toStorageError(e, doing, jobId === undefined ? {} : { jobId });
    }
  }

  /** Runs `run` in one strict read-write transaction; any failure aborts all of it. */
  async function inWriteTx<T, Names extends StoreNames<FitbenchSchema>[]>(
    doing: string,
    jobId: string | undefined,
    stores: Names,
    run: (tx: IDBPTransaction<FitbenchSchema, Names, 'readwrite'>) => Promise<T>,
  ): Promise<T> {
    let tx: IDBPTransaction<FitbenchSchema, Names, 'readwrite'> | undefined;
    try {
      tx = db.transaction(stores, 'readwrite', { durability: 'strict' });
      // Observed below; this keeps an abort from also surfacing as an unhandled rejection.
      tx.done.catch(() => undefined);
      const value = await run(tx);
      await tx.done;
      return value;
    } catch (e) {
      abortQuietly(tx);
      throw toStorageError(e, doing, jobId === undefined ? {} : { jobId });
    }
  }

  async function createJob(job: NewJob): Promise<JobRecord> {
    const jobId = job.jobId ?? newJobId();
    assertJobId(jobId);
    assertSpec(job.spec);
    const status = job.status ?? 'queued';
    assertStatus(status);
    const t = now();
    const record: JobRecord = {
      jobId,
      spec: storableSpec(job.spec),
      status,
      createdAt: t,
      updatedAt: t,
      retries: 0,
      backend: job.backend,
    };
    return inWriteTx(`saving job ${jobId}`, jobId, ['jobs'], async (tx) => {
      const jobs = tx.objectStore('jobs');
      if ((await jobs.getKey(jobId)) !== undefined) {
        throw new FitbenchError('OPTIONS_INVALID', `A job with id "${jobId}" already exists.`, { jobId });
      }
      await jobs.add(record);
      return record;
    });
  }

  async function getJob(jobId: string): Promise<JobRecord | undefined> {
    assertJobId(jobId);
    return guarded(`reading job ${jobId}`, jobId, () => db.get('jobs', jobId));
  }

  async function updateJob(jobId: string, patch: JobPatch): Promise<JobRecord> {
    assertJobId(jobId);
    assertPatch(patch);
    return inWriteTx(`updating job ${jobId}`, jobId, ['jobs'], async (tx) => {
      const jobs = tx.objectStore('jobs');
      const current = await jobs.get(jobId);
      if (!current) throw notFound(jobId);
      const next: JobRecord = { ...current, updatedAt: now() };
      if (patch.status !== undefined) next.status = patch.status;
      if (patch.retries !== undefined) next.retries = patch.retries;
      if (patch.backend !== undefined) next.backend = patch.backend;
      if (patch.lastError !== undefined) next.lastError = toStoredError(patch.lastError);
      await jobs.put(next);
      return next;
    });
  }

  async function listUnfinishedJobs(): Promise<JobRecord[]> {
    return guarded('listing unfinished jobs', undefined, async () => {
      const tx = db.transaction('jobs', 'readonly');
      const index = tx.store.index('by-status');
      const groups = await Promise.all(UNFINISHED_STATUSES.map((s) => index.getAll(s)));
      return groups.flat().sort((a, b) => b.updatedAt - a.updatedAt);
    });
  }

  async function markRunningInterrupted(): Promise<number> {
    return inWriteTx('marking running jobs interrupted', undefined, ['jobs'], async (tx) => {
      const jobs = tx.objectStore('jobs');
      const running = await jobs.index('by-status').getAll('running');
      const t = now();
      await Promise.all(running.map((job) => settledLater(jobs.put({ ...job, status: 'interrupted', updatedAt: t }))));
      return running.length;
    });
  }

  async function markFinished(jobId: string, outcome: JobOutcome): Promise<JobRecord> {
    assertJobId(jobId);
    if (!outcome || !FINISHED.includes(outcome.status)) {
      throw new FitbenchError(
        'OPTIONS_INVALID',
        `A finished job's status must be converged, failed or cancelled; got ${JSON.stringify(outcome?.status)}.`,
        { jobId },
      );
    }
    if (outcome.result !== undefined && outcome.kind !== 'fit' && outcome.kind !== 'batch') {
      throw new FitbenchError('OPTIONS_INVALID', 'A stored result needs kind "fit" or "batch".', { jobId });
    }
    return inWriteTx(`finishing job ${jobId}`, jobId, ['jobs', 'results', 'checkpoints'], async (tx) => {
      const jobs = tx.objectStore('jobs');
      const current = await jobs.get(jobId);
      if (!current) throw notFound(jobId);
      const t = now();
      const next: JobRecord = { ...current, status: outcome.status, updatedAt: t };
      if (outcome.error !== undefined) next.lastError = toStoredError(outcome.error);
      const ops: Promise<unknown>[] = [
        settledLater(jobs.put(next)),
        settledLater(tx.objectStore('checkpoints').delete(checkpointRange(jobId))),
      ];
      if (outcome.kind === 'fit') {
        ops.push(
          settledLater(tx.objectStore('results').put({ jobId, kind: 'fit', result: outcome.result, storedAt: t })),
        );
      } else if (outcome.kind === 'batch') {
        ops.push(
          settledLater(tx.objectStore('results').put({ jobId, kind: 'batch', result: outcome.result, storedAt: t })),
        );
      }
      await Promise.all(ops);
      return next;
    });
  }

  async function getResult(jobId: string): Promise<ResultRecord | undefined> {
    assertJobId(jobId);
    return guarded(`reading the result of job ${jobId}`, jobId, () => db.get('results', jobId));
  }

  async function deleteJob(jobId: string): Promise<void> {
    assertJobId(jobId);
    await inWriteTx(`deleting job ${jobId}`, jobId, ['jobs', 'results', 'checkpoints'], async (tx) => {
      await Promise.all([
        settledLater(tx.objectStore('jobs').delete(jobId)),
        settledLater(tx.objectStore('results').delete(jobId)),
        settledLater(tx.objectStore('checkpoints').delete(checkpointRange(jobId))),
      ]);
    });
  }

  return {
    createJob,
    getJob,
    updateJob,
    listUnfinishedJobs,
    markRunningInterrupted,
    markFinished,
    getResult,
    deleteJob,
  };
}

/** A random job id (UUID where the platform has one). */
export function newJobId(): string {
  return randomId('job');
}

function storableSpec(spec: JobSpec): JobSpec {
  const options = storableOptions((spec.options ?? {}) as Record<string, unknown>);
  return spec.kind === 'fit'
    ? { kind: 'fit', problem: spec.problem, options }
    : { kind: 'batch', batch: spec.batch, options };
}

function assertSpec(spec: JobSpec): void {
  if (!spec || typeof spec !== 'object') {
    throw new FitbenchError(
      'OPTIONS_INVALID',
      'A job needs a spec: { kind: "fit", problem, options } or { kind: "batch", batch, options }.',
    );
  }
  if (spec.kind === 'fit' && spec.problem && typeof spec.problem === 'object') return;
  if (spec.kind === 'batch' && spec.batch && typeof spec.batch === 'object') return;
  throw new FitbenchError(
    'OPTIONS_INVALID',
    `A job spec must be { kind: "fit", problem } or { kind: "batch", batch }; got kind ${JSON.stringify((spec as { kind?: unknown }).kind)}.`,
  );
}

function assertStatus(status: unknown): asserts status is JobStatus {
  if (!JOB_STATUSES.includes(status as JobStatus)) {
    throw new FitbenchError(
      'OPTIONS_INVALID',
      `Unknown job status ${JSON.stringify(status)}; expected one of ${JOB_STATUSES.join(', ')}.`,
    );
  }
}

function assertPatch(patch: JobPatch): void {
  if (!patch || typeof patch !== 'object')
    throw new FitbenchError('OPTIONS_INVALID', 'A job update must be an object.');
  if (patch.status !== undefined) assertStatus(patch.status);
  if (patch.retries !== undefined && (!Number.isInteger(patch.retries) || patch.retries < 0)) {
    throw new FitbenchError('OPTIONS_INVALID', `Job retries must be an integer ≥ 0; got ${String(patch.retries)}.`);
  }
}

function toStoredError(e: StoredError | FitbenchError): StoredError {
  return { code: e.code, message: e.message, context: { ...e.context } };
}

function notFound(jobId: string): FitbenchError {
  // No dedicated code exists in errors.ts; INTERNAL because callers only update jobs they created.
  return new FitbenchError('INTERNAL', `No saved job with id "${jobId}".`, { jobId });
}
