/**
 * Checkpoints of running fits (DESIGN.md "Checkpoints"): solver state with a format version
 * and a checksum, the latest `keep` (default 2) per job, written with strict durability.
 *
 * Failure policy: a checkpoint is an optimisation of the fit, never a reason for it to
 * fail. A quota error (real or injected with `simulateQuotaExceeded`) turns checkpoints off
 * for this store and says so (`checkpointsEnabled`, `disabledReason`, a
 * `checkpoints-disabled` event); other write failures are reported per write. On read, a
 * corrupt or unknown-version checkpoint is skipped for the previous one with a
 * `checkpoint-corrupt` event.
 */
import type { IDBPTransaction } from 'idb';
import { FitbenchError } from '../core/errors';
import { CHECKSUM_ALGORITHM, checksumOf } from './checksum';
import { assertCheckpointInput, assertJobId, storedShapeProblem, type CheckpointInput } from './checkpoint-validation';
import type { CheckpointRecord, CheckpointState, FitbenchDB, FitbenchSchema } from './db-schema';
import { checkpointRange, checkpointRangeUpTo } from './key-ranges';
import type { OpenDatabaseResult } from './open-database';
import { abortQuietly, settledLater, simulatedQuotaError, toStorageError } from './storage-errors';

export type { CheckpointInput } from './checkpoint-validation';

/**
 * Layout version of CheckpointState; bump it (with a migration) when the layout changes.
 * 2: the SolverState vocabulary (radius, lambda, alpha, njev, scale as fields) replaces
 * version 1's `damping` + `solverState`; migration 3 converts stored version-1 records.
 */
export const CHECKPOINT_FORMAT_VERSION = 2;
export const DEFAULT_KEEP_CHECKPOINTS = 2;
/** History entries kept per checkpoint: bounds its size on long fits. */
export const DEFAULT_MAX_HISTORY = 5000;

/** A verified checkpoint as read back. */
export interface Checkpoint extends CheckpointState {
  jobId: string;
  seq: number;
}

export type CheckpointEvent =
  | { kind: 'checkpoint-written'; jobId: string; seq: number; iteration: number }
  | { kind: 'checkpoint-corrupt'; jobId: string; seq: number; reason: string }
  | { kind: 'checkpoint-write-failed'; jobId: string; error: FitbenchError }
  | { kind: 'checkpoints-disabled'; reason: string; error: FitbenchError };

export interface CheckpointStoreOptions {
  /** Checkpoints kept per job (default 2, at least 1). */
  keep?: number;
  maxHistory?: number;
  /** Chaos switch `quotaExceeded`: every write fails as a full disk would. */
  simulateQuotaExceeded?: boolean;
  onEvent?: (event: CheckpointEvent) => void;
  /** Clock for createdAt (epoch ms). */
  now?: () => number;
}

export type WriteCheckpointResult =
  { written: true; seq: number } | { written: false; reason: string; error?: FitbenchError };

export interface CheckpointStore {
  /** False once storage is missing or full: fits go on without checkpoints. */
  readonly checkpointsEnabled: boolean;
  /** Why checkpoints are off (a sentence for the page), or null while they are on. */
  readonly disabledReason: string | null;
  /** Stores the state as the job's newest checkpoint; never rejects for storage faults. */
  writeCheckpoint(jobId: string, input: CheckpointInput): Promise<WriteCheckpointResult>;
  /** The newest checkpoint that verifies, or null when none does. */
  readLatestCheckpoint(jobId: string): Promise<Checkpoint | null>;
  /** Removes every checkpoint of the job. */
  deleteCheckpoints(jobId: string): Promise<void>;
}

/**
 * Creates a checkpoint store over an open database, or over a failed open (then it starts
 * with checkpoints off and the open's message as the reason).
 */
