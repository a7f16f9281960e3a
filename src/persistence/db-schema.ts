/**
 * The IndexedDB schema of Fitbench (DESIGN.md "Checkpoints"). The shapes here are what sits on
 * disk, so they change only together with a migration (migrations.ts) and, for checkpoints,
 * a new CHECKPOINT_FORMAT_VERSION.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import type {
  BackendChoice,
  BackendName,
  BatchResult,
  FitBatch,
  FitOptions,
  FitJobProblem,
  FitResult,
  ResumeState,
} from '../core/api-types';
import type { FitbenchErrorCode, FitbenchErrorContext } from '../core/errors';

/** Database name used by the app unless a caller (or a test) picks another. */
export const DEFAULT_DB_NAME = 'fitbench';

/** Lifecycle of a persisted job. Unfinished: queued, running, interrupted. */
export type JobStatus = 'queued' | 'running' | 'converged' | 'failed' | 'cancelled' | 'interrupted';

export const JOB_STATUSES: readonly JobStatus[] = [
  'queued',
  'running',
  'converged',
  'failed',
  'cancelled',
  'interrupted',
];

/** Statuses a job can be resumed from (offered with `resume-button`). */
export const UNFINISHED_STATUSES: readonly JobStatus[] = ['queued', 'running', 'interrupted'];

/** Statuses that end a job: its result is stored and its checkpoints deleted. */
export type FinishedStatus = 'converged' | 'failed' | 'cancelled';

/** FitOptions without what cannot be stored (callbacks, the abort signal). */
export type StoredFitOptions = Omit<FitOptions, 'onIteration' | 'signal'>;

/** What a job runs: a single fit or a batch, with storable options. Typed arrays allowed. */
export type JobSpec =
  | { kind: 'fit'; problem: FitJobProblem; options: StoredFitOptions }
  | { kind: 'batch'; batch: FitBatch; options: StoredFitOptions };

/** A FitbenchError as it survives structured clone (FitbenchError.toJSON()). */
export interface StoredError {
  code: FitbenchErrorCode;
  message: string;
  context: FitbenchErrorContext;
}

/** What the job list shows of a job without reading its data (see job-summary.ts). */
export interface JobSummary {
  kind: 'fit' | 'batch';
  model: string;
  /** Data points (a batch: over all curves). */
  nPoints: number;
}

/**
 * A job as the jobs store holds it: status and bookkeeping, no data. The spec (the curves,
 * megabytes for a big batch) sits in the job-payloads store, so scanning the jobs on page
 * load reads only these small records (schema version 4).
 */
export interface JobMeta {
  jobId: string;
  summary: JobSummary;
  status: JobStatus;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  /** Transient-fault retries used so far. */
  retries: number;
  /** Backend requested (or, once running, in use). */
  backend: BackendChoice | BackendName;
  lastError?: StoredError;
  /**
   * `fnv1a64:<hex>` over { jobId, spec, createdAt } (the parts that never change), written at
   * creation. A record whose checksum fails is quarantined, never resumed; records from
   * before checksums (no field) are validated by shape only. Checked when the spec is read
   * (getJob, before a resume), not by the metadata scan.
   */
  checksum?: string;
}

/** A job with its data: the metadata joined with its payload (what a resume needs). */
export interface JobRecord extends JobMeta {
  spec: JobSpec;
}

/** The job-payloads store: a job's spec, written once at creation. */
export interface JobPayloadRecord {
  jobId: string;
  spec: JobSpec;
}

/**
 * The solver state a checkpoint holds (what a resumed fit starts from): the core's
 * ResumeState (SolverState vocabulary: radius, lambda, alpha, scale) with the history as a
 * Float64Array, plus what the store records.
 */
export interface CheckpointState extends Omit<ResumeState, 'history'> {
  /** Layout version of this object; readers skip versions they do not know. */
  formatVersion: number;
  bestCost: number;
  /** Cost per iteration, the last `history.length` iterations (bounded). */
  history: Float64Array;
  /** Iteration index of history[0] (history is truncated from the front). */
  historyStart: number;
  /** Epoch milliseconds. */
  createdAt: number;
}

export interface CheckpointRecord {
  jobId: string;
  /** Per-job sequence number, increasing with each write. */
  seq: number;
  state: CheckpointState;
  /** `<algorithm>:<hex>` over jobId, seq and state (see checksum.ts). */
  checksum: string;
}

export type ResultRecord =
  | { jobId: string; kind: 'fit'; result: FitResult; storedAt: number }
  | { jobId: string; kind: 'batch'; result: BatchResult; storedAt: number };

export interface DatasetRecord {
  id: string;
  name: string;
  /** Column names, in file order. */
  columns: string[];
  /** One Float64Array per column, all the same length. */
  data: Record<string, Float64Array>;
  createdAt: number;
}

/** One row of the workbench's parameter table; null means empty (or an open bound). */
export interface ParameterRow {
  name: string;
  value: number | null;
  min: number | null;
  max: number | null;
  fixed: boolean;
}

export interface ProjectRecord {
  id: string;
  name: string;
  /** Model expression or library name, as typed. */
  model: string;
  datasetId: string | null;
  parameters: ParameterRow[];
  /** Column roles in the dataset (x, y, σ); absent means the workbench's defaults. */
  columns?: { x?: string | string[]; y?: string; sigma?: string };
  options?: StoredFitOptions;
  updatedAt: number;
}

export interface FitbenchSchema extends DBSchema {
  jobs: {
    key: string;
    value: JobMeta;
    indexes: { 'by-status': JobStatus; 'by-updated': number };
  };
  /** Keyed by jobId; deleted with the job, or when it converges or is cancelled. */
  'job-payloads': {
    key: string;
    value: JobPayloadRecord;
  };
  /** Keyed [jobId, seq]: a key range over one jobId serves as the per-job index. */
  checkpoints: {
    key: [string, number];
    value: CheckpointRecord;
  };
  results: {
    key: string;
    value: ResultRecord;
  };
  datasets: {
    key: string;
    value: DatasetRecord;
    indexes: { 'by-created': number };
  };
  projects: {
    key: string;
    value: ProjectRecord;
    indexes: { 'by-updated': number };
  };
}

export type FitbenchDB = IDBPDatabase<FitbenchSchema>;
