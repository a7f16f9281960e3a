import { memo } from 'react';
import { useWorkbench } from '../../stores/hooks';
import { isTied, type ParamRow } from '../../stores/param-rows';
import './param-table.css';

/**
 * Parameters in lmfit's terms: start value, bounds (empty = open), fixed (vary=False), a tied
 * expression (expr) and, with several data sets, whether the parameter is shared by all.
 */
export function ParamTable() {
  const rows = useWorkbench((s) => s.rows);
  const canGuess = useWorkbench((s) => s.model?.kind === 'library' && s.fitData !== null);
  const guessParams = useWorkbench((s) => s.guessParams);
  const hasModel = useWorkbench((s) => s.model !== null);
  const global = useWorkbench((s) => s.datasets.length > 1);
  if (rows.length === 0) return null;
  return (
    <div className="param-panel">
      <h2>
        Parameters
        {canGuess && (
          <button
            type="button"
            className="small"
            data-testid="guess-button"
            onClick={guessParams}
            title="Fill every start value with the library's automatic guess from the data"
          >
            Guess
          </button>
        )}
      </h2>
      <div className="table-scroll">
        <table className="param-table" aria-disabled={!hasModel}>
          <thead>
            <tr>
              <th>name</th>
              <th>start</th>
              <th>min</th>
              <th>max</th>
              <th title="held at its start value (lmfit: vary=False)">fixed</th>
              <th title="lmfit expr: computed from other parameters, not varied (e.g. 2*s1)">expr</th>
              {global && <th title="one value for every data set (otherwise one per data set: k_1, k_2…)">shared</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <ParamRowView key={r.name} row={r} global={global} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

const ParamRowView = memo(function ParamRowView({ row, global }: { row: ParamRow; global: boolean }) {
  const editParam = useWorkbench((s) => s.editParam);
  const error = useWorkbench((s) => s.paramErrors[row.name]);
  const n = row.name;
  const tied = isTied(row);
  const errorId = `param-error-${n}`;
  const exprBad = tied && error !== undefined && error.startsWith('expr');
  return (
    <>
      <tr
        data-testid={`param-row-${n}`}
        className={[error ? 'invalid' : '', tied ? 'tied' : ''].filter(Boolean).join(' ') || undefined}
      >
        <th scope="row">{n}</th>
        <td>
          <input
            type="text"
            inputMode="decimal"
            data-testid={`param-value-${n}`}
            disabled={tied}
            aria-label={`${n} start value`}
            value={row.value}
            title={tied ? 'computed from its expr' : row.valueSource === 'guess' ? 'automatic guess' : undefined}
            onChange={(e) => editParam(n, { value: e.target.value })}
          />
        </td>
        <td>
          <input
            type="text"
            inputMode="decimal"
            data-testid={`param-min-${n}`}
            disabled={tied}
            aria-label={`${n} lower bound`}
            placeholder="-inf"
            value={row.min}
            onChange={(e) => editParam(n, { min: e.target.value })}
          />
        </td>
        <td>
          <input
            type="text"
            inputMode="decimal"
            data-testid={`param-max-${n}`}
            disabled={tied}
            aria-label={`${n} upper bound`}
            placeholder="inf"
            value={row.max}
            onChange={(e) => editParam(n, { max: e.target.value })}
          />
        </td>
        <td className="center">
          <input
            type="checkbox"
            data-testid={`param-fixed-${n}`}
            aria-label={`${n} fixed`}
            checked={row.fixed && !tied}
            disabled={tied}
            onChange={(e) => editParam(n, { fixed: e.target.checked })}
          />
        </td>
        <td>
          <input
            type="text"
            className="param-expr"
            spellCheck={false}
            data-testid={`param-expr-${n}`}
            aria-label={`${n} expression (expr): tie it to other parameters`}
            aria-invalid={exprBad}
            aria-describedby={error ? errorId : undefined}
            placeholder="—"
            value={row.expr}
            onChange={(e) => editParam(n, { expr: e.target.value })}
          />
        </td>
        {global && (
          <td className="center">
            <input
              type="checkbox"
              data-testid={`param-shared-${n}`}
              aria-label={`${n} shared by all data sets`}
              checked={row.shared}
              onChange={(e) => editParam(n, { shared: e.target.checked })}
            />
          </td>
        )}
      </tr>
      {error && (
        <tr className="param-error-row">
          <td colSpan={global ? 7 : 6} className="field-error" id={errorId} data-testid={`param-error-${n}`}>
            {error}
          </td>
        </tr>
      )}
    </>
  );
});
