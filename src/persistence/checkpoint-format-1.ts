/**
 * Checkpoint layout version 1 and its conversion to the current layout (migration 3).
 * Version 1 named three different numbers "damping": LM's λ, and for TRF the trust-region
 * radius Δ (what the iteration report carried), while the radius itself, njev and the
 * scaling sat in a free-form `solverState` record.
 */
import type { MethodName } from '../core/api-types';
import { checksumOf } from './checksum';
import type { CheckpointRecord, CheckpointState } from './db-schema';

/** A version-1 checkpoint state as it sits on disk. */
export interface CheckpointStateV1 {
  formatVersion: 1;
  iteration: number;
  params: Record<string, number>;
  /** LM: λ. TRF: the radius Δ (not TRF's α). */
  damping: number;
  bestCost: number;
  cost?: number;
  nfev: number;
  history: Float64Array;
  historyStart: number;
  method: MethodName;
  solverState?: Record<string, number | number[]>;
  createdAt: number;
}

/**
 * The current-layout record for a version-1 one, re-checksummed. LM's λ is kept; a TRF
 * checkpoint's α was never stored, so it resumes with α = 0 (as a fresh TRF run starts)
 * and reaches the same minimum without the bit-for-bit guarantee of newer checkpoints.
 */
export function upgradeCheckpointV1(record: {
  jobId: string;
  seq: number;
  state: CheckpointStateV1;
}): CheckpointRecord {
  const old = record.state;
  const state: CheckpointState = {
    formatVersion: 2,
    method: old.method,
    iteration: old.iteration,
    params: old.params,
    nfev: old.nfev,
    bestCost: old.bestCost,
    history: old.history,
    historyStart: old.historyStart,
    createdAt: old.createdAt,
  };
  if (old.cost !== undefined) state.cost = old.cost;
  const extra = old.solverState ?? {};
  if (typeof extra.radius === 'number') state.radius = extra.radius;
  if (typeof extra.njev === 'number') state.njev = extra.njev;
  if (Array.isArray(extra.scale)) state.scale = extra.scale;
  if (old.method === 'lm' && Number.isFinite(old.damping)) state.lambda = old.damping;
  return {
    jobId: record.jobId,
    seq: record.seq,
    state,
    checksum: checksumOf({ jobId: record.jobId, seq: record.seq, state }),
  };
}
