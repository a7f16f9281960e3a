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
        aria-label="Data (CSV, TSV or space-separated, with a header row)"
        aria-invalid={dataError !== null}
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          const file = e.dataTransfer.files[0];
          if (file) {
            e.preventDefault();
            openFile(file);
          }
        }}
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
      <ParseChoices />
      <ColumnPickers />
      <DropMissing />
    </div>
  );
}

const DELIMITERS: [string, string][] = [
  ['', 'detect'],
  [',', 'comma'],
  [';', 'semicolon'],
  ['\t', 'tab'],
  ['whitespace', 'spaces'],
];

/** Delimiter and decimal mark: detected, shown, and overridable. */
function ParseChoices() {
  const table = useWorkbench((s) => s.table);
  const overrides = useWorkbench((s) => s.parseOverrides);
  const setOverrides = useWorkbench((s) => s.setParseOverrides);
  const fromText = useWorkbench((s) => s.arraysLabel === null && s.dataText.trim() !== '');
  if (!fromText) return null;
  const detected = table ? DELIMITERS.find(([d]) => d === table.delimiter)?.[1] : null;
  return (
    <div className="parse-choices">
      <label>
        delimiter
        <select
          data-testid="delimiter-select"
          value={overrides.delimiter ?? ''}
          onChange={(e) =>
            setOverrides({
              delimiter: e.target.value === '' ? null : (e.target.value as ',' | ';' | '\t' | 'whitespace'),
            })
          }
        >
          {DELIMITERS.map(([d, label]) => (
            <option key={label} value={d}>
              {d === '' && detected ? `detect (${detected})` : label}
            </option>
          ))}
        </select>
      </label>
      <label>
        decimal mark
        <select
          data-testid="decimal-select"
          value={overrides.decimal ?? ''}
          onChange={(e) => setOverrides({ decimal: e.target.value === '' ? null : (e.target.value as '.' | ',') })}
        >
          <option value="">{table ? `detect (${table.decimal === ',' ? 'comma' : 'point'})` : 'detect'}</option>
          <option value=".">point 1.5</option>
          <option value=",">comma 1,5</option>
        </select>
      </label>
    </div>
  );
}

/** "Drop rows with missing values": the control the NaN/empty-cell message names, with the count. */
function DropMissing() {
  const dropMissing = useWorkbench((s) => s.dropMissing);
  const missingRows = useWorkbench((s) => s.missingRows);
  const setDropMissing = useWorkbench((s) => s.setDropMissing);
  const hasTable = useWorkbench((s) => s.table !== null);
  if (!hasTable || (missingRows === 0 && !dropMissing)) return null;
  return (
    <label className="drop-missing">
      <input
        type="checkbox"
        data-testid="drop-missing"
        checked={dropMissing}
        onChange={(e) => setDropMissing(e.target.checked)}
      />
      Drop rows with missing values
      <span data-testid="missing-count">
        {' '}
        ({missingRows.toLocaleString('en-US')} row{missingRows === 1 ? '' : 's'}
        {dropMissing ? ' dropped' : ' with NaN, Infinity or an empty cell'})
      </span>
    </label>
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
