/**
 * The data side of the workbench: a parsed table (from text or generated arrays), the
 * column picks, and the x payload the solver gets.
 */
import type { NumericArray } from '../../core/api-types';
import { looksLikeSigmaName, type DataTable, type FitData } from '../../core/data';

export interface ColumnPicks {
  x: string[];
  y: string;
  sigma: string | null;
}

export const NO_PICKS: ColumnPicks = Object.freeze({ x: [], y: '', sigma: null }) as ColumnPicks;

/** A DataTable over columns already in memory (the generated demos): no text to parse. */
export function tableFromColumns(names: readonly string[], columns: Readonly<Record<string, Float64Array>>): DataTable {
  const n = columns[names[0]]?.length ?? 0;
  const rowNumbers = new Uint32Array(n);
  for (let i = 0; i < n; i++) rowNumbers[i] = i + 2;
  return {
    columns: [...names],
    data: { ...columns },
    rowCount: n,
    nonNumericColumns: [],
    textCells: {},
    mixedColumns: [],
    rowNumbers,
    delimiter: ',',
    decimal: '.',
    units: {},
    skippedRows: [],
  };
}

/** Columns that can be picked: numeric ones, and mostly-numeric ones (so their typo is reported). */
export function pickableColumns(table: DataTable): string[] {
  return table.columns.filter((c) => table.data[c] !== undefined || table.mixedColumns.includes(c));
}

/**
 * Keeps the previous picks where their columns still exist; otherwise x is the first
 * pickable column, y the next, and sigma a column named like one ("sigma", "rate_err", "y_sd", "dy"…).
 * `autoSigma` (a new set of columns) lets a sigma-like column be picked again.
 */
export function choosePicks(table: DataTable, previous: ColumnPicks = NO_PICKS, autoSigma = true): ColumnPicks {
  const cols = pickableColumns(table);
  const has = (c: string) => cols.includes(c);
  let x = previous.x.filter(has);
  if (x.length === 0 && cols.length > 0) x = [cols[0]];
  const free = cols.filter((c) => !x.includes(c));
  const sigmaLike = free.find(looksLikeSigmaName) ?? null;
  let y = has(previous.y) && !x.includes(previous.y) ? previous.y : (free.find((c) => c !== sigmaLike) ?? '');
  if (y === '' && free.length > 0) y = free[0];
  const keepSigma =
    previous.sigma !== null && has(previous.sigma) && previous.sigma !== y && !x.includes(previous.sigma);
  const sigma = keepSigma ? previous.sigma : autoSigma && sigmaLike !== y ? sigmaLike : null;
  return { x, y, sigma };
}

/**
 * The x the solver gets: one array when a single column is picked and the model reads it
 * as `x`; named arrays when the model reads column names (several predictors, or one
 * column used by its own name).
 */
export function xPayload(
  data: FitData,
  modelPredictors: readonly string[],
): NumericArray | Record<string, NumericArray> {
  const names = data.predictorNames;
  if (names.length === 1) {
    const only = names[0];
    if (only === 'x' || !modelPredictors.includes(only)) return data.predictors[only];
  }
  return Object.fromEntries(names.map((n) => [n, data.predictors[n]]));
}

/** "201 rows · columns x, y" */
export function tableSummary(table: DataTable): string {
  const extra = table.nonNumericColumns.length > 0 ? ` (text: ${table.nonNumericColumns.join(', ')})` : '';
  const notes: string[] = [];
  if (table.decimal === ',') notes.push('decimal comma');
  if (table.skippedRows.length > 0)
    notes.push(`${table.skippedRows.length} comment/unit row${table.skippedRows.length === 1 ? '' : 's'} skipped`);
  const note = notes.length > 0 ? ` · ${notes.join(', ')}` : '';
  return `${table.rowCount.toLocaleString('en-US')} rows · ${table.columns.length} columns: ${table.columns.join(', ')}${extra}${note}`;
}
