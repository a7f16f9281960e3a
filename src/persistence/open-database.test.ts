import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { FitbenchError } from '../core/errors';
import type { FitbenchDB, JobSpec } from './db-schema';
import { createJobStore } from './job-store';
import { DB_VERSION, MIGRATIONS, type Migration } from './migrations';
import { deleteDatabase, openDatabase, type DatabaseEvent } from './open-database';

const spec: JobSpec = { kind: 'fit', problem: { model: 'a*x', x: [1, 2], y: [2, 4], p0: { a: 1 } }, options: {} };

/** A job as apps before schema 4 wrote it: the spec inside the jobs record. */
async function putOldJob(
  db: FitbenchDB,
  jobId: string,
  fields: { status?: string; updatedAt?: number; backend?: string } = {},
): Promise<void> {
  const { status = 'queued', updatedAt = 0, backend = 'cpu' } = fields;
  const record = { jobId, spec, status, createdAt: 0, updatedAt, retries: 0, backend };
  await db.put('jobs', record as never);
}

describe('openDatabase', () => {
  it('creates every store at the current version', async () => {
    const opened = await openDatabase({ name: 'fresh', indexedDB: new IDBFactory() });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.version).toBe(DB_VERSION);
    expect([...opened.db.objectStoreNames].sort()).toEqual([
      'checkpoints',
      'datasets',
      'job-payloads',
      'jobs',
      'projects',
      'results',
    ]);
    const tx = opened.db.transaction('jobs');
    expect([...tx.store.indexNames].sort()).toEqual(['by-status', 'by-updated']);
    opened.db.close();
  });

  it('reports a missing IndexedDB as STORAGE_UNAVAILABLE instead of throwing', async () => {
    const opened = await openDatabase({ indexedDB: null });
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.error).toBeInstanceOf(FitbenchError);
    expect(opened.error.code).toBe('STORAGE_UNAVAILABLE');
    expect(opened.error.message).toMatch(/IndexedDB is not available here .*without checkpoints/);
  });

  it('reports an open that throws (Firefox private mode) as unavailable', async () => {
    const throwing = {
      open() {
        throw new DOMException(
          'A mutation operation was attempted on a database that did not allow mutations.',
          'InvalidStateError',
        );
      },
    } as unknown as IDBFactory;
    const opened = await openDatabase({ indexedDB: throwing });
    expect(!opened.ok && opened.error.code).toBe('STORAGE_UNAVAILABLE');
    expect(!opened.ok && opened.error.message).toMatch(/InvalidStateError.*Fits run without checkpoints/);
  });

  it('explains a database written by a newer app', async () => {
    const factory = new IDBFactory();
    const newer: Migration[] = [...MIGRATIONS, { version: DB_VERSION + 1, description: 'future', apply() {} }];
    const future = await openDatabase({ name: 'n', indexedDB: factory, migrations: newer });
    if (future.ok) future.db.close();
    const opened = await openDatabase({ name: 'n', indexedDB: factory });
    expect(!opened.ok && opened.error.message).toMatch(/written by a newer Fitbench/);
  });

  it('rejects a bad version option', async () => {
    await expect(openDatabase({ indexedDB: new IDBFactory(), version: DB_VERSION + 1 })).rejects.toThrow(
      /Database version must be an integer in 1\.\./,
    );
    await expect(openDatabase({ indexedDB: new IDBFactory(), name: '' })).rejects.toThrow(/non-empty string/);
  });

  it('closes on versionchange so another tab can upgrade', async () => {
    const factory = new IDBFactory();
    const events: DatabaseEvent[] = [];
    const v1 = await openDatabase({ name: 'tabs', version: 1, indexedDB: factory, onEvent: (e) => events.push(e) });
    expect(v1.ok).toBe(true);
    const v2 = await openDatabase({ name: 'tabs', indexedDB: factory });
    expect(v2.ok).toBe(true);
    expect(events).toEqual([{ kind: 'database-versionchange', name: 'tabs', oldVersion: 1, newVersion: DB_VERSION }]);
    if (v2.ok) v2.db.close();
  });

  it('gives up on an upgrade blocked by a connection that never closes', async () => {
    const factory = new IDBFactory();
    // A raw connection without our versionchange handler: an old tab of an older app.
    const stale = await new Promise<IDBDatabase>((resolve) => {
      const r = factory.open('blocked', 1);
      r.onupgradeneeded = () => r.result.createObjectStore('jobs', { keyPath: 'jobId' });
      r.onsuccess = () => resolve(r.result);
    });
    const events: DatabaseEvent[] = [];
    const opened = await openDatabase({
      name: 'blocked',
      indexedDB: factory,
      blockedTimeoutMs: 20,
      onEvent: (e) => events.push(e),
    });
    expect(!opened.ok && opened.error.message).toMatch(/held open at an older version by another Fitbench tab/);
    expect(events[0]).toMatchObject({ kind: 'database-blocked', name: 'blocked', oldVersion: 1 });
    stale.close();
  });

  it('deleteDatabase removes saved data', async () => {
    const factory = new IDBFactory();
    const first = await openDatabase({ name: 'gone', indexedDB: factory });
    if (!first.ok) throw first.error;
    await createJobStore(first.db).createJob({ jobId: 'j', spec, backend: 'cpu' });
    first.db.close();
    await deleteDatabase('gone', factory);
    const second = await openDatabase({ name: 'gone', indexedDB: factory });
    if (!second.ok) throw second.error;
    expect(await createJobStore(second.db).getJob('j')).toBeUndefined();
    second.db.close();
  });
});

