/**
 * The worker's storage: src/persistence over the worker's own IndexedDB connection (opened
 * once per worker, shared by its runs). Checkpoints, and the job record with its data and
 * result, are written here so their structured clone (megabytes for a large fit) costs the
 * worker, never the page. A store that cannot be opened or is full turns into a sink whose
 * writes fail with the reason, so the run controller turns checkpoints off and says why.
 */
import { FitbenchError } from '../core/errors';
import type { BatchResult, FitResult } from '../core/api-types';
import {
  createCheckpointStore,
  createJobStore,
  openDatabase,
  type JobSpec,
  type OpenDatabaseResult,
} from '../persistence';
import type { JobRecorder } from './run-controller';
import type { RunRequest } from './worker-api';
import type { CheckpointSink, CheckpointSnapshot } from './checkpoint-tracker';

let opening: Promise<OpenDatabaseResult> | null = null;

export interface WorkerSinkOptions {
  keep: number;
  /** Chaos `quotaExceeded`: every write fails as a full disk would. */
  quotaExceeded: boolean;
}

async function database(): Promise<OpenDatabaseResult> {
  opening ??= openDatabase();
  const opened = await opening;
  // Retry the open on the next run: the failure may have been a blocked upgrade.
  if (!opened.ok) opening = null;
  return opened;
}

/** A checkpoint sink for one run. */
export async function openCheckpointSink(options: WorkerSinkOptions): Promise<CheckpointSink> {
  const opened = await database();
  if (!opened.ok) {
    const error = opened.error;
    return { write: async () => Promise.reject(error) };
  }
  const store = createCheckpointStore(opened.db, { keep: options.keep, simulateQuotaExceeded: options.quotaExceeded });
  return {
    async write(jobId, s) {
      const r = await store.writeCheckpoint(jobId, {
        iteration: s.iteration,
        params: s.params,
        bestCost: s.bestCost,
        nfev: s.nfev,
        history: s.history,
        historyStart: s.historyStart,
        method: s.method,
        createdAt: s.createdAt,
        cost: s.cost,
        ...solverNumbersOf(s),
      });
      if (!r.written) throw r.error ?? new FitbenchError('STORAGE_UNAVAILABLE', r.reason);
    },
  };
}

/** The minimizer's trust-region state, which an exact resume needs (see ResumeState); non-finite parts are left out. */
function solverNumbersOf(
  s: CheckpointSnapshot,
): Pick<CheckpointSnapshot, 'njev' | 'radius' | 'lambda' | 'alpha' | 'scale'> {
  const out: Pick<CheckpointSnapshot, 'njev' | 'radius' | 'lambda' | 'alpha' | 'scale'> = {};
  if (s.njev !== undefined) out.njev = s.njev;
  for (const field of ['radius', 'lambda', 'alpha'] as const) {
    const v = s[field];
    if (v !== undefined && Number.isFinite(v)) out[field] = v;
  }
  if (s.scale !== undefined && s.scale.every(Number.isFinite)) out.scale = s.scale;
  return out;
}

/** The job record's writer: created before the run, finished with the result after it. */
export const workerJobRecorder: JobRecorder = {
  async create(request: RunRequest) {
    const opened = await database();
    if (!opened.ok) throw opened.error;
    const spec: JobSpec =
      request.kind === 'fit'
        ? { kind: 'fit', problem: request.problem, options: request.options }
        : { kind: 'batch', batch: request.batch, options: request.options };
    await createJobStore(opened.db).createJob({
      jobId: request.jobId,
      spec,
      backend: request.persist?.backend ?? request.backend,
      status: 'running',
    });
  },
  async finish(request: RunRequest, result: FitResult | BatchResult) {
    const opened = await database();
    if (!opened.ok) throw opened.error;
    const jobs = createJobStore(opened.db);
    if (request.kind === 'fit')
      await jobs.markFinished(request.jobId, { status: 'converged', kind: 'fit', result: result as FitResult });
    else await jobs.markFinished(request.jobId, { status: 'converged', kind: 'batch', result: result as BatchResult });
  },
};
