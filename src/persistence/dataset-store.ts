/**
 * Saved data sets: columns as Float64Arrays (structured clone keeps typed arrays, so they
 * come back as Float64Arrays, not plain arrays).
 */
import { FitbenchError } from '../core/errors';
import type { DatasetRecord, FitbenchDB } from './db-schema';
import { randomId } from './ids';
import { toStorageError } from './storage-errors';

export interface NewDataset {
  /** Defaults to a random id. */
  id?: string;
  name: string;
  columns: string[];
  /** One array per column name; plain number arrays are converted to Float64Array. */
  data: Record<string, Float64Array | readonly number[]>;
}

/** A dataset without its data, for lists. */
export interface DatasetSummary {
  id: string;
  name: string;
  columns: string[];
  rows: number;
  createdAt: number;
}

export interface DatasetStore {
  /** Validates and stores (replacing any dataset with the same id). */
  saveDataset(dataset: NewDataset): Promise<DatasetRecord>;
  getDataset(id: string): Promise<DatasetRecord | undefined>;
  /** Newest first. */
  listDatasets(): Promise<DatasetSummary[]>;
  deleteDataset(id: string): Promise<void>;
}

export function createDatasetStore(db: FitbenchDB, options: { now?: () => number } = {}): DatasetStore {
  const now = options.now ?? Date.now;

  async function saveDataset(dataset: NewDataset): Promise<DatasetRecord> {
    const record = toRecord(dataset, now());
    try {
      const tx = db.transaction('datasets', 'readwrite', { durability: 'strict' });
      tx.done.catch(() => undefined);
      await tx.store.put(record);
      await tx.done;
      return record;
    } catch (e) {
      throw toStorageError(e, `saving data set "${record.name}"`, { datasetId: record.id });
    }
  }

  async function getDataset(id: string): Promise<DatasetRecord | undefined> {
    assertId(id);
    try {
      return await db.get('datasets', id);
    } catch (e) {
      throw toStorageError(e, `reading data set ${id}`, { datasetId: id });
    }
  }

  async function listDatasets(): Promise<DatasetSummary[]> {
    try {
      const all = await db.getAllFromIndex('datasets', 'by-created');
      return all.reverse().map((d) => ({
        id: d.id,
        name: d.name,
        columns: d.columns,
        rows: d.columns.length > 0 ? d.data[d.columns[0]].length : 0,
        createdAt: d.createdAt,
      }));
    } catch (e) {
      throw toStorageError(e, 'listing data sets');
    }
  }

  async function deleteDataset(id: string): Promise<void> {
    assertId(id);
    try {
      await db.delete('datasets', id);
    } catch (e) {
      throw toStorageError(e, `deleting data set ${id}`, { datasetId: id });
    }
  }

  return { saveDataset, getDataset, listDatasets, deleteDataset };
}

function toRecord(dataset: NewDataset, createdAt: number): DatasetRecord {
  if (!dataset || typeof dataset !== 'object') {
    throw new FitbenchError('OPTIONS_INVALID', 'A data set must be an object { name, columns, data }.');
  }
  const id = dataset.id ?? randomId('ds');
  assertId(id);
  if (typeof dataset.name !== 'string' || dataset.name.trim() === '') {
    throw new FitbenchError('OPTIONS_INVALID', 'A data set needs a non-empty name.');
  }
  const { columns, data } = dataset;
  if (!Array.isArray(columns) || columns.length === 0) {
    throw new FitbenchError('DATA_EMPTY', `Data set "${dataset.name}" has no columns.`);
  }
  const seen = new Set<string>();
  for (const c of columns) {
    if (typeof c !== 'string' || c === '') {
      throw new FitbenchError('OPTIONS_INVALID', `Data set "${dataset.name}" has an empty or non-text column name.`);
    }
    if (seen.has(c)) {
      throw new FitbenchError('OPTIONS_INVALID', `Data set "${dataset.name}" names column "${c}" twice.`, {
        column: c,
      });
    }
    seen.add(c);
  }
  if (!data || typeof data !== 'object') {
    throw new FitbenchError('DATA_EMPTY', `Data set "${dataset.name}" has no data.`);
  }
  const stored: Record<string, Float64Array> = {};
  let rows = -1;
  for (const c of columns) {
    const values = data[c];
    if (values === undefined) {
      throw new FitbenchError(
        'DATA_COLUMN_MISSING',
        `Data set "${dataset.name}" lists column "${c}" but holds no values for it.`,
        {
          column: c,
        },
      );
    }
    const column = values instanceof Float64Array ? values : Float64Array.from(values);
    if (rows === -1) rows = column.length;
    else if (column.length !== rows) {
      throw new FitbenchError(
        'DATA_LENGTH_MISMATCH',
        `Column "${c}" of data set "${dataset.name}" has ${column.length} rows; the first column has ${rows}.`,
        { column: c },
      );
    }
    stored[c] = column;
  }
  const extra = Object.keys(data).find((k) => !seen.has(k));
  if (extra !== undefined) {
    throw new FitbenchError(
      'OPTIONS_INVALID',
      `Data set "${dataset.name}" holds values for "${extra}", which is not in its columns.`,
      {
        column: extra,
      },
    );
  }
  return { id, name: dataset.name, columns: [...columns], data: stored, createdAt };
}

function assertId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new FitbenchError('OPTIONS_INVALID', `A data set id must be a non-empty string; got ${JSON.stringify(id)}.`);
  }
}
