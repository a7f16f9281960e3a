import { useMemo } from 'react';
import { derivedErrorsOf } from '../../stores/derived-slice';
import { useWorkbench } from '../../stores/hooks';
import './derived-intervals.css';

/**
 * Derived quantities: named expressions of the parameters (fwhm = 2.3548*sigma) that the fit
 * reports with delta-method errors. Each field shows its own error as it is typed.
 */
export function DerivedPanel() {
  const rows = useWorkbench((s) => s.derived);
  const model = useWorkbench((s) => s.model);
  const datasets = useWorkbench((s) => s.datasets);
  const params = useWorkbench((s) => s.rows);
  const add = useWorkbench((s) => s.addDerived);
  const edit = useWorkbench((s) => s.editDerived);
  const remove = useWorkbench((s) => s.removeDerived);
  const errors = useMemo(
    () => derivedErrorsOf({ derived: rows, model, datasets, rows: params }),
    [rows, model, datasets, params],
  );
  return (
    <div className="derived-panel">
      <h2>Derived quantities</h2>
      {datasets.length > 1 && (
        <p className="muted derived-hint" data-testid="derived-global-hint">
          Global fit: a shared parameter keeps its name; any other is one per data set, written <code>sigma_1</code>,{' '}
          <code>sigma_2</code>… (data set 1, 2…).
        </p>
      )}
      {rows.length === 0 && (
        <p className="muted derived-hint">
          Quantities computed from the fitted parameters, reported with delta-method errors (e.g.{' '}
          <code>fwhm = 2.3548*sigma</code>, <code>half_life = ln(2)*t</code>).
        </p>
      )}
      {rows.map((row, i) => {
        const e = errors[i];
        const nameId = `derived-name-error-${i}`;
        const exprId = `derived-expr-error-${i}`;
        return (
          <div key={i} className="derived-row">
            <div className="derived-fields">
              <input
                type="text"
                className="derived-name"
                data-testid={`derived-name-${i}`}
                aria-label={`Name of derived quantity ${i + 1}`}
                placeholder="name"
                spellCheck={false}
                value={row.name}
                aria-invalid={e?.name !== undefined}
                aria-describedby={e?.name ? nameId : undefined}
                onChange={(ev) => edit(i, { name: ev.target.value })}
              />
              <span aria-hidden="true">=</span>
              <input
                type="text"
                className="derived-expr"
                data-testid={`derived-expr-${i}`}
                aria-label={`Expression of derived quantity ${i + 1}`}
                placeholder="2.3548*sigma"
                spellCheck={false}
                value={row.expr}
                aria-invalid={e?.expr !== undefined}
                aria-describedby={e?.expr ? exprId : undefined}
                onChange={(ev) => edit(i, { expr: ev.target.value })}
              />
              <button
                type="button"
                className="small"
                data-testid={`derived-remove-${i}`}
                aria-label={`Remove derived quantity ${row.name.trim() || i + 1}`}
                onClick={() => remove(i)}
              >
                ✕
              </button>
            </div>
            {e?.name && (
              <div className="field-error" id={nameId} data-testid={`derived-name-error-${i}`}>
                {e.name}
              </div>
            )}
            {e?.expr && (
              <div className="field-error" id={exprId} data-testid={`derived-expr-error-${i}`}>
                {e.expr}
              </div>
            )}
          </div>
        );
      })}
      <button type="button" className="small" data-testid="derived-add" onClick={() => add()}>
        Add derived quantity
      </button>
    </div>
  );
}
