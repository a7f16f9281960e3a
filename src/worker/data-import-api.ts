/** Messages of the data-import worker (parsing tables and spreadsheets off the page's main thread). */
import type { DataTable, ParseTableOptions } from '../core/data';
import type { StoredError } from '../persistence';

export type DataImportRequest =
  | { id: number; kind: 'table'; text: string; options: ParseTableOptions }
  | { id: number; kind: 'xlsx'; buffer: ArrayBuffer };

export type DataImportReply =
  | { id: number; ok: true; kind: 'table'; table: DataTable }
  | { id: number; ok: true; kind: 'xlsx'; text: string; sheetRows: number }
  | { id: number; ok: false; error: StoredError };
