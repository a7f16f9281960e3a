/**
 * The batch results table packed for postMessage. No Arrow here: the page imports this
 * without pulling the Arrow library into its bundle.
 */
import type { BatchResultTable, CurveStatus } from './batch-results-table';

/**
 * A results table in the shape that crosses to a worker cheaply: statuses one byte each and
 * labels as one JSON string (100,000 separate strings cost the sending thread a long clone).
 */
export interface PackedResultTable extends Omit<BatchResultTable, 'status' | 'labels'> {
  statusCodes?: Uint8Array;
  labelsJson?: string;
}

const STATUS_CODES: readonly CurveStatus[] = ['converged', 'not-converged', 'failed', 'chunk-failed', 'not-fitted'];

export function packResultTable(table: BatchResultTable): PackedResultTable {
  const { status, labels, ...rest } = table;
  const packed: PackedResultTable = rest;
  if (status) packed.statusCodes = Uint8Array.from(status, (s) => STATUS_CODES.indexOf(s));
  if (labels) packed.labelsJson = JSON.stringify(labels);
  return packed;
}

export function unpackResultTable(packed: PackedResultTable): BatchResultTable {
  const { statusCodes, labelsJson, ...rest } = packed;
  const table: BatchResultTable = rest;
  if (statusCodes) table.status = Array.from(statusCodes, (c) => STATUS_CODES[c] ?? 'failed');
  if (labelsJson !== undefined) table.labels = JSON.parse(labelsJson) as string[];
  return table;
}
