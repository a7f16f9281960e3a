/**
 * Notebook edits and notebooks opened from files, in their own IndexedDB database
 * ("fitbench-notebooks", apart from the fitting service's schema). Every call degrades to
 * "nothing saved" when IndexedDB is unavailable: a notebook still runs, its edits just do
 * not survive a reload.
 */
import { wrap, type DBSchema, type IDBPDatabase } from 'idb';

export const NOTEBOOK_DB_NAME = 'fitbench-notebooks';

/** A notebook's edited cells (index → code); cells not listed keep their source. */
export interface NotebookEditsRecord {
  notebookId: string;
  cells: Record<number, string>;
  updatedAt: number;
}

/** A notebook the reader opened from a file or a link. */
export interface ImportedNotebookRecord {
  notebookId: string;
  source: string;
  /** Where it came from (a file name or a URL), shown with the trust prompt. */
  origin: string;
  /** The reader agreed to run its cells. */
  trusted: boolean;
  importedAt: number;
}

interface NotebookSchema extends DBSchema {
  edits: { key: string; value: NotebookEditsRecord };
  imported: { key: string; value: ImportedNotebookRecord };
}

export interface NotebookStore {
  loadEdits(notebookId: string): Promise<Record<number, string>>;
  saveCell(notebookId: string, index: number, code: string | null): Promise<void>;
  clearEdits(notebookId: string): Promise<void>;
  saveImported(record: ImportedNotebookRecord): Promise<void>;
  loadImported(notebookId: string): Promise<ImportedNotebookRecord | undefined>;
  listImported(): Promise<ImportedNotebookRecord[]>;
  removeImported(notebookId: string): Promise<void>;
}

/** Opens the store (lazily, on first use). `factory` defaults to the global indexedDB. */
export function createNotebookStore(options: { name?: string; indexedDB?: IDBFactory | null } = {}): NotebookStore {
  const factory = options.indexedDB === undefined ? globalThis.indexedDB : options.indexedDB;
  let opening: Promise<IDBPDatabase<NotebookSchema> | null> | null = null;
  const db = () => {
    opening ??= new Promise<IDBPDatabase<NotebookSchema> | null>((resolve) => {
      if (!factory) return resolve(null);
      try {
        const request = factory.open(options.name ?? NOTEBOOK_DB_NAME, 1);
        request.onupgradeneeded = () => {
          request.result.createObjectStore('edits', { keyPath: 'notebookId' });
          request.result.createObjectStore('imported', { keyPath: 'notebookId' });
        };
        request.onsuccess = () => {
          try {
            resolve(wrap(request.result) as unknown as IDBPDatabase<NotebookSchema>);
          } catch {
            resolve(null);
          }
        };
        request.onerror = () => resolve(null);
        request.onblocked = () => resolve(null);
      } catch {
        resolve(null);
      }
    });
    return opening;
  };
  return {
    async loadEdits(notebookId) {
      const d = await db();
      return (await d?.get('edits', notebookId).catch(() => undefined))?.cells ?? {};
    },
    async saveCell(notebookId, index, code) {
      const d = await db();
      if (!d) return;
      const tx = d.transaction('edits', 'readwrite');
      const record = (await tx.store.get(notebookId)) ?? { notebookId, cells: {}, updatedAt: 0 };
      if (code === null) delete record.cells[index];
      else record.cells[index] = code;
      record.updatedAt = Date.now();
      await tx.store.put(record);
      await tx.done;
    },
    async clearEdits(notebookId) {
      await (await db())?.delete('edits', notebookId);
    },
    async saveImported(record) {
      await (await db())?.put('imported', record);
    },
    async loadImported(notebookId) {
      return (await db())?.get('imported', notebookId);
    },
    async listImported() {
      return (await (await db())?.getAll('imported')) ?? [];
    },
    async removeImported(notebookId) {
      await (await db())?.delete('imported', notebookId);
    },
  };
}
