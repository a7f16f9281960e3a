/** Picks x, y and sigma columns from a parsed table and validates them for a fit. */
import { FitbenchError } from '../errors';
import { finishFitData, type FinishOptions, type FitData } from './fit-data';
import { textCellError, type DataTable } from './parse-table';
import { quoteNames } from './row-list';

export interface ColumnSelection extends FinishOptions {
  /** Predictor column(s); default the first numeric column. */
  x?: string | string[];
  /** Response column; default the first numeric column not used as x or sigma. */
  y?: string;
  sigma?: string;
}

/**
 * The chosen columns as FitData (row numbers are file rows, header = 1). Throws
 * DATA_COLUMN_MISSING, DATA_PARSE (text in a chosen column), DATA_NO_NUMERIC_COLUMN,
 * DATA_NONFINITE, SIGMA_INVALID, DATA_EMPTY or DATA_TOO_FEW_POINTS.
 */
export function selectColumns(table: DataTable, selection: ColumnSelection = {}): FitData {
  const requested = [
    ...(selection.x === undefined ? [] : Array.isArray(selection.x) ? selection.x : [selection.x]),
    ...(selection.y === undefined ? [] : [selection.y]),
    ...(selection.sigma === undefined ? [] : [selection.sigma]),
  ];
  for (const name of requested) column(table, name);
  // Defaults skip label columns but not typo'd numeric ones, which must then be reported.
  const candidates = table.columns.filter((c) => table.data[c] || table.mixedColumns.includes(c));
  const taken = new Set(requested);
  const next = (role: string): string => {
    const c = candidates.find((name) => !taken.has(name));
    if (c === undefined) {
      throw new FitbenchError(
        'DATA_NO_NUMERIC_COLUMN',
        `no numeric column left for ${role}: numeric columns are ${quoteNames(candidates)}; choose the columns explicitly`,
      );
    }
    taken.add(c);
    return c;
  };
  const xNames =
    selection.x === undefined ? [next('x')] : Array.isArray(selection.x) ? [...selection.x] : [selection.x];
  if (xNames.length === 0) throw new FitbenchError('DATA_COLUMN_MISSING', 'no x column was chosen');
  const yName = selection.y ?? next('y');
  return finishFitData(
    {
      predictorNames: xNames,
      predictors: xNames.map((name) => column(table, name)),
      y: column(table, yName),
      yName,
      sigma: selection.sigma === undefined ? undefined : column(table, selection.sigma),
      sigmaName: selection.sigma,
      sourceRows: table.rowNumbers,
      unit: 'row',
    },
    selection,
  );
}

function column(table: DataTable, name: string): Float64Array {
  const values = table.data[name];
  if (values) return values;
  if (!table.columns.includes(name)) {
    throw new FitbenchError(
      'DATA_COLUMN_MISSING',
      `column '${name}' not found; available columns: ${quoteNames(table.columns)}`,
      {
        column: name,
        available: [...table.columns],
      },
    );
  }
  throw textCellError(name, table.textCells[name]);
}
