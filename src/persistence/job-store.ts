/**
 * Jobs and their results. A job is created when a fit is queued, updated as it runs and
 * retries, and finished in one transaction that stores the result and deletes its
 * checkpoints, so a crash never leaves a finished job that still looks resumable.
 *
 * A job's data (its spec: up to 100,000 curves) is stored apart from its metadata, in
 * job-payloads: status updates, listing and the page-load scan touch only the small
 * metadata records, and the data is read when a job is resumed (getJob).
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
  type JobMeta,
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
import { checksumOf } from './checksum';
import { summaryOfSpec } from './job-summary';

export interface NewJob {
  /** Defaults to a random UUID. */
  jobId?: string;
  /** The problem and options; callbacks and the abort signal are dropped before storing. */
  spec: JobSpec;
  backend: BackendChoice | BackendName;
  /** Default 'queued'. */
  status?: JobStatus;
}

/** A stored job record that cannot be trusted: kept in the database, reported, never resumed. */
export interface QuarantinedJob {
  jobId: string;
  /** Why it is quarantined, for the log and the page. */
  reason: string;
}

/** Unfinished (and resumable failed) jobs that verify, and those that do not. */
export interface JobScan {
  /** Metadata only: the data of each is read by getJob when it is resumed. */
  jobs: JobMeta[];
  quarantined: QuarantinedJob[];
}

/**
 * How long a failed job keeps its checkpoints so the user can resume it (a timeout, a crash
 * that exhausted its retries): 7 days after it failed, then `pruneExpiredCheckpoints`
 * deletes them (the record and its error stay until the user discards the job).
 */
