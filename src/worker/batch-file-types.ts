/**
 * The batch page's file worker (batch-file.worker.ts): everything on 100,000 curves that
 * would hold the page longer than a frame — reading the file, sorting the results table,
 * writing the exports — runs there. Types only: the page imports nothing else from the worker.
 */
import type { BatchBytesOptions, BatchCurves, PackedResultTable, CurveGrid, ParameterImage } from '../core/data/batch';

export interface BatchFileWorkerApi {
  /** Reads a batch file (CSV/TSV, Arrow IPC, .npy); its arrays come back transferred. */
  read(bytes: ArrayBuffer, name: string, options: Omit<BatchBytesOptions, 'xNpy'>): Promise<BatchCurves>;
  /** The curve order that sorts `values` (NaN last either way). */
  sortOrder(values: Float64Array, descending: boolean): Promise<Uint32Array>;
  /** The results as CSV, UTF-8 encoded here (a Blob of a 10 MB string would encode it on the page's thread). */
  exportCsv(table: PackedResultTable): Promise<Uint8Array>;
  /** Column `index` of `params` (`stride` per curve) painted over the grid; its pixels come back transferred. */
  paintMap(params: Float64Array, stride: number, index: number, grid: CurveGrid): Promise<ParameterImage>;
  /** The results as Arrow IPC bytes. */
  exportArrow(table: PackedResultTable): Promise<Uint8Array>;
}
