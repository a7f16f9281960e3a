import type { DataTable } from '../parse-table';
import { textCellError } from '../parse-table';
import { FitbenchError } from '../../errors';
import { checkBatchCurves, packRows, type BatchCurves } from './batch-curves';

/**
 * Curves from a parsed CSV/TSV table: `columns` layout = one x column and every other
 * numeric column a curve; `rows` layout = the header holds the x values and each row is a
 * curve (a leading non-numeric column of names is skipped; curves are labelled by file row). With `rows`, columns
 * named `row`/`col` (or `i`/`j`) before the x values are grid coordinates.
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
    const names = numeric.filter((c) => c !== xName);
    if (names.length === 0)
      throw new FitbenchError(
        'DATA_NO_NUMERIC_COLUMN',
        `only the x column "${xName}" is numeric: a batch needs one numeric column per curve`,
      );
    const { values, points } = packRows(
      names.map((c) => table.data[c]),
      'column',
    );
    return checkBatchCurves({
      count: names.length,
      points,
      x: table.data[xName],
      xPerCurve: false,
      y: values,
      labels: names,
    });
  }
  const labelColumn =
    table.nonNumericColumns.length > 0 && table.columns[0] === table.nonNumericColumns[0]
      ? table.columns[0]
      : undefined;
  const gridNames = findGridColumns(table.columns.filter((c) => c !== labelColumn));
  const xColumns = table.columns.filter((c) => c !== labelColumn && !gridNames?.includes(c));
  const x = Float64Array.from(xColumns, (name) => {
    const v = Number(name);
    if (name.trim() === '' || !Number.isFinite(v)) {
      throw new FitbenchError(
        'DATA_PARSE',
        `with the rows layout the header must hold the x values, but "${name}" is not a number`,
        { column: name },
      );
    }
    return v;
  });
  const count = table.rowCount;
  if (count === 0) throw new FitbenchError('DATA_EMPTY', 'the file has a header but no curves (rows)');
  const points = xColumns.length;
  const y = new Float64Array(count * points);
  xColumns.forEach((name, i) => {
    const column = table.data[name];
    for (let j = 0; j < count; j++) y[j * points + i] = column?.[j] ?? Number.NaN;
  });
  const labels = Array.from(table.rowNumbers, (line) => `row ${line}`);
  const grid = gridNames && {
    rows: Int32Array.from(table.data[gridNames[0]]),
    cols: Int32Array.from(table.data[gridNames[1]]),
  };
  return checkBatchCurves({ count, points, x, xPerCurve: false, y, labels, grid });
}

/** The [row, col] column names when both are present, else undefined. */
function findGridColumns(columns: string[]): [string, string] | undefined {
  const lower = columns.map((c) => c.trim().toLowerCase());
  for (const [r, c] of [
    ['row', 'col'],
    ['row', 'column'],
    ['i', 'j'],
  ]) {
    const ri = lower.indexOf(r);
    const ci = lower.indexOf(c);
    if (ri >= 0 && ci >= 0) return [columns[ri], columns[ci]];
  }
  return undefined;
}
