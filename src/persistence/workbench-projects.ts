/**
 * The workbench's named projects in their own IndexedDB database (`fitbench-projects`), apart
 * from the fitting service's jobs and checkpoints, so each can change its schema alone. A
 * project holds the workbench's snapshot as the app defines it (plain structured-clone data:
 * text, typed arrays, numbers); this layer stores, lists and remembers which one is open.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { randomId } from './ids';
import { toStorageError } from './storage-errors';

export const PROJECTS_DB_NAME = 'fitbench-projects';
const PROJECTS_DB_VERSION = 1;
const CURRENT_KEY = 'current';

export interface WorkbenchProjectRecord<S = unknown> {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  snapshot: S;
}

export type WorkbenchProjectSummary = Omit<WorkbenchProjectRecord, 'snapshot'>;

interface ProjectsSchema extends DBSchema {
  projects: { key: string; value: WorkbenchProjectRecord; indexes: { 'by-updated': number } };
  meta: { key: string; value: string };
}

export interface WorkbenchProjects<S> {
  list(): Promise<WorkbenchProjectSummary[]>;
  get(id: string): Promise<WorkbenchProjectRecord<S> | undefined>;
  /** Creates a project with a fresh id and makes it the open one. */
  create(name: string, snapshot: S): Promise<WorkbenchProjectRecord<S>>;
  /** Replaces the snapshot (and the name when given) of an existing project; stamps updatedAt. */
  save(id: string, snapshot: S, name?: string): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  remove(id: string): Promise<void>;
  currentId(): Promise<string | null>;
  setCurrentId(id: string): Promise<void>;
  close(): void;
}

/** Opens (creating on first use) the projects database. Throws STORAGE_UNAVAILABLE without IndexedDB. */
export async function openWorkbenchProjects<S>(
  options: { name?: string; now?: () => number } = {},
): Promise<WorkbenchProjects<S>> {
  const now = options.now ?? Date.now;
  let db: IDBPDatabase<ProjectsSchema>;
  try {
    db = await openDB<ProjectsSchema>(options.name ?? PROJECTS_DB_NAME, PROJECTS_DB_VERSION, {
      upgrade(database) {
        const projects = database.createObjectStore('projects', { keyPath: 'id' });
        projects.createIndex('by-updated', 'updatedAt');
        database.createObjectStore('meta');
      },
    });
  } catch (e) {
    throw toStorageError(e, 'opening the projects database');
  }
  const guard = async <T>(doing: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      throw toStorageError(e, doing);
    }
  };
  const get = (id: string) =>
    guard(`reading project ${id}`, async () => (await db.get('projects', id)) as WorkbenchProjectRecord<S> | undefined);
  const put = (record: WorkbenchProjectRecord) =>
    guard(`saving project "${record.name}"`, async () => {
      const tx = db.transaction('projects', 'readwrite', { durability: 'strict' });
      await tx.store.put(record);
      await tx.done;
    });
  /** Replaces a record by a function of its stored value (null: leave it) within one transaction. */
  const update = (
    doing: string,
    id: string,
    next: (old: WorkbenchProjectRecord | undefined) => WorkbenchProjectRecord | null,
  ): Promise<void> =>
    guard(doing, async () => {
      const tx = db.transaction('projects', 'readwrite', { durability: 'strict' });
      const record = next(await tx.store.get(id));
      if (record) await tx.store.put(record);
      await tx.done;
    });
  const setCurrentId = (id: string) =>
    guard('remembering the open project', async () => void (await db.put('meta', id, CURRENT_KEY)));
  return {
    list: () =>
      guard('listing projects', async () => {
        const all = await db.getAllFromIndex('projects', 'by-updated');
        return all.reverse().map(({ id, name, createdAt, updatedAt }) => ({ id, name, createdAt, updatedAt }));
      }),
    get,
    async create(name, snapshot) {
      const t = now();
      const record: WorkbenchProjectRecord<S> = { id: randomId('project'), name, createdAt: t, updatedAt: t, snapshot };
      await put(record);
      await setCurrentId(record.id);
      return record;
    },
    // Read and write in one readwrite transaction: IndexedDB runs those on a store one after
    // the other, so a rename and an autosave racing each other cannot undo one another.
    save: (id, snapshot, name) =>
      update(`saving project ${id}`, id, (old) => {
        const t = now();
        return { id, name: name ?? old?.name ?? 'Untitled', createdAt: old?.createdAt ?? t, updatedAt: t, snapshot };
      }),
    rename: (id, name) =>
      update(`renaming project ${id}`, id, (old) => (old ? { ...old, name, updatedAt: now() } : null)),
    remove: (id) => guard(`deleting project ${id}`, () => db.delete('projects', id)),
    currentId: () => guard('reading the open project', async () => (await db.get('meta', CURRENT_KEY)) ?? null),
    setCurrentId,
    close: () => db.close(),
  };
}