export const FAILED_CHECKPOINT_RETENTION_MS = 7 * 24 * 3600 * 1000;

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
  /**
   * The job with its data (metadata and payload read in one transaction). A record whose
   * payload is missing comes back without `spec`: jobRecordProblem reports it.
   */
  getJob(jobId: string): Promise<JobRecord | undefined>;
  /** Applies the patch and bumps updatedAt; throws INTERNAL if the job does not exist. */
  updateJob(jobId: string, patch: JobPatch): Promise<JobMeta>;
  /** Queued, running and interrupted jobs (metadata), most recently updated first (the resume offer). */
  listUnfinishedJobs(): Promise<JobMeta[]>;
  /**
   * Marks every 'running' job 'interrupted' (call on page load: no worker runs them now),
   * except those another tab is running (`except`: their Web Locks are held).
   */
  markRunningInterrupted(except?: ReadonlySet<string>): Promise<number>;
  /**
   * Sets the final status and stores the result atomically. A converged or cancelled job's
   * checkpoints and data are deleted (it can never be resumed); a failed job keeps them
   * (see FAILED_CHECKPOINT_RETENTION_MS).
   */
  markFinished(jobId: string, outcome: JobOutcome): Promise<JobMeta>;
  /**
   * Unfinished and failed jobs' metadata, validated by shape, most recently updated first:
   * one malformed record is quarantined and never hides the others. Reads no job data; the
   * checksum over the data is verified by getJob's caller before a resume.
   */
  scanJobs(): Promise<JobScan>;
  /** Deletes the checkpoints of failed jobs older than the retention; returns how many jobs. */
  pruneExpiredCheckpoints(retentionMs?: number): Promise<number>;
  getResult(jobId: string): Promise<ResultRecord | undefined>;
  /** Removes the job, its data, its result and its checkpoints. */
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
    const spec = storableSpec(job.spec);
    const meta: JobMeta = {
      jobId,
      summary: summaryOfSpec(spec),
      status,
      createdAt: t,
      updatedAt: t,
      retries: 0,
      backend: job.backend,
      checksum: jobChecksum(jobId, spec, t),
    };
    return inWriteTx(`saving job ${jobId}`, jobId, ['jobs', 'job-payloads'], async (tx) => {
      const jobs = tx.objectStore('jobs');
      if ((await jobs.getKey(jobId)) !== undefined) {
        throw new FitbenchError('OPTIONS_INVALID', `A job with id "${jobId}" already exists.`, { jobId });
      }
      await Promise.all([
        settledLater(jobs.add(meta)),
        settledLater(tx.objectStore('job-payloads').put({ jobId, spec })),
      ]);
      return { ...meta, spec };
    });
  }

  async function getJob(jobId: string): Promise<JobRecord | undefined> {
    assertJobId(jobId);
    return guarded(`reading job ${jobId}`, jobId, async () => {
      const tx = db.transaction(['jobs', 'job-payloads'], 'readonly');
      const [meta, payload] = await Promise.all([
        tx.objectStore('jobs').get(jobId),
        tx.objectStore('job-payloads').get(jobId),
      ]);
      if (meta === undefined) return undefined;
      // No payload (a torn write, a cleared store): no spec, which jobRecordProblem reports.
      return { ...meta, spec: payload?.spec } as JobRecord;
    });
  }

  async function updateJob(jobId: string, patch: JobPatch): Promise<JobMeta> {
    assertJobId(jobId);
    assertPatch(patch);
    return inWriteTx(`updating job ${jobId}`, jobId, ['jobs'], async (tx) => {
      const jobs = tx.objectStore('jobs');
      const current = await jobs.get(jobId);
      if (!current) throw notFound(jobId);
      const next: JobMeta = { ...current, updatedAt: now() };
      if (patch.status !== undefined) next.status = patch.status;
      if (patch.retries !== undefined) next.retries = patch.retries;
      if (patch.backend !== undefined) next.backend = patch.backend;
      if (patch.lastError !== undefined) next.lastError = toStoredError(patch.lastError);
      await jobs.put(next);
      return next;
    });
  }

  async function listUnfinishedJobs(): Promise<JobMeta[]> {
    return guarded('listing unfinished jobs', undefined, async () => {
      const tx = db.transaction('jobs', 'readonly');
      const index = tx.store.index('by-status');
      const groups = await Promise.all(UNFINISHED_STATUSES.map((s) => index.getAll(s)));
      return groups.flat().sort((a, b) => b.updatedAt - a.updatedAt);
    });
  }

  async function markRunningInterrupted(except: ReadonlySet<string> = new Set()): Promise<number> {
    return inWriteTx('marking running jobs interrupted', undefined, ['jobs'], async (tx) => {
      const jobs = tx.objectStore('jobs');
      const running = (await jobs.index('by-status').getAll('running')).filter(
        (job) => !(typeof job?.jobId === 'string' && except.has(job.jobId)),
      );
      const t = now();
      await Promise.all(running.map((job) => settledLater(jobs.put({ ...job, status: 'interrupted', updatedAt: t }))));
      return running.length;
    });
  }

  async function markFinished(jobId: string, outcome: JobOutcome): Promise<JobMeta> {
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
    const stores = ['jobs', 'job-payloads', 'results', 'checkpoints'] as const;
    return inWriteTx(`finishing job ${jobId}`, jobId, [...stores], async (tx) => {
      const jobs = tx.objectStore('jobs');
      const current = await jobs.get(jobId);
      if (!current) throw notFound(jobId);
      const t = now();
      const next: JobMeta = { ...current, status: outcome.status, updatedAt: t };
      if (outcome.error !== undefined) next.lastError = toStoredError(outcome.error);
      const ops: Promise<unknown>[] = [settledLater(jobs.put(next))];
      // A failed job (a timeout, retries exhausted) stays resumable from its newest checkpoint.
      if (outcome.status !== 'failed') {
        ops.push(settledLater(tx.objectStore('checkpoints').delete(checkpointRange(jobId))));
        ops.push(settledLater(tx.objectStore('job-payloads').delete(jobId)));
      }
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

  async function scanJobs(): Promise<JobScan> {
    return guarded('listing unfinished jobs', undefined, async () => {
      const tx = db.transaction('jobs', 'readonly');
      const index = tx.store.index('by-status');
      const groups = await Promise.all([...UNFINISHED_STATUSES, 'failed' as const].map((s) => index.getAll(s)));
      const scan: JobScan = { jobs: [], quarantined: [] };
      for (const record of groups.flat()) {
        const problem = jobMetaProblem(record);
        if (problem === null) scan.jobs.push(record);
        else scan.quarantined.push({ jobId: quarantineId(record), reason: problem });
      }
      scan.jobs.sort((a, b) => b.updatedAt - a.updatedAt);
      return scan;
    });
  }

  async function pruneExpiredCheckpoints(retentionMs = FAILED_CHECKPOINT_RETENTION_MS): Promise<number> {
    return inWriteTx('deleting expired checkpoints', undefined, ['jobs', 'checkpoints'], async (tx) => {
      const failed = await tx.objectStore('jobs').index('by-status').getAll('failed');
      const cutoff = now() - retentionMs;
      const expired = failed.filter((job) => typeof job?.jobId === 'string' && job.updatedAt < cutoff);
      await Promise.all(
        expired.map((job) => settledLater(tx.objectStore('checkpoints').delete(checkpointRange(job.jobId)))),
      );
      return expired.length;
    });
  }

  async function getResult(jobId: string): Promise<ResultRecord | undefined> {
    assertJobId(jobId);
    return guarded(`reading the result of job ${jobId}`, jobId, () => db.get('results', jobId));
  }

  async function deleteJob(jobId: string): Promise<void> {
    assertJobId(jobId);
    const stores = ['jobs', 'job-payloads', 'results', 'checkpoints'] as const;
    await inWriteTx(`deleting job ${jobId}`, jobId, [...stores], async (tx) => {
      await Promise.all([
        settledLater(tx.objectStore('jobs').delete(jobId)),
        settledLater(tx.objectStore('job-payloads').delete(jobId)),
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
    scanJobs,
    pruneExpiredCheckpoints,
    getResult,
    deleteJob,
  };
}

/** The checksum a job record carries (over what never changes after creation). */
export function jobChecksum(jobId: string, spec: JobSpec, createdAt: number): string {
  return checksumOf({ jobId, spec, createdAt });
}

function quarantineId(record: unknown): string {
  const id = (record as { jobId?: unknown } | null)?.jobId;
  return typeof id === 'string' ? id : '(no id)';
}

/** Why a stored job's metadata cannot be listed for a resume, or null when it is sound. */
export function jobMetaProblem(record: unknown): string | null {
  const problem = bookkeepingProblem(record);
  if (problem !== null) return problem;
  const summary = (record as { summary?: unknown }).summary as Partial<Record<string, unknown>> | null | undefined;
  if (summary === null || typeof summary !== 'object') return 'the record holds no problem (its summary is missing)';
  if (summary.kind !== 'fit' && summary.kind !== 'batch') return `unknown job kind ${JSON.stringify(summary.kind)}`;
  if (typeof summary.model !== 'string' || typeof summary.nPoints !== 'number')
    return 'the record holds no problem (its summary is malformed)';
  return null;
}

function bookkeepingProblem(record: unknown): string | null {
  if (record === null || typeof record !== 'object') return 'the record is not an object';
  const r = record as Partial<Record<keyof JobRecord, unknown>>;
  if (typeof r.jobId !== 'string' || r.jobId === '') return 'the record has no job id';
  if (!JOB_STATUSES.includes(r.status as JobStatus)) return `unknown status ${JSON.stringify(r.status)}`;
  if (typeof r.updatedAt !== 'number' || typeof r.createdAt !== 'number') return 'the record has no timestamps';
  if (typeof r.retries !== 'number' || !(r.retries >= 0)) return 'the record has no retry count';
  return null;
}

/** Why a stored job (metadata with its data, from getJob) cannot be resumed, or null when it verifies. */
export function jobRecordProblem(record: unknown): string | null {
  const bookkeeping = bookkeepingProblem(record);
  if (bookkeeping !== null) return bookkeeping;
  const r = record as Partial<Record<keyof JobRecord, unknown>> & { jobId: string; createdAt: number };
  const spec = r.spec as { kind?: unknown; problem?: unknown; batch?: unknown; options?: unknown } | null | undefined;
  if (spec === null || typeof spec !== 'object') return 'the record holds no problem (spec is missing)';
  if (spec.kind === 'fit') {
    const problem = spec.problem as { model?: unknown; x?: unknown; y?: unknown } | null;
    if (problem === null || typeof problem !== 'object') return 'the record holds no problem';
    if (typeof problem.model !== 'string') return 'the stored problem has no model';
    if (problem.y === null || typeof problem.y !== 'object') return 'the stored problem has no y data';
    if (problem.x === null || typeof problem.x !== 'object') return 'the stored problem has no x data';
  } else if (spec.kind === 'batch') {
    const batch = spec.batch as { model?: unknown; y?: unknown } | null;
    if (batch === null || typeof batch !== 'object' || typeof batch.model !== 'string' || !Array.isArray(batch.y))
      return 'the stored batch is malformed';
  } else return `unknown job kind ${JSON.stringify(spec.kind)}`;
  if (spec.options !== undefined && (spec.options === null || typeof spec.options !== 'object'))
    return 'the stored options are not an object';
  if (r.checksum !== undefined) {
    let actual: string;
    try {
      actual = jobChecksum(r.jobId, spec as JobSpec, r.createdAt);
    } catch {
      return 'the record cannot be checksummed';
    }
    if (actual !== r.checksum) return 'its checksum does not match: the stored problem was altered or torn';
  }
  return null;
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
