import { useState } from 'react';
import { plainNumber } from '../format/value-with-error';

/** Rows shown in a chart's data table (the download/exports have every point). */
const MAX_ROWS = 500;
/** One formatter for every table (toLocaleString builds a new one per call). */
const COUNT = new Intl.NumberFormat('en-US');

/**
 * A chart's numbers as a table, the accessible alternative to the picture: collapsed under
 * a "Data table" disclosure, rendered only when opened (a chart of 600 points would
 * otherwise cost 600 table rows on every redraw).
 */
export function ChartTable({
  caption,
  columns,
  rows,
}: {
  caption: string;
  columns: string[];
  rows: readonly (readonly number[])[];
}) {
  const [open, setOpen] = useState(false);
  return (
    <details className="chart-table" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        Data table ({COUNT.format(rows.length)} {rows.length === 1 ? 'row' : 'rows'})
      </summary>
      {open && (
        <div className="table-scroll">
          <table>
            <caption>{caption}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, MAX_ROWS).map((r, i) => (
                <tr key={i}>
                  {r.map((v, j) => (
                    <td key={j} className="num">
                      {plainNumber(v, 8)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length > MAX_ROWS && (
            <p className="muted">
              First {MAX_ROWS} of {rows.length} rows.
            </p>
          )}
        </div>
      )}
    </details>
  );
}
