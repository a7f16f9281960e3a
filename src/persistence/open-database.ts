/**
 * Opens the Fitbench database. Never throws for an environment problem: a missing
 * IndexedDB (private mode, disabled storage), a failed open, a failed upgrade, a database
 * from a newer app or an open blocked by another tab all come back as
 * `{ ok: false, error }` with a STORAGE_UNAVAILABLE (or, on a full disk, STORAGE_QUOTA)
 * FitbenchError the page can show, and the fit then runs without checkpoints.
 */
import { wrap } from 'idb';
import { FitbenchError } from '../core/errors';
import { DEFAULT_DB_NAME, type FitbenchDB } from './db-schema';
import {
  MIGRATIONS,
  assertMigrationsOrdered,
  runMigrations,
  type Migration,
  type UpgradeTransaction,
} from './migrations';
import { toStorageError } from './storage-errors';

export type DatabaseEvent =
  /** Our upgrade waits for another tab to close an older connection. */
  | { kind: 'database-blocked'; name: string; oldVersion: number; newVersion: number | null }
  /** Another tab wants a newer version: we closed our connection so it can upgrade. */
  | { kind: 'database-versionchange'; name: string; oldVersion: number; newVersion: number | null }
  /** The browser closed the connection (storage cleared, disk error). */
  | { kind: 'database-terminated'; name: string };

export interface OpenDatabaseOptions {
  /** Database name (default "fitbench"); tests use their own. */
  name?: string;
  /** Schema version to open (default: the last migration's). Tests open older versions. */
  version?: number;
  /** Factory to use (default globalThis.indexedDB); null means "no IndexedDB here". */
  indexedDB?: IDBFactory | null;
  migrations?: readonly Migration[];
  onEvent?: (event: DatabaseEvent) => void;
  /** How long a blocked upgrade waits for other tabs before giving up (default 5000 ms). */
  blockedTimeoutMs?: number;
}

export type OpenDatabaseResult =
  { ok: true; db: FitbenchDB; name: string; version: number } | { ok: false; error: FitbenchError };

const DEFAULT_BLOCKED_TIMEOUT_MS = 5000;

/** Opens (creating or upgrading) the database; see the module comment for failures. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<OpenDatabaseResult> {
  const name = options.name ?? DEFAULT_DB_NAME;
  const migrations = options.migrations ?? MIGRATIONS;
  assertMigrationsOrdered(migrations);
  const latest = migrations.length;
  const version = options.version ?? latest;
  if (typeof name !== 'string' || name.length === 0) {
    throw new FitbenchError('OPTIONS_INVALID', 'Database name must be a non-empty string.');
  }
  if (!Number.isInteger(version) || version < 1 || version > latest) {
    throw new FitbenchError('OPTIONS_INVALID', `Database version must be an integer in 1..${latest}; got ${version}.`, {
      version,
    });
  }
  const blockedTimeoutMs = options.blockedTimeoutMs ?? DEFAULT_BLOCKED_TIMEOUT_MS;
  const emit = options.onEvent ?? (() => undefined);

  const factory = options.indexedDB === undefined ? globalIndexedDB() : options.indexedDB;
  if (!factory) {
    return unavailable(
      'IndexedDB is not available here (private browsing or storage disabled); fits run without checkpoints and nothing is saved.',
    );
  }

  let request: IDBOpenDBRequest;
  try {
    request = factory.open(name, version);
  } catch (e) {
    return { ok: false, error: withAdvice(toStorageError(e, `opening database "${name}"`)) };
  }

  return new Promise<OpenDatabaseResult>((resolve) => {
    let settled = false;
    let migrationError: unknown;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (result: OpenDatabaseResult): void => {
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      resolve(result);
    };

    request.addEventListener('upgradeneeded', (event) => {
      const db = wrap(request.result) as unknown as FitbenchDB;
      const tx = wrap(request.transaction as IDBTransaction) as unknown as UpgradeTransaction;
      // A failed upgrade is reported through the request's error; idb's done promise would
      // otherwise reject unobserved.
      tx.done.catch(() => undefined);
      runMigrations(db, tx, event.oldVersion, event.newVersion ?? version, migrations).catch((e: unknown) => {
        migrationError = e;
        try {
          tx.abort();
        } catch {
          // Already finished: the error below still reports the failure.
        }
      });
    });

    request.addEventListener('success', () => {
      const db = wrap(request.result) as unknown as FitbenchDB;
      if (settled) {
        // We gave up while blocked; do not keep a connection nobody holds.
        db.close();
        return;
      }
      db.addEventListener('versionchange', (event) => {
        // Closing lets the newer tab upgrade; this connection is unusable afterwards.
        db.close();
        emit({ kind: 'database-versionchange', name, oldVersion: event.oldVersion, newVersion: event.newVersion });
      });
      db.addEventListener('close', () => emit({ kind: 'database-terminated', name }));
      finish({ ok: true, db, name, version });
    });

    request.addEventListener('error', () => {
      if (settled) return;
      const error = request.error;
      if (migrationError !== undefined) {
        const detail = migrationError instanceof Error ? migrationError.message : String(migrationError);
        finish(unavailable(`Upgrading database "${name}" to version ${version} failed: ${detail}`));
      } else if (error?.name === 'VersionError') {
        finish(
          unavailable(
            `Database "${name}" was written by a newer Fitbench than this page (schema ${version}); reload to get the latest version.`,
          ),
        );
      } else {
        finish({ ok: false, error: withAdvice(toStorageError(error, `opening database "${name}"`)) });
      }
    });

    request.addEventListener('blocked', (event) => {
      emit({ kind: 'database-blocked', name, oldVersion: event.oldVersion, newVersion: event.newVersion });
      if (timer === undefined && !settled) {
        timer = setTimeout(() => {
          finish(
            unavailable(
              `Database "${name}" is held open at an older version by another Fitbench tab; close other tabs and reload.`,
            ),
          );
        }, blockedTimeoutMs);
      }
    });
  });
}

/** Deletes a database (settings "clear saved data", tests). */
export async function deleteDatabase(
  name: string = DEFAULT_DB_NAME,
  factory: IDBFactory | null = globalIndexedDB(),
): Promise<void> {
  if (!factory) return;
  await new Promise<void>((resolve, reject) => {
    const request = factory.deleteDatabase(name);
    request.addEventListener('success', () => resolve());
    request.addEventListener('error', () => reject(toStorageError(request.error, `deleting database "${name}"`)));
  });
}

function globalIndexedDB(): IDBFactory | null {
  try {
    // Firefox throws SecurityError on access when storage is disabled for the origin.
    return (globalThis as { indexedDB?: IDBFactory }).indexedDB ?? null;
  } catch {
    return null;
  }
}

function unavailable(message: string): OpenDatabaseResult {
  return { ok: false, error: new FitbenchError('STORAGE_UNAVAILABLE', message) };
}

function withAdvice(error: FitbenchError): FitbenchError {
  if (error.code !== 'STORAGE_UNAVAILABLE') return error;
  return new FitbenchError('STORAGE_UNAVAILABLE', `${error.message}. Fits run without checkpoints.`, error.context);
}
