import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FitbenchError } from '../core/errors';
import { checksumOf } from './checksum';
import {
  CHECKPOINT_FORMAT_VERSION,
  createCheckpointStore,
  type CheckpointEvent,
  type CheckpointInput,
} from './checkpoint-store';
import type { CheckpointRecord, FitbenchDB } from './db-schema';
import { openDatabase } from './open-database';

async function freshDb(): Promise<FitbenchDB> {
  const opened = await openDatabase({ name: 'checkpoints-test', indexedDB: new IDBFactory() });
  if (!opened.ok) throw opened.error;
  return opened.db;
}

function state(iteration: number, overrides: Partial<CheckpointInput> = {}): CheckpointInput {
  return {
    iteration,
    params: { a: 1 + iteration, mu: 0.5, s: 2 },
    radius: 0.5,
    lambda: 1e-3 * (iteration + 1),
    bestCost: 10 / (iteration + 1),
    nfev: 2 * iteration + 1,
    history: Array.from({ length: iteration + 1 }, (_, i) => 10 / (i + 1)),
    method: 'lm',
    createdAt: 1_700_000_000_000 + iteration,
    ...overrides,
  };
}

async function rawRecords(db: FitbenchDB, jobId: string): Promise<CheckpointRecord[]> {
  return db.getAll('checkpoints', IDBKeyRange.bound([jobId, -Infinity], [jobId, Infinity]));
}

afterEach(() => vi.restoreAllMocks());

describe('checkpoint store: write, read, verify', () => {
  it('reads back the newest checkpoint with typed arrays intact', async () => {
    const db = await freshDb();
    const store = createCheckpointStore(db);
    expect(await store.writeCheckpoint('job-1', state(10, { njev: 7, scale: [1, 2, 3] }))).toEqual({
      written: true,
      seq: 1,
    });
    expect(await store.writeCheckpoint('job-1', state(20, { cost: 0.6 }))).toEqual({ written: true, seq: 2 });
    const cp = await store.readLatestCheckpoint('job-1');
    expect(cp).not.toBeNull();
    expect(cp!.seq).toBe(2);
    expect(cp!.iteration).toBe(20);
    expect(cp!.params).toEqual({ a: 21, mu: 0.5, s: 2 });
    expect(cp!.formatVersion).toBe(CHECKPOINT_FORMAT_VERSION);
    expect(cp!.history).toBeInstanceOf(Float64Array);
    expect(cp!.history.length).toBe(21);
    expect(cp!.createdAt).toBe(1_700_000_000_020);
    expect(cp!.cost).toBe(0.6);
    const first = (await rawRecords(db, 'job-1'))[0];
    expect(first.state).toMatchObject({ njev: 7, radius: 0.5, lambda: 1.1e-2, scale: [1, 2, 3] });
  });

  it('returns null for a job without checkpoints and keeps jobs apart', async () => {
    const store = createCheckpointStore(await freshDb());
    await store.writeCheckpoint('ab', state(1));
    expect(await store.readLatestCheckpoint('a')).toBeNull();
    expect((await store.readLatestCheckpoint('ab'))!.iteration).toBe(1);
  });

  it('writes with strict durability', async () => {
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const store = createCheckpointStore(await freshDb());
    await store.writeCheckpoint('job', state(1));
    await store.deleteCheckpoints('job');
    const writes = spy.mock.calls.filter((c) => c[1] === 'readwrite');
    expect(writes.length).toBe(2);
    for (const call of writes) expect(call[2]).toEqual({ durability: 'strict' });
  });

  it('bounds the history and records where it starts', async () => {
    const store = createCheckpointStore(await freshDb(), { maxHistory: 3 });
    await store.writeCheckpoint('job', state(9, { history: [9, 8, 7, 6, 5, 4, 3, 2, 1, 0.5] }));
    const cp = await store.readLatestCheckpoint('job');
    expect(Array.from(cp!.history)).toEqual([2, 1, 0.5]);
    expect(cp!.historyStart).toBe(7);
  });

  it('emits a checkpoint-written event', async () => {
    const events: CheckpointEvent[] = [];
    const store = createCheckpointStore(await freshDb(), { onEvent: (e) => events.push(e) });
    await store.writeCheckpoint('job', state(3));
    expect(events).toEqual([{ kind: 'checkpoint-written', jobId: 'job', seq: 1, iteration: 3 }]);
  });
});

