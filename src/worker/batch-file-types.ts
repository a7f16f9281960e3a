/**
 * The batch page's file worker (batch-file.worker.ts): everything on 100,000 curves that
 * would hold the page longer than a frame — reading the file, sorting the results table,
 * writing the exports — runs there. Types only: the page imports nothing else from the worker.
 */
import type { BatchBytesOptions, BatchCurves, BatchResultTable } from '../core/data/batch';

export interface BatchFileWorkerApi {
  /** Reads a batch file (CSV/TSV, Arrow IPC, .npy); its arrays come back transferred. */
  read(bytes: ArrayBuffer, name: string, options: Omit<BatchBytesOptions, 'xNpy'>): Promise<BatchCurves>;
  /** The curve order that sorts `values` (NaN last either way). */
  sortOrder(values: Float64Array, descending: boolean): Promise<Uint32Array>;
  /** The results as CSV text. */
  exportCsv(table: BatchResultTable): Promise<string>;
  /** The results as Arrow IPC bytes. */
  exportArrow(table: BatchResultTable): Promise<Uint8Array>;
}