describe('migrations', () => {
  it('upgrades a version-1 database holding data to the current version, keeping it', async () => {
    const factory = new IDBFactory();
    const v1 = await openDatabase({ name: 'upgrade', version: 1, indexedDB: factory });
    if (!v1.ok) throw v1.error;
    expect([...v1.db.transaction('jobs').store.indexNames]).toEqual(['by-status']);
    // The v1 app wrote jobs (spec inside) over the v1 schema.
    await putOldJob(v1.db, 'old-a', { status: 'interrupted', updatedAt: 100 });
    await putOldJob(v1.db, 'old-b', { status: 'running', updatedAt: 200 });
    await v1.db.put('checkpoints', {
      jobId: 'old-a',
      seq: 1,
      checksum: 'fnv1a64:0',
      state: {} as never,
    });
    v1.db.close();

    const v2 = await openDatabase({ name: 'upgrade', indexedDB: factory });
    if (!v2.ok) throw v2.error;
    expect(v2.version).toBe(DB_VERSION);
    const jobs = createJobStore(v2.db);
    expect((await jobs.listUnfinishedJobs()).map((j) => j.jobId)).toEqual(['old-b', 'old-a']);
    expect((await jobs.getJob('old-a'))?.spec).toEqual(spec);
    expect(await v2.db.count('checkpoints')).toBe(1);
    // The v2 index is built over the rows written before it existed.
    const byUpdated = await v2.db.getAllFromIndex('jobs', 'by-updated');
    expect(byUpdated.map((j) => j.jobId)).toEqual(['old-a', 'old-b']);
    v2.db.close();
  });

  it('runs an async data migration inside the upgrade transaction', async () => {
    const factory = new IDBFactory();
    const v1 = await openDatabase({ name: 'data-migration', version: 1, indexedDB: factory });
    if (!v1.ok) throw v1.error;
    await putOldJob(v1.db, 'j', { backend: 'webgpu' });
    v1.db.close();
    const rename: Migration[] = [
      MIGRATIONS[0],
      {
        version: 2,
        description: 'every saved job reset to the cpu backend (test only)',
        async apply(_db, tx) {
          const store = tx.objectStore('jobs');
          for (let cursor = await store.openCursor(); cursor; cursor = await cursor.continue()) {
            await cursor.update({ ...cursor.value, backend: 'cpu' });
          }
        },
      },
    ];
    const v2 = await openDatabase({ name: 'data-migration', indexedDB: factory, migrations: rename });
    if (!v2.ok) throw v2.error;
    expect((await v2.db.get('jobs', 'j'))!.backend).toBe('cpu');
    v2.db.close();
  });

  it('leaves the old database intact when a migration fails', async () => {
    const factory = new IDBFactory();
    const v1 = await openDatabase({ name: 'failing', version: 1, indexedDB: factory });
    if (!v1.ok) throw v1.error;
    await putOldJob(v1.db, 'keep');
    v1.db.close();
    const broken: Migration[] = [
      MIGRATIONS[0],
      {
        version: 2,
        description: 'broken',
        apply() {
          throw new Error('boom');
        },
      },
    ];
    const failed = await openDatabase({ name: 'failing', indexedDB: factory, migrations: broken });
    expect(!failed.ok && failed.error.message).toMatch(
      /Upgrading database "failing" to version 2 failed: migration to version 2 \(broken\) failed: boom/,
    );
    const again = await openDatabase({ name: 'failing', version: 1, indexedDB: factory });
    if (!again.ok) throw again.error;
    expect(again.db.version).toBe(1);
    expect(await again.db.get('jobs', 'keep')).toBeDefined();
    again.db.close();
  });

  it('refuses a migration list with gaps', async () => {
    await expect(openDatabase({ indexedDB: new IDBFactory(), migrations: [MIGRATIONS[1]] })).rejects.toThrow(
      /migration #0 has version 2; expected 1/,
    );
  });
});
