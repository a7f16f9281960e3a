import { useRef } from 'react';
import { pickableColumns, tableSummary } from '../../stores/data-columns';
import { useWorkbench } from '../../stores/hooks';
import { FieldError } from './field-error';

/** Data: paste or open a CSV/TSV file, pick the x, y and sigma columns. */
export function DataPanel() {
  const dataText = useWorkbench((s) => s.dataText);
  const arraysLabel = useWorkbench((s) => s.arraysLabel);
  const dataError = useWorkbench((s) => s.dataError);
  const setDataText = useWorkbench((s) => s.setDataText);
  const commitData = useWorkbench((s) => s.commitData);
  const fileInput = useRef<HTMLInputElement>(null);

  const openFile = (file: File | undefined) => {
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      setDataText(typeof reader.result === 'string' ? reader.result : '');
      commitData();
    };
    reader.readAsText(file);
  };

  return (
    <div className="data-panel">
      <h2>Data</h2>
      <textarea
        data-testid="data-input"
        spellCheck={false}
        rows={9}
        value={dataText}
        placeholder={arraysLabel ? `${arraysLabel}\nType or paste here to replace it.` : 'x,y\n0,1.02\n0.5,0.61\n…'}
        aria-label="Data (CSV or TSV with a header row)"
        aria-invalid={dataError !== null}
        onChange={(e) => setDataText(e.target.value)}
        onBlur={commitData}
      />
      <div className="data-tools">
        <button type="button" onClick={() => fileInput.current?.click()} data-testid="open-file-button">
          Open file…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".csv,.tsv,.txt,.dat,text/csv,text/tab-separated-values,text/plain"
          hidden
          data-testid="open-file-input"
          onChange={(e) => openFile(e.target.files?.[0])}
        />
        <DataSummary />
      </div>
      <FieldError testId="data-error" message={dataError} />
      <ColumnPickers />
    </div>
  );
}

function DataSummary() {
  const table = useWorkbench((s) => s.table);
  const arraysLabel = useWorkbench((s) => s.arraysLabel);
  if (!table) return null;
  return (
    <span className="data-summary" data-testid="data-summary" data-rows={table.rowCount}>
      {arraysLabel ? `${arraysLabel} · ` : ''}
      {tableSummary(table)}
    </span>
  );
}

function ColumnPickers() {
  const table = useWorkbench((s) => s.table);
  const picks = useWorkbench((s) => s.picks);
  const setPicks = useWorkbench((s) => s.setPicks);
  const columnsError = useWorkbench((s) => s.columnsError);
  if (!table) return null;
  const cols = pickableColumns(table);
  const toggleX = (c: string, on: boolean) =>
    setPicks({ x: on ? [...picks.x.filter((n) => n !== c), c] : picks.x.filter((n) => n !== c) });
  return (
    <div className="column-pickers">
      <fieldset className="x-columns">
        <legend>x (predictors)</legend>
        {cols.map((c) => (
          <label key={c}>
            <input
              type="checkbox"
              data-testid={`x-column-${c}`}
              checked={picks.x.includes(c)}
              onChange={(e) => toggleX(c, e.target.checked)}
            />
            {c}
          </label>
        ))}
      </fieldset>
      <label>
        y
        <select data-testid="y-column" value={picks.y} onChange={(e) => setPicks({ y: e.target.value })}>
          {picks.y === '' && <option value="">choose…</option>}
          {cols.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        σ (optional)
        <select
          data-testid="sigma-column"
          value={picks.sigma ?? ''}
          onChange={(e) => setPicks({ sigma: e.target.value === '' ? null : e.target.value })}
        >
          <option value="">none</option>
          {cols.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <FieldError testId="columns-error" message={columnsError} />
    </div>
  );
}