describe('checkpoint store: retention and cleanup', () => {
  it('keeps only the latest two per job', async () => {
    const db = await freshDb();
    const store = createCheckpointStore(db);
    for (let i = 1; i <= 5; i++) await store.writeCheckpoint('job', state(i * 10));
    await store.writeCheckpoint('other', state(1));
    expect((await rawRecords(db, 'job')).map((r) => r.seq)).toEqual([4, 5]);
    expect((await rawRecords(db, 'other')).map((r) => r.seq)).toEqual([1]);
  });

  it('honours a custom keep', async () => {
    const db = await freshDb();
    const store = createCheckpointStore(db, { keep: 3 });
    for (let i = 1; i <= 6; i++) await store.writeCheckpoint('job', state(i));
    expect((await rawRecords(db, 'job')).map((r) => r.seq)).toEqual([4, 5, 6]);
  });

  it('rolls back the new checkpoint when the retention delete fails', async () => {
    const db = await freshDb();
    const store = createCheckpointStore(db);
    await store.writeCheckpoint('job', state(1));
    await store.writeCheckpoint('job', state(2));
    vi.spyOn(IDBObjectStore.prototype, 'delete').mockImplementation(() => {
      throw new DOMException('disk error', 'UnknownError');
    });
    expect((await store.writeCheckpoint('job', state(3))).written).toBe(false);
    vi.restoreAllMocks();
    expect((await rawRecords(db, 'job')).map((r) => r.seq)).toEqual([1, 2]);
  });

  it('deleteCheckpoints removes one job only', async () => {
    const db = await freshDb();
    const store = createCheckpointStore(db);
    await store.writeCheckpoint('job', state(1));
    await store.writeCheckpoint('job', state(2));
    await store.writeCheckpoint('keep-me', state(1));
    await store.deleteCheckpoints('job');
    expect(await store.readLatestCheckpoint('job')).toBeNull();
    expect(await store.readLatestCheckpoint('keep-me')).not.toBeNull();
  });
});

describe('checkpoint store: corruption', () => {
  async function twoCheckpoints() {
    const db = await freshDb();
    const events: CheckpointEvent[] = [];
    const store = createCheckpointStore(db, { onEvent: (e) => events.push(e) });
    await store.writeCheckpoint('job', state(10));
    await store.writeCheckpoint('job', state(20));
    events.length = 0;
    return { db, store, events };
  }

  it('skips a checkpoint with a changed field for the previous one and logs it', async () => {
    const { db, store, events } = await twoCheckpoints();
    const latest = await db.get('checkpoints', ['job', 2]);
    latest!.state.bestCost = 0.001;
    await db.put('checkpoints', latest!);
    const cp = await store.readLatestCheckpoint('job');
    expect(cp!.seq).toBe(1);
    expect(cp!.iteration).toBe(10);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'checkpoint-corrupt', jobId: 'job', seq: 2 });
    expect((events[0] as { reason: string }).reason).toMatch(/checksum mismatch/);
  });

  it('detects one flipped byte in the stored history', async () => {
    const { db, store, events } = await twoCheckpoints();
    const latest = await db.get('checkpoints', ['job', 2]);
    new Uint8Array(latest!.state.history.buffer)[3] ^= 0x10;
    await db.put('checkpoints', latest!);
    expect((await store.readLatestCheckpoint('job'))!.seq).toBe(1);
    expect(events.map((e) => e.kind)).toEqual(['checkpoint-corrupt']);
  });

  it('returns null when both are corrupt, logging each', async () => {
    const { db, store, events } = await twoCheckpoints();
    for (const seq of [1, 2]) {
      const r = await db.get('checkpoints', ['job', seq]);
      r!.state.params.a = 123;
      await db.put('checkpoints', r!);
    }
    expect(await store.readLatestCheckpoint('job')).toBeNull();
    expect(events.map((e) => (e as { seq: number }).seq)).toEqual([2, 1]);
  });

  it('skips an unknown format version even with a valid checksum', async () => {
    const { db, store, events } = await twoCheckpoints();
    const r = (await db.get('checkpoints', ['job', 2]))!;
    r.state.formatVersion = 99;
    r.checksum = checksumOf({ jobId: r.jobId, seq: r.seq, state: r.state });
    await db.put('checkpoints', r);
    expect((await store.readLatestCheckpoint('job'))!.seq).toBe(1);
    expect((events[0] as { reason: string }).reason).toMatch(/unsupported format version 99/);
  });

  it('skips a record whose checksum field is missing or foreign', async () => {
    const { db, store, events } = await twoCheckpoints();
    const r = (await db.get('checkpoints', ['job', 2]))!;
    r.checksum = 'sha1:abc';
    await db.put('checkpoints', r);
    expect((await store.readLatestCheckpoint('job'))!.seq).toBe(1);
    expect((events[0] as { reason: string }).reason).toMatch(/unknown checksum/);
  });
});