export function createCheckpointStore(
  source: FitbenchDB | OpenDatabaseResult,
  options: CheckpointStoreOptions = {},
): CheckpointStore {
  const keep = options.keep ?? DEFAULT_KEEP_CHECKPOINTS;
  const maxHistory = options.maxHistory ?? DEFAULT_MAX_HISTORY;
  if (!Number.isInteger(keep) || keep < 1) {
    throw new FitbenchError('OPTIONS_INVALID', `Checkpoints to keep must be an integer ≥ 1; got ${keep}.`);
  }
  if (!Number.isInteger(maxHistory) || maxHistory < 0) {
    throw new FitbenchError('OPTIONS_INVALID', `maxHistory must be an integer ≥ 0; got ${maxHistory}.`);
  }
  const emit = options.onEvent ?? (() => undefined);
  const now = options.now ?? Date.now;

  let db: FitbenchDB | null;
  let disabledReason: string | null = null;
  if ('ok' in source) {
    db = source.ok ? source.db : null;
    if (!source.ok) disabledReason = `Checkpoints are off: ${source.error.message}`;
  } else {
    db = source;
  }

  const disable = (error: FitbenchError): string => {
    disabledReason = `Checkpoints are off: ${error.message} The fit continues without checkpoints.`;
    emit({ kind: 'checkpoints-disabled', reason: disabledReason, error });
    return disabledReason;
  };

  async function writeCheckpoint(jobId: string, input: CheckpointInput): Promise<WriteCheckpointResult> {
    assertJobId(jobId);
    assertCheckpointInput(input);
    if (disabledReason !== null || db === null) {
      return { written: false, reason: disabledReason ?? 'Checkpoints are off: no database.' };
    }
    const state = toState(input, maxHistory, now);
    let tx: IDBPTransaction<FitbenchSchema, ['checkpoints'], 'readwrite'> | undefined;
    try {
      if (options.simulateQuotaExceeded) throw simulatedQuotaError();
      tx = db.transaction('checkpoints', 'readwrite', { durability: 'strict' });
      // Observed below; this keeps an abort from also surfacing as an unhandled rejection.
      tx.done.catch(() => undefined);
      const keys = await tx.store.getAllKeys(checkpointRange(jobId));
      const seq = keys.length > 0 ? keys[keys.length - 1][1] + 1 : 1;
      const record: CheckpointRecord = { jobId, seq, state, checksum: checksumOf({ jobId, seq, state }) };
      const ops: Promise<unknown>[] = [settledLater(tx.store.put(record))];
      // keys + the new one: drop the oldest so that `keep` remain.
      const excess = keys.length + 1 - keep;
      if (excess > 0) ops.push(settledLater(tx.store.delete(checkpointRangeUpTo(jobId, keys[excess - 1][1]))));
      await Promise.all(ops);
      await tx.done;
      emit({ kind: 'checkpoint-written', jobId, seq, iteration: state.iteration });
      return { written: true, seq };
    } catch (e) {
      // Put and retention delete land together or not at all.
      abortQuietly(tx);
      const error = toStorageError(e, `writing a checkpoint of job ${jobId}`, { jobId });
      if (error.code === 'STORAGE_QUOTA') return { written: false, reason: disable(error), error };
      emit({ kind: 'checkpoint-write-failed', jobId, error });
      return { written: false, reason: error.message, error };
    }
  }

  async function readLatestCheckpoint(jobId: string): Promise<Checkpoint | null> {
    assertJobId(jobId);
    if (db === null) return null;
    let records: CheckpointRecord[];
    try {
      records = await db.getAll('checkpoints', checkpointRange(jobId));
    } catch (e) {
      throw toStorageError(e, `reading the checkpoints of job ${jobId}`, { jobId });
    }
    for (let i = records.length - 1; i >= 0; i--) {
      const record = records[i];
      const reason = verifyCheckpointRecord(record);
      if (reason === null) return { ...record.state, jobId: record.jobId, seq: record.seq };
      emit({ kind: 'checkpoint-corrupt', jobId, seq: record.seq, reason });
    }
    return null;
  }

  async function deleteCheckpoints(jobId: string): Promise<void> {
    assertJobId(jobId);
    if (db === null) return;
    try {
      const tx = db.transaction('checkpoints', 'readwrite', { durability: 'strict' });
      tx.done.catch(() => undefined);
      await tx.store.delete(checkpointRange(jobId));
      await tx.done;
    } catch (e) {
      throw toStorageError(e, `deleting the checkpoints of job ${jobId}`, { jobId });
    }
  }

  return {
    get checkpointsEnabled() {
      return disabledReason === null && db !== null;
    },
    get disabledReason() {
      return disabledReason;
    },
    writeCheckpoint,
    readLatestCheckpoint,
    deleteCheckpoints,
  };
}

/** Why a stored record fails verification, or null when it is sound. */
export function verifyCheckpointRecord(record: CheckpointRecord): string | null {
  if (!record || typeof record !== 'object' || !record.state || typeof record.state !== 'object') {
    return 'record has no state';
  }
  if (typeof record.checksum !== 'string' || !record.checksum.startsWith(`${CHECKSUM_ALGORITHM}:`)) {
    return `unknown checksum ${JSON.stringify(String(record.checksum).slice(0, 24))}`;
  }
  if (record.state.formatVersion !== CHECKPOINT_FORMAT_VERSION) {
    return `unsupported format version ${String(record.state.formatVersion)} (this build reads ${CHECKPOINT_FORMAT_VERSION})`;
  }
  const expected = checksumOf({ jobId: record.jobId, seq: record.seq, state: record.state });
  if (expected !== record.checksum) {
    return `checksum mismatch (stored ${record.checksum}, computed ${expected})`;
  }
  return storedShapeProblem(record);
}

function toState(input: CheckpointInput, maxHistory: number, now: () => number): CheckpointState {
  const drop = Math.max(0, input.history.length - maxHistory);
  const history = Float64Array.from({ length: input.history.length - drop }, (_, i) => input.history[drop + i]);
  const state: CheckpointState = {
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    iteration: input.iteration,
    params: { ...input.params },
    bestCost: input.bestCost,
    nfev: input.nfev,
    history,
    historyStart: (input.historyStart ?? 0) + drop,
    method: input.method,
    createdAt: input.createdAt ?? now(),
  };
  if (input.cost !== undefined) state.cost = input.cost;
  if (input.njev !== undefined) state.njev = input.njev;
  if (input.radius !== undefined) state.radius = input.radius;
  if (input.lambda !== undefined) state.lambda = input.lambda;
  if (input.alpha !== undefined) state.alpha = input.alpha;
  if (input.scale !== undefined) state.scale = input.scale.slice();
  return state;
}
