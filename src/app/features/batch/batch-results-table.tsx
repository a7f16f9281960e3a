import type { BatchDiagnostics } from '../../../core/api-types';
import { useBatch, useBatchActions } from './batch-context';
import type { SortKey } from './batch-store';
import { groupDigits } from './group-digits';

const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)).toString() : String(v));

/** A curve's diagnostics in words ("" when none applies). */
function flagsOf(d: BatchDiagnostics, j: number): string {
  const flags: string[] = [];
  if (d.atBound[j]) flags.push('at a bound');
  if (d.notIdentifiable[j]) flags.push('not identifiable');
  if (d.refittedF64[j]) flags.push('refitted in float64');
  return flags.join(', ');
}

/** The results, one row per curve: sortable by any column (sorted in the worker), paged. */
export function BatchResultsTable() {
  const outcome = useBatch((s) => s.outcome);
  const curves = useBatch((s) => s.curves);
  const order = useBatch((s) => s.order);
  const sort = useBatch((s) => s.sort);
  const page = useBatch((s) => s.page);
  const pageSize = useBatch((s) => s.pageSize);
  const { sortBy, setPage } = useBatchActions();
  if (!outcome || !curves) return null;
  const r = outcome.result;
  const p = r.paramNames.length;
  const total = outcome.status.length;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = page * pageSize;
  const rows = Array.from({ length: Math.min(pageSize, total - first) }, (_, k) =>
    order ? order[first + k] : first + k,
  );
  const header = (label: string, key: SortKey, testId: string) => {
    const active = sort !== null && JSON.stringify(sort.key) === JSON.stringify(key);
    return (
      <th aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
        <button type="button" data-testid={`batch-sort-${testId}`} onClick={() => void sortBy(key)}>
          {label}
          {active ? (sort.descending ? ' ▼' : ' ▲') : ''}
        </button>
      </th>
    );
  };
  return (
    <div className="batch-table">
      <h3>Curves</h3>
      <table data-testid="batch-results-table">
        <thead>
          <tr>
            {header('curve', { kind: 'curve' }, 'curve')}
            {curves.labels && <th>label</th>}
            {curves.grid && <th>row, col</th>}
            {r.paramNames.map((name, i) => header(name, { kind: 'param', index: i }, name))}
            {r.paramNames.map((name, i) => header(`± ${name}`, { kind: 'stderr', index: i }, `stderr-${name}`))}
            {header('cost', { kind: 'cost' }, 'cost')}
            {header('iterations', { kind: 'iterations' }, 'iterations')}
            {header('status', { kind: 'status' }, 'status')}
            {r.diagnostics && <th title="per-curve diagnostics">flags</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((j) => (
            <tr key={j} data-testid="batch-row" data-curve={j} data-status={outcome.status[j]}>
              <td>{j}</td>
              {curves.labels && <td>{curves.labels[j]}</td>}
              {curves.grid && <td>{`${curves.grid.rows[j]}, ${curves.grid.cols[j]}`}</td>}
              {r.paramNames.map((name, i) => (
                <td key={name} data-testid={`batch-cell-${name}`}>
                  {fmt(r.params[j * p + i])}
                </td>
              ))}
              {r.paramNames.map((name, i) => (
                <td key={name}>{fmt(r.stdErrors[j * p + i])}</td>
              ))}
              <td>{fmt(r.cost[j])}</td>
              <td>{r.iterations[j]}</td>
              <td className={`status-${outcome.status[j]}`}>{outcome.status[j]}</td>
              {r.diagnostics && <td data-testid="batch-cell-flags">{flagsOf(r.diagnostics, j)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="batch-pager">
        <button type="button" data-testid="batch-page-prev" disabled={page === 0} onClick={() => setPage(page - 1)}>
          ← previous
        </button>
        <span data-testid="batch-page-info">
          {`${groupDigits(first + 1)}–${groupDigits(first + rows.length)} of ${groupDigits(total)}`}
        </span>
        <button
          type="button"
          data-testid="batch-page-next"
          disabled={page >= pages - 1}
          onClick={() => setPage(page + 1)}
        >
          next →
        </button>
      </div>
    </div>
  );
}