describe('checkpoint store: degraded modes', () => {
  it('turns checkpoints off on a simulated quota error instead of failing', async () => {
    const events: CheckpointEvent[] = [];
    const store = createCheckpointStore(await freshDb(), {
      simulateQuotaExceeded: true,
      onEvent: (e) => events.push(e),
    });
    expect(store.checkpointsEnabled).toBe(true);
    const result = await store.writeCheckpoint('job', state(1));
    expect(result.written).toBe(false);
    if (result.written) return;
    expect(result.error).toBeInstanceOf(FitbenchError);
    expect(result.error!.code).toBe('STORAGE_QUOTA');
    expect(store.checkpointsEnabled).toBe(false);
    expect(store.disabledReason).toMatch(/Checkpoints are off: Browser storage is full/);
    expect(events.map((e) => e.kind)).toEqual(['checkpoints-disabled']);
    // Later writes are no-ops that say why.
    expect(await store.writeCheckpoint('job', state(2))).toEqual({ written: false, reason: store.disabledReason });
    expect(events).toHaveLength(1);
  });

  it('maps a real QuotaExceededError from IndexedDB to STORAGE_QUOTA', async () => {
    const db = await freshDb();
    const store = createCheckpointStore(db);
    await store.writeCheckpoint('job', state(1));
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const result = await store.writeCheckpoint('job', state(2));
    expect(result.written).toBe(false);
    expect(!result.written && result.error?.code).toBe('STORAGE_QUOTA');
    expect(store.checkpointsEnabled).toBe(false);
    vi.restoreAllMocks();
    // The checkpoint written before the quota error is still there to resume from.
    expect((await store.readLatestCheckpoint('job'))!.iteration).toBe(1);
  });

  it('reports other write failures without turning checkpoints off', async () => {
    const events: CheckpointEvent[] = [];
    const store = createCheckpointStore(await freshDb(), { onEvent: (e) => events.push(e) });
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('disk error', 'UnknownError');
    });
    const result = await store.writeCheckpoint('job', state(1));
    expect(!result.written && result.error?.code).toBe('STORAGE_UNAVAILABLE');
    expect(store.checkpointsEnabled).toBe(true);
    expect(events.map((e) => e.kind)).toEqual(['checkpoint-write-failed']);
  });

  it('starts off when the database could not be opened', async () => {
    const opened = await openDatabase({ indexedDB: null });
    const store = createCheckpointStore(opened);
    expect(store.checkpointsEnabled).toBe(false);
    expect(store.disabledReason).toMatch(/IndexedDB is not available/);
    expect((await store.writeCheckpoint('job', state(1))).written).toBe(false);
    expect(await store.readLatestCheckpoint('job')).toBeNull();
    await expect(store.deleteCheckpoints('job')).resolves.toBeUndefined();
  });
});

describe('checkpoint store: bad input', () => {
  it('names the bad field', async () => {
    const store = createCheckpointStore(await freshDb());
    const cases: [string, CheckpointInput, RegExp, string][] = [
      ['', state(1), /Job id must be a non-empty string/, 'OPTIONS_INVALID'],
      ['job', state(1, { params: { a: NaN } }), /parameter "a" is NaN/, 'PARAM_NONFINITE'],
      ['job', state(1, { params: {} }), /params is empty/, 'OPTIONS_INVALID'],
      ['job', state(1, { iteration: -1 }), /iteration must be an integer ≥ 0/, 'OPTIONS_INVALID'],
      ['job', state(1, { lambda: Infinity }), /lambda must be a finite number/, 'OPTIONS_INVALID'],
      ['job', state(1, { radius: -1 }), /radius must be a finite number ≥ 0/, 'OPTIONS_INVALID'],
      ['job', state(1, { alpha: NaN }), /alpha must be a finite number/, 'OPTIONS_INVALID'],
      ['job', state(1, { njev: 1.5 }), /njev must be an integer/, 'OPTIONS_INVALID'],
      ['job', state(1, { bestCost: -1 }), /bestCost must be a finite number ≥ 0/, 'OPTIONS_INVALID'],
      ['job', state(1, { cost: NaN }), /cost must be a finite number ≥ 0; got NaN/, 'OPTIONS_INVALID'],
      ['job', state(1, { method: 'bfgs' as 'lm' }), /method must be "lm" or "trf"/, 'OPTIONS_INVALID'],
      ['job', state(1, { history: ['x' as unknown as number] }), /history\[0\] is "x"/, 'OPTIONS_INVALID'],
      ['job', state(1, { scale: [1, Infinity] }), /scale must be an array of finite numbers/, 'OPTIONS_INVALID'],
    ];
    for (const [jobId, input, message, code] of cases) {
      const error = await store.writeCheckpoint(jobId, input).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, String(message)).toBeInstanceOf(FitbenchError);
      expect((error as FitbenchError).code).toBe(code);
      expect((error as FitbenchError).message).toMatch(message);
    }
  });

  it('rejects a keep below 1', async () => {
    const db = await freshDb();
    expect(() => createCheckpointStore(db, { keep: 0 })).toThrow(/Checkpoints to keep must be an integer ≥ 1/);
  });
});
