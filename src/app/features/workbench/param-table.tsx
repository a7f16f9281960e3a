import { memo } from 'react';
import { useWorkbench } from '../../stores/hooks';
import type { ParamRow } from '../../stores/param-rows';

/** Parameters: start value, bounds (empty = open) and a fixed flag, one row each. */
export function ParamTable() {
  const rows = useWorkbench((s) => s.rows);
  const canGuess = useWorkbench((s) => s.model?.kind === 'library' && s.fitData !== null);
  const guessParams = useWorkbench((s) => s.guessParams);
  const hasModel = useWorkbench((s) => s.model !== null);
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
      <table className="param-table" aria-disabled={!hasModel}>
        <thead>
          <tr>
            <th>name</th>
            <th>start</th>
            <th>min</th>
            <th>max</th>
            <th title="held at its start value">fixed</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <ParamRowView key={r.name} row={r} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

const ParamRowView = memo(function ParamRowView({ row }: { row: ParamRow }) {
  const editParam = useWorkbench((s) => s.editParam);
  const error = useWorkbench((s) => s.paramErrors[row.name]);
  const n = row.name;
  return (
    <>
      <tr data-testid={`param-row-${n}`} className={error ? 'invalid' : undefined}>
        <th scope="row">{n}</th>
        <td>
          <input
            type="text"
            inputMode="decimal"
            data-testid={`param-value-${n}`}
            aria-label={`${n} start value`}
            value={row.value}
            title={row.valueSource === 'guess' ? 'automatic guess' : undefined}
            onChange={(e) => editParam(n, { value: e.target.value })}
          />
        </td>
        <td>
          <input
            type="text"
            inputMode="decimal"
            data-testid={`param-min-${n}`}
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
            checked={row.fixed}
            onChange={(e) => editParam(n, { fixed: e.target.checked })}
          />
        </td>
      </tr>
      {error && (
        <tr className="param-error-row">
          <td colSpan={5} className="field-error" data-testid={`param-error-${n}`}>
            {error}
          </td>
        </tr>
      )}
    </>
  );
});
