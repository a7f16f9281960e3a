import { textCellError, type DataTable } from '../core/data';
import { FitbenchError } from '../core/errors';

export interface BatchCurves {
  x: Float64Array;
  y: Float64Array[];
  /** One label per curve: its column name, or its row in the file. */
  labels: string[];
}

/**
 * Curves from a table: `columns` layout = one x column and every other numeric column a
 * curve; `rows` layout = the header holds the x values and each row is a curve (a leading
 * non-numeric column of names is skipped).
 */
export function curvesFromTable(table: DataTable, layout: 'columns' | 'rows', xColumn?: string): BatchCurves {
  // A mostly-numeric column with a text cell is a typo, not a label: say where it is rather
  // than silently leaving out a curve (columns) or an x value of every curve (rows).
  const typo = table.mixedColumns[0];
  if (typo !== undefined) throw textCellError(typo, table.textCells[typo]);
  const numeric = table.columns.filter((c) => !table.nonNumericColumns.includes(c));
  if (layout === 'columns') {
    const xName = xColumn ?? numeric[0];
    if (!table.columns.includes(xName)) {
      throw new FitbenchError(
        'DATA_COLUMN_MISSING',
        `no column "${xName}": the file has ${table.columns.map((c) => `"${c}"`).join(', ')}`,
        { column: xName },
      );
    }
    if (!table.data[xName]) throw textCellError(xName, table.textCells[xName]);
    const curves = numeric.filter((c) => c !== xName);
    if (curves.length === 0)
      throw new FitbenchError(
        'DATA_NO_NUMERIC_COLUMN',
        `only the x column "${xName}" is numeric: a batch needs one numeric column per curve`,
      );
    return { x: table.data[xName], y: curves.map((c) => table.data[c]), labels: curves };
  }
  const labelColumn =
    table.nonNumericColumns.length > 0 && table.columns[0] === table.nonNumericColumns[0]
      ? table.columns[0]
      : undefined;
  const xColumns = table.columns.filter((c) => c !== labelColumn);
  const x = Float64Array.from(xColumns, (name) => {
    const v = Number(name);
    if (name.trim() === '' || !Number.isFinite(v)) {
      throw new FitbenchError(
        'DATA_PARSE',
        `with --layout rows the header must hold the x values, but "${name}" is not a number`,
        { column: name },
      );
    }
    return v;
  });
  const y = Array.from({ length: table.rowCount }, (_, i) =>
    Float64Array.from(xColumns, (name) => table.data[name]?.[i] ?? Number.NaN),
  );
  const labels = Array.from(table.rowNumbers, (line) => `row ${line}`);
  if (y.length === 0) throw new FitbenchError('DATA_EMPTY', 'the file has a header but no curves (rows)');
  return { x, y, labels };
}
