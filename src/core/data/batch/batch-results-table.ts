/**
 * Batch results as a table, one row per curve: CSV for people, Arrow IPC for pandas,
 * polars, DuckDB and pyarrow. Columns: curve (index), label, row/col (when the curves carry
 * grid coordinates), each parameter, stderr_<parameter>, cost, converged, iterations, status.
 */
import { Table, Utf8, makeVector, tableFromIPC, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import type { BatchDiagnostics, BatchResult } from '../../api-types';
import { FitbenchError } from '../../errors';
import { csvLines, csvNumberCell, csvTextCell } from '../../export/csv-cells';
import type { CurveGrid } from './batch-curves';

/** Why a curve's row holds what it holds. */
export type CurveStatus = 'converged' | 'not-converged' | 'failed' | 'chunk-failed' | 'not-fitted';

export interface BatchResultTable {
  result: Pick<
    BatchResult,
    'paramNames' | 'params' | 'stdErrors' | 'cost' | 'converged' | 'iterations' | 'diagnostics'
  >;
  labels?: string[];
  grid?: CurveGrid;
  /** Per-curve status; derived from the result when absent. */
  status?: CurveStatus[];
}

/** A curve with no finite cost failed (bad data, non-finite model); otherwise its convergence flag decides. */
export function curveStatusOf(result: Pick<BatchResult, 'cost' | 'converged'>, j: number): CurveStatus {
  if (!Number.isFinite(result.cost[j])) return 'failed';
  return result.converged[j] === 1 ? 'converged' : 'not-converged';
}

/** Columns of the per-curve diagnostics (0/1), between iterations and status (status stays last). */
const DIAGNOSTIC_COLUMNS: readonly (readonly [string, keyof BatchDiagnostics])[] = [
  ['at_bound', 'atBound'],
  ['not_identifiable', 'notIdentifiable'],
  ['refitted_f64', 'refittedF64'],
];

/** The results as Arrow IPC (file format). */
export function batchResultToArrow(table: BatchResultTable): Uint8Array {
  const { result } = table;
  const count = result.cost.length;
  const p = result.paramNames.length;
  const columns: Record<string, Vector> = {
    curve: makeVector(Int32Array.from({ length: count }, (_, j) => j)),
  };
  if (table.labels) columns.label = vectorFromArray(table.labels, new Utf8());
  if (table.grid) {
    columns.row = makeVector(table.grid.rows);
    columns.col = makeVector(table.grid.cols);
  }
  const column = (values: Float64Array, i: number) =>
    makeVector(Float64Array.from({ length: count }, (_, j) => values[j * p + i]));
  result.paramNames.forEach((name, i) => (columns[name] = column(result.params, i)));
  result.paramNames.forEach((name, i) => (columns[`stderr_${name}`] = column(result.stdErrors, i)));
  columns.cost = makeVector(result.cost);
  columns.converged = makeVector(result.converged);
  columns.iterations = makeVector(result.iterations);
  const d = result.diagnostics;
  if (d) for (const [name, key] of DIAGNOSTIC_COLUMNS) columns[name] = makeVector(d[key]);
  columns.status = vectorFromArray(statuses(table), new Utf8());
  return tableToIPC(new Table(columns), 'file');
}

/**
 * The results as CSV text with a header row; numbers keep all their digits (round trip
 * exact); labels from the user's file are escaped against spreadsheet formula injection.
 */
export function batchResultToCsv(table: BatchResultTable): string {
  const { result } = table;
  const names = result.paramNames;
  const p = names.length;
  const header = ['curve'];
  if (table.labels) header.push('label');
  if (table.grid) header.push('row', 'col');
  const d = result.diagnostics;
  header.push(...names, ...names.map((n) => `stderr_${n}`), 'cost', 'converged', 'iterations');
  if (d) header.push(...DIAGNOSTIC_COLUMNS.map(([name]) => name));
  header.push('status');
  const status = statuses(table);
  const lines = [header.map(csvTextCell)];
  for (let j = 0; j < result.cost.length; j++) {
    const row: string[] = [String(j)];
    if (table.labels) row.push(csvTextCell(table.labels[j]));
    if (table.grid) row.push(String(table.grid.rows[j]), String(table.grid.cols[j]));
    for (let i = 0; i < p; i++) row.push(csvNumberCell(result.params[j * p + i]));
    for (let i = 0; i < p; i++) row.push(csvNumberCell(result.stdErrors[j * p + i]));
    row.push(csvNumberCell(result.cost[j]), String(result.converged[j]), String(result.iterations[j]));
    if (d) for (const [, key] of DIAGNOSTIC_COLUMNS) row.push(String(d[key][j]));
    row.push(status[j]);
    lines.push(row);
  }
  return csvLines(lines);
}

function statuses(table: BatchResultTable): string[] {
  return table.status ?? Array.from({ length: table.result.cost.length }, (_, j) => curveStatusOf(table.result, j));
}

/** Reads a results table written by batchResultToArrow (for checks and for re-loading results). */
export function batchResultFromArrow(bytes: Uint8Array): BatchResultTable & { result: BatchResult } {
  const table = tableFromIPC(bytes);
  const names = table.schema.fields.map((f) => f.name);
  const costAt = names.indexOf('cost');
  const first = names.indexOf('curve') + 1 + (names.includes('label') ? 1 : 0) + (names.includes('row') ? 2 : 0);
  if (costAt < 0 || first <= 0)
    throw new FitbenchError('DATA_PARSE', 'not a Fitbench results table (no curve or cost column)');
  const paramNames = names.slice(first, first + (costAt - first) / 2);
  const count = table.numRows;
  const p = paramNames.length;
  const params = new Float64Array(count * p);
  const stdErrors = new Float64Array(count * p);
  paramNames.forEach((name, i) => {
    const v = table.getChild(name) as Vector;
    const e = table.getChild(`stderr_${name}`) as Vector;
    for (let j = 0; j < count; j++) {
      params[j * p + i] = v.get(j) as number;
      stdErrors[j * p + i] = e.get(j) as number;
    }
  });
  const floats = (name: string) => Float64Array.from(table.getChild(name)?.toArray() as ArrayLike<number>);
  const labels = table.getChild('label');
  const rows = table.getChild('row');
  const flags = DIAGNOSTIC_COLUMNS.map(([name]) => table.getChild(name));
  const diagnostics = flags.every((f) => f)
    ? (Object.fromEntries(
        DIAGNOSTIC_COLUMNS.map(([, key], i) => [key, Uint8Array.from(flags[i]?.toArray() as ArrayLike<number>)]),
      ) as unknown as BatchDiagnostics)
    : undefined;
  return {
    result: {
      paramNames,
      params,
      stdErrors,
      cost: floats('cost'),
      converged: Uint8Array.from(table.getChild('converged')?.toArray() as ArrayLike<number>),
      iterations: Uint32Array.from(table.getChild('iterations')?.toArray() as ArrayLike<number>),
      backend: 'cpu',
      elapsedMs: 0,
      ...(diagnostics ? { diagnostics } : {}),
    },
    labels: labels ? Array.from(labels.toArray() as ArrayLike<unknown>, String) : undefined,
    grid: rows
      ? {
          rows: Int32Array.from(rows.toArray() as ArrayLike<number>),
          cols: Int32Array.from(table.getChild('col')?.toArray() as ArrayLike<number>),
        }
      : undefined,
    status: Array.from(table.getChild('status')?.toArray() as ArrayLike<unknown>, String) as CurveStatus[],
  };
}
