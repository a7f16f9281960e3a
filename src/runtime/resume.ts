/**
 * Resume after a reload (or a browser crash): jobs the last page left unfinished are
 * offered (`resume-button`), and resuming one continues from its newest checkpoint's
 * iteration under the same job id, so its checkpoints, retries and log stay together.
 *
 * Jobs belong to one tab (see job-locks.ts): a job another open tab is running is listed as
 * running elsewhere, and can be neither resumed nor discarded here. A failed job that kept
 * its checkpoint (a timeout, retries exhausted) is offered too. A stored record that does
 * not verify is listed as quarantined with its id and the reason, and never hides the others.
 */
import type { BackendChoice } from '../core/api-types';
import { FitbenchError } from '../core/errors';
import { jobRecordProblem, type JobRecord } from '../persistence';
import type { FitService, JobTicket } from './fit-service';
import { NO_JOB_LOCKS, type JobLocks } from './job-locks';
import type { ServiceStorage } from './service-storage';
import type { BatchResult, FitResult } from '../core/api-types';

export interface ResumeOffer {
  jobId: string;
  kind: 'fit' | 'batch';
  /**
   * 'interrupted': was running when the last page went away; 'queued': never started;
   * 'failed': failed (a timeout, retries exhausted) and kept its checkpoint;
   * 'running-elsewhere': another open tab is running it; 'quarantined': its record does not verify.
   */
  status: 'queued' | 'running' | 'interrupted' | 'failed' | 'running-elsewhere' | 'quarantined';
  model: string;
  nPoints: number;
  backend: JobRecord['backend'];
  /** Epoch ms of the last change. */
  updatedAt: number;
  retries: number;
  /** Iteration of the newest valid checkpoint (null: none; the fit restarts from p0). */
  checkpointIteration: number | null;
  /** This tab may resume it. */
  resumable: boolean;
  /** This tab may discard it (false while another tab runs it). */
  discardable: boolean;
  /** What the user should know: a skipped corrupt checkpoint, why a record is quarantined, the last error. */
  notes: string[];
}

/** Codes of failures worth resuming from a checkpoint (the fault was the run's, not the input's). */
const RESUMABLE_FAILURES = new Set(['TIMEOUT', 'WORKER_CRASH', 'OUT_OF_MEMORY', 'GPU_DEVICE_LOST', 'INJECTED_FAULT']);

/**
 * Unfinished jobs from storage, newest first, minus those this page is running. Jobs the
 * previous page left 'running' are marked 'interrupted' first, unless another tab holds them.
 */
export async function listResumeOffers(
  storage: ServiceStorage,
  service: FitService,
  locks: JobLocks = NO_JOB_LOCKS,
): Promise<ResumeOffer[]> {
  if (!storage.available) return [];
  const mine = (jobId: string): boolean => {
    const live = service.job(jobId);
    return live !== undefined && !['converged', 'not-converged', 'failed', 'cancelled'].includes(live.status);
  };
  const held = await locks.held().catch(() => new Set<string>());
  const elsewhere = new Set([...held].filter((id) => !mine(id)));
  const scan = await storage.scanJobs(elsewhere);
  const offers: ResumeOffer[] = [];
  for (const r of scan.jobs) {
    if (mine(r.jobId)) continue;
    const notes: string[] = [];
    let checkpointIteration: number | null = null;
    if (r.summary.kind === 'fit') {
      try {
        const checkpoint = await storage.latestCheckpoint(r.jobId, (reason) =>
          notes.push(`A corrupt checkpoint was skipped (${reason}).`),
        );
        checkpointIteration = checkpoint?.iteration ?? null;
      } catch {
        checkpointIteration = null;
      }
    }
    if (r.status === 'failed') {
      // Only a run fault with a checkpoint left is worth offering; bad input would fail again.
      if (checkpointIteration === null || !RESUMABLE_FAILURES.has(r.lastError?.code ?? '')) continue;
      notes.push(`It failed: ${r.lastError?.message ?? 'unknown error'}`);
    }
    const running = elsewhere.has(r.jobId);
    offers.push({
      jobId: r.jobId,
      kind: r.summary.kind,
      status: running ? 'running-elsewhere' : (r.status as ResumeOffer['status']),
      model: r.summary.model,
      nPoints: r.summary.nPoints,
      backend: r.backend,
      updatedAt: r.updatedAt,
      retries: r.retries,
      checkpointIteration,
      resumable: !running,
      discardable: !running,
      notes,
    });
  }
  for (const q of scan.quarantined) {
    offers.push({
      jobId: q.jobId,
      kind: 'fit',
      status: 'quarantined',
      model: '?',
      nPoints: 0,
      backend: 'auto',
      updatedAt: 0,
      retries: 0,
      checkpointIteration: null,
      resumable: false,
      discardable: q.jobId !== '(no id)' && !elsewhere.has(q.jobId),
      notes: [`Its saved record cannot be trusted: ${q.reason}. It is kept, not resumed.`],
    });
  }
  return offers;
}

