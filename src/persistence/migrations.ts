/**
 * Versioned schema upgrades. Each migration moves the database from `version - 1` to
 * `version` inside the single `versionchange` transaction, so an upgrade either completes
 * or leaves the old database untouched. Add a migration at the end and bump nothing else:
 * DB_VERSION follows the list.
 */
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { upgradeCheckpointV1 } from './checkpoint-format-1';
import type { FitbenchSchema, JobMeta, JobSpec } from './db-schema';
import { jobSummaryOf } from './job-summary';

export type UpgradeDatabase = IDBPDatabase<FitbenchSchema>;
export type UpgradeTransaction = IDBPTransaction<
  FitbenchSchema,
  ArrayLike<StoreNames<FitbenchSchema>>,
  'versionchange'
>;

export interface Migration {
  /** The version this migration produces (1, 2, …, consecutive). */
  version: number;
  description: string;
  /**
   * Applies the change. Use only IndexedDB requests of `tx` when async: awaiting anything
   * else lets the upgrade transaction commit early.
   */
  apply(db: UpgradeDatabase, tx: UpgradeTransaction): void | Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'jobs, checkpoints, results, datasets and projects',
    apply(db) {
      const jobs = db.createObjectStore('jobs', { keyPath: 'jobId' });
      jobs.createIndex('by-status', 'status');
      db.createObjectStore('checkpoints', { keyPath: ['jobId', 'seq'] });
      db.createObjectStore('results', { keyPath: 'jobId' });
      const datasets = db.createObjectStore('datasets', { keyPath: 'id' });
      datasets.createIndex('by-created', 'createdAt');
      const projects = db.createObjectStore('projects', { keyPath: 'id' });
      projects.createIndex('by-updated', 'updatedAt');
    },
  },
  {
    version: 2,
    description: 'index jobs by updatedAt (most recent unfinished job first)',
    apply(_db, tx) {
      tx.objectStore('jobs').createIndex('by-updated', 'updatedAt');
    },
  },
  {
    version: 3,
    description: 'checkpoints in the SolverState vocabulary (radius, lambda, alpha) instead of "damping"',
    async apply(_db, tx) {
      let cursor = await tx.objectStore('checkpoints').openCursor();
      while (cursor) {
        const stored = cursor.value as unknown as { jobId: string; seq: number; state: { formatVersion?: unknown } };
        if (stored.state?.formatVersion === 1) {
          await cursor.update(upgradeCheckpointV1(stored as Parameters<typeof upgradeCheckpointV1>[0]));
        }
        cursor = await cursor.continue();
      }
    },
  },
  {
    version: 4,
    description: 'job data (the spec) apart from job metadata, so scanning jobs reads no curves',
    async apply(db, tx) {
      db.createObjectStore('job-payloads', { keyPath: 'jobId' });
      const payloads = tx.objectStore('job-payloads');
      let cursor = await tx.objectStore('jobs').openCursor();
      while (cursor) {
        const stored = cursor.value as unknown as JobMeta & { spec?: unknown };
        if ('spec' in stored) {
          const { spec, ...meta } = stored;
          // A malformed spec moves too (kept, not lost); without a summary the scan quarantines it.
          if (spec !== undefined) await payloads.put({ jobId: stored.jobId, spec: spec as JobSpec });
          const summary = jobSummaryOf(spec);
          const next = { ...meta } as JobMeta;
          if (summary === null) delete (next as Partial<JobMeta>).summary;
          else next.summary = summary;
          await cursor.update(next);
        }
        cursor = await cursor.continue();
      }
    },
  },
];

/** Current schema version: the last migration's. */
export const DB_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Throws when the list is not 1, 2, 3, … (a programming error caught by the tests). */
export function assertMigrationsOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`migration #${i} has version ${m.version}; expected ${i + 1}`);
    }
  });
}

/**
 * Runs the migrations in (oldVersion, newVersion] in order. Synchronous migrations run
 * back to back without yielding; an async one is awaited before the next starts.
 */
export async function runMigrations(
  db: UpgradeDatabase,
  tx: UpgradeTransaction,
  oldVersion: number,
  newVersion: number,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<void> {
  for (const m of migrations) {
    if (m.version <= oldVersion || m.version > newVersion) continue;
    try {
      const pending = m.apply(db, tx);
      if (pending) await pending;
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      throw new Error(`migration to version ${m.version} (${m.description}) failed: ${detail}`, { cause: e });
    }
  }
}
