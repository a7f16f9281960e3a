import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { checksumOf } from './checksum';
import type { CheckpointStateV1 } from './checkpoint-format-1';
import { CHECKPOINT_FORMAT_VERSION, createCheckpointStore } from './checkpoint-store';
import type { CheckpointRecord } from './db-schema';
import { DB_VERSION } from './migrations';
import { openDatabase } from './open-database';

/** A checkpoint as the version-1 layout stored it, checksummed as that app did. */
function v1Record(jobId: string, state: Omit<CheckpointStateV1, 'formatVersion' | 'createdAt' | 'historyStart'>) {
  const full: CheckpointStateV1 = { formatVersion: 1, historyStart: 0, createdAt: 1_700_000_000_000, ...state };
  return { jobId, seq: 1, state: full, checksum: checksumOf({ jobId, seq: 1, state: full }) };
}

describe('migration 3: checkpoints in the SolverState vocabulary', () => {
  it('turns version-1 "damping" into lambda (LM) or drops it (TRF, where it was the radius) and keeps the record verifiable', async () => {
    const factory = new IDBFactory();
    const v2 = await openDatabase({ name: 'cp-upgrade', version: 2, indexedDB: factory });
    if (!v2.ok) throw v2.error;
    const lm = v1Record('lm-job', {
      iteration: 7,
      params: { a: 2, t: 1.5 },
      damping: 0.004,
      bestCost: 0.5,
      cost: 0.5,
      nfev: 9,
      history: Float64Array.from([2, 1, 0.5]),
      method: 'lm',
      solverState: { radius: 3.5, njev: 8, scale: [1, 2] },
    });
    const trf = v1Record('trf-job', {
      iteration: 4,
      params: { a: 1 },
      damping: 0.75,
      bestCost: 0.1,
      nfev: 5,
      history: Float64Array.from([1, 0.1]),
      method: 'trf',
      solverState: { radius: 0.75, njev: 5, scale: [4] },
    });
    // Version-1 records are typed as the old layout on purpose: the store's types are the new one.
    await v2.db.put('checkpoints', lm as unknown as CheckpointRecord);
    await v2.db.put('checkpoints', trf as unknown as CheckpointRecord);
    v2.db.close();

    const current = await openDatabase({ name: 'cp-upgrade', indexedDB: factory });
    if (!current.ok) throw current.error;
    expect(current.version).toBe(DB_VERSION);
    const store = createCheckpointStore(current.db);
    const lmBack = await store.readLatestCheckpoint('lm-job');
    expect(lmBack).toMatchObject({
      formatVersion: CHECKPOINT_FORMAT_VERSION,
      method: 'lm',
      iteration: 7,
      params: { a: 2, t: 1.5 },
      lambda: 0.004,
      radius: 3.5,
      njev: 8,
      scale: [1, 2],
      cost: 0.5,
      nfev: 9,
    });
    expect(Array.from(lmBack!.history)).toEqual([2, 1, 0.5]);
    expect(lmBack).not.toHaveProperty('damping');
    expect(lmBack).not.toHaveProperty('solverState');
    const trfBack = await store.readLatestCheckpoint('trf-job');
    expect(trfBack).toMatchObject({ method: 'trf', radius: 0.75, njev: 5, scale: [4] });
    // TRF's α was never stored in version 1: it is absent, not the radius under another name.
    expect(trfBack).not.toHaveProperty('alpha');
    expect(trfBack).not.toHaveProperty('lambda');
    current.db.close();
  });

  it('leaves records of other layouts alone (the reader skips what it cannot verify)', async () => {
    const factory = new IDBFactory();
    const v2 = await openDatabase({ name: 'cp-other', version: 2, indexedDB: factory });
    if (!v2.ok) throw v2.error;
    const odd = { jobId: 'x', seq: 1, checksum: 'fnv1a64:0', state: { formatVersion: 99 } };
    await v2.db.put('checkpoints', odd as unknown as CheckpointRecord);
    v2.db.close();
    const current = await openDatabase({ name: 'cp-other', indexedDB: factory });
    if (!current.ok) throw current.error;
    expect(await current.db.get('checkpoints', ['x', 1])).toEqual(odd);
    current.db.close();
  });
});