async function holdOrRefuse(locks: JobLocks, jobId: string, doing: string): Promise<() => void> {
  const release = await locks.tryHold(jobId);
  if (!release)
    throw new FitbenchError('OPTIONS_INVALID', `Job ${jobId} is running in another tab; it cannot be ${doing} here.`, {
      jobId,
    });
  return release;
}

/** Resumes a stored job: a fit from its newest checkpoint, a batch from the start. */
export async function resumeJob(
  storage: ServiceStorage,
  service: FitService,
  jobId: string,
  locks: JobLocks = NO_JOB_LOCKS,
): Promise<JobTicket<FitResult | BatchResult>> {
  // The lock first: two tabs pressing Resume at once get one run, not two.
  const release = await holdOrRefuse(locks, jobId, 'resumed');
  try {
    const record = await storage.getJob(jobId);
    if (!record) throw new FitbenchError('OPTIONS_INVALID', `There is no saved job ${jobId} to resume.`, { jobId });
    const problem = jobRecordProblem(record);
    if (problem !== null)
      throw new FitbenchError('CHECKPOINT_CORRUPT', `Job ${jobId} cannot be resumed: ${problem}.`, { jobId });
    if (!['queued', 'running', 'interrupted', 'failed'].includes(record.status)) {
      throw new FitbenchError(
        'OPTIONS_INVALID',
        `Job ${jobId} is ${record.status}; only unfinished jobs can be resumed.`,
        { jobId },
      );
    }
    const backend = (record.spec.options.backend ?? 'auto') as BackendChoice;
    if (record.spec.kind === 'batch') {
      return service.submitBatch(
        record.spec.batch,
        { ...record.spec.options, backend },
        { jobId, persisted: true, retries: record.retries, heldLock: release },
      );
    }
    const notes: string[] = [];
    const checkpoint = await storage
      .latestCheckpoint(jobId, (reason) => notes.push(`A corrupt checkpoint was skipped (${reason}).`))
      .catch(() => null);
    if (record.status === 'failed' && !checkpoint)
      throw new FitbenchError('OPTIONS_INVALID', `Job ${jobId} failed and kept no checkpoint to resume from.`, {
        jobId,
      });
    return service.submit(
      record.spec.problem,
      { ...record.spec.options, backend },
      {
        jobId,
        persisted: true,
        // A failed job resumed by hand gets its retries back; an interrupted one keeps counting.
        retries: record.status === 'failed' ? 0 : record.retries,
        resumeFrom: checkpoint ?? undefined,
        heldLock: release,
        diagnostics: notes,
      },
    );
  } catch (e) {
    release();
    throw e;
  }
}

/** Forgets a stored job (the user declined the offer): its record, result and checkpoints. */
export async function discardJob(
  storage: ServiceStorage,
  jobId: string,
  locks: JobLocks = NO_JOB_LOCKS,
): Promise<void> {
  const release = await holdOrRefuse(locks, jobId, 'discarded');
  try {
    await storage.deleteJob(jobId);
  } finally {
    release();
    locks.announce(jobId);
  }
}
