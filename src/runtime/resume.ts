/**
 * Resume after a reload (or a browser crash): jobs the last page left unfinished are
 * offered (`resume-button`), and resuming one continues from its newest checkpoint's
 * iteration under the same job id, so its checkpoints, retries and log stay together.
 */
import type { BackendChoice } from '../core/api-types';
import { FitbenchError } from '../core/errors';
import type { JobRecord } from '../persistence';
import type { FitService, JobTicket } from './fit-service';
import { modelOf, pointsOf } from './job-payload';
import type { ServiceStorage } from './service-storage';
import type { BatchResult, FitResult } from '../core/api-types';

export interface ResumeOffer {
  jobId: string;
  kind: 'fit' | 'batch';
  /** 'interrupted': was running when the last page went away; 'queued': never started. */
  status: 'queued' | 'running' | 'interrupted';
  model: string;
  nPoints: number;
  backend: JobRecord['backend'];
  /** Epoch ms of the last change. */
  updatedAt: number;
  retries: number;
  /** Iteration of the newest valid checkpoint (null: none; the fit restarts from p0). */
  checkpointIteration: number | null;
}

/**
 * Unfinished jobs from storage, newest first, minus those this page is running. Jobs the
 * previous page left 'running' are marked 'interrupted' first (no worker runs them now).
 */
export async function listResumeOffers(storage: ServiceStorage, service: FitService): Promise<ResumeOffer[]> {
  if (!storage.available) return [];
  const records = await storage.unfinishedJobs();
  const offers: ResumeOffer[] = [];
  for (const r of records) {
    const live = service.job(r.jobId);
    if (live && !['converged', 'not-converged', 'failed', 'cancelled'].includes(live.status)) continue;
    let checkpointIteration: number | null = null;
    if (r.spec.kind === 'fit') {
      try {
        checkpointIteration = (await storage.latestCheckpoint(r.jobId))?.iteration ?? null;
      } catch {
        checkpointIteration = null;
      }
    }
    offers.push({
      jobId: r.jobId,
      kind: r.spec.kind,
      status: r.status as ResumeOffer['status'],
      model: modelOf(r.spec),
      nPoints: pointsOf(r.spec),
      backend: r.backend,
      updatedAt: r.updatedAt,
      retries: r.retries,
      checkpointIteration,
    });
  }
  return offers;
}

/** Resumes a stored job: a fit from its newest checkpoint, a batch from the start. */
export async function resumeJob(
  storage: ServiceStorage,
  service: FitService,
  jobId: string,
): Promise<JobTicket<FitResult | BatchResult>> {
  const record = await storage.getJob(jobId);
  if (!record) throw new FitbenchError('OPTIONS_INVALID', `There is no saved job ${jobId} to resume.`, { jobId });
  if (!['queued', 'running', 'interrupted'].includes(record.status)) {
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
      { jobId, persisted: true, retries: record.retries },
    );
  }
  const checkpoint = await storage.latestCheckpoint(jobId).catch(() => null);
  return service.submit(
    record.spec.problem,
    { ...record.spec.options, backend },
    { jobId, persisted: true, retries: record.retries, resumeFrom: checkpoint ?? undefined },
  );
}

/** Forgets a stored job (the user declined the offer): its record, result and checkpoints. */
export async function discardJob(storage: ServiceStorage, jobId: string): Promise<void> {
  await storage.deleteJob(jobId);
}
