/**
 * The fitting service's view of persistence (jobs, results, checkpoints read back for a
 * retry or a resume). Storage is an aid, never a requirement: every failure here is turned
 * into `available = false` with a reason the page shows, and fits go on without it.
 */
import type { ResumeState } from '../core/api-types';
import { FitbenchError } from '../core/errors';
import {
  createCheckpointStore,
  createJobStore,
  openDatabase,
  type Checkpoint,
  type CheckpointEvent,
  type JobOutcome,
  type JobPatch,
  type JobMeta,
  type JobRecord,
  type JobScan,
  type JobSpec,
  type OpenDatabaseOptions,
} from '../persistence';
import type { BackendChoice, BackendName } from '../core/api-types';

export interface ServiceStorage {
  /** False when IndexedDB is missing or broken; `reason` says why. */
  readonly available: boolean;
  readonly reason: string | null;
  createJob(jobId: string, spec: JobSpec, backend: BackendChoice | BackendName): Promise<void>;
  updateJob(jobId: string, patch: JobPatch): Promise<void>;
  finishJob(jobId: string, outcome: JobOutcome): Promise<void>;
  /** The job with its data (read only here: listing and scanning read metadata). */
  getJob(jobId: string): Promise<JobRecord | undefined>;
  /**
   * The newest checkpoint that verifies, as the solver's ResumeState (null: none).
   * `onSkipped` hears about each corrupt checkpoint passed over on the way (the user is told).
   */
  latestCheckpoint(jobId: string, onSkipped?: (reason: string) => void): Promise<ResumeState | null>;
  /** Marks jobs left 'running' by a previous page 'interrupted' and lists every unfinished one. */
  unfinishedJobs(): Promise<JobMeta[]>;
  /**
   * Unfinished and failed jobs, validated: jobs left 'running' are marked 'interrupted'
   * unless another tab holds them (`heldElsewhere`), failed jobs' checkpoints past their
   * retention are deleted, and records that do not verify come back quarantined.
   */
  scanJobs(heldElsewhere: ReadonlySet<string>): Promise<JobScan>;
  deleteJob(jobId: string): Promise<void>;
}

/** Storage that holds nothing (no IndexedDB here): the service runs fits without checkpoints. */
export function unavailableStorage(reason: string): ServiceStorage {
  const nothing = async (): Promise<void> => undefined;
  return {
    available: false,
    reason,
    createJob: nothing,
    updateJob: nothing,
    finishJob: nothing,
    getJob: async () => undefined,
    latestCheckpoint: async () => null,
    unfinishedJobs: async () => [],
    scanJobs: async () => ({ jobs: [], quarantined: [] }),
    deleteJob: nothing,
  };
}

export interface IdbStorageOptions extends Pick<OpenDatabaseOptions, 'name' | 'indexedDB'> {
  /** A corrupt checkpoint was skipped for an older one (the job log records it). */
  onCheckpointEvent?: (event: CheckpointEvent) => void;
}

/** Opens the Fitbench database; never throws (see ServiceStorage). */
export async function openServiceStorage(options: IdbStorageOptions = {}): Promise<ServiceStorage> {
  let opened;
  try {
    opened = await openDatabase({ name: options.name, indexedDB: options.indexedDB });
  } catch (e) {
    return unavailableStorage(`Checkpoints are off: ${FitbenchError.fromJSON(e).message}`);
  }
  if (!opened.ok) return unavailableStorage(`Checkpoints are off: ${opened.error.message}`);
  const jobs = createJobStore(opened.db);
  const skipListeners = new Map<string, (reason: string) => void>();
  const checkpoints = createCheckpointStore(opened.db, {
    onEvent: (event) => {
      if (event.kind === 'checkpoint-corrupt')
        skipListeners.get(event.jobId)?.(`checkpoint #${event.seq}: ${event.reason}`);
      options.onCheckpointEvent?.(event);
    },
  });
  return {
    available: true,
    reason: null,
    async createJob(jobId, spec, backend) {
      await jobs.createJob({ jobId, spec, backend, status: 'queued' });
    },
    async updateJob(jobId, patch) {
      await jobs.updateJob(jobId, patch);
    },
    async finishJob(jobId, outcome) {
      await jobs.markFinished(jobId, outcome);
    },
    getJob: (jobId) => jobs.getJob(jobId),
    async latestCheckpoint(jobId, onSkipped) {
      if (onSkipped) skipListeners.set(jobId, onSkipped);
      try {
        const c = await checkpoints.readLatestCheckpoint(jobId);
        if (!c) return null;
        return toResumeState(c);
      } finally {
        if (onSkipped) skipListeners.delete(jobId);
      }
    },
    async unfinishedJobs() {
      await jobs.markRunningInterrupted();
      return jobs.listUnfinishedJobs();
    },
    async scanJobs(heldElsewhere) {
      await jobs.markRunningInterrupted(heldElsewhere);
      await jobs.pruneExpiredCheckpoints();
      return jobs.scanJobs();
    },
    deleteJob: (jobId) => jobs.deleteJob(jobId),
  };
}

/** A stored checkpoint as the solver's ResumeState (the same SolverState fields, history as an array). */
export function toResumeState(c: Checkpoint): ResumeState {
  const state: ResumeState = {
    method: c.method,
    iteration: c.iteration,
    params: { ...c.params },
    nfev: c.nfev,
    history: Array.from(c.history),
  };
  if (c.cost !== undefined) state.cost = c.cost;
  if (c.njev !== undefined) state.njev = c.njev;
  if (c.radius !== undefined) state.radius = c.radius;
  if (c.lambda !== undefined) state.lambda = c.lambda;
  if (c.alpha !== undefined) state.alpha = c.alpha;
  if (c.scale !== undefined) state.scale = c.scale.slice();
  return state;
}
