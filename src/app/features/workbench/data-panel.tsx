import { useRef, useState } from 'react';
import { xlsxToText } from '../../data-import/data-import-client';
import { pickableColumns, tableSummary } from '../../stores/data-columns';
import { useWorkbench } from '../../stores/hooks';
import { DatasetTabs } from './dataset-tabs';
import { FieldError } from './field-error';

/** Data: paste or open a CSV/TSV file, pick the x, y and sigma columns. */
export function DataPanel() {
  const dataText = useWorkbench((s) => s.dataText);
  const arraysLabel = useWorkbench((s) => s.arraysLabel);
  const dataError = useWorkbench((s) => s.dataError);
  const setDataText = useWorkbench((s) => s.setDataText);
  const commitData = useWorkbench((s) => s.commitData);
  const parsing = useWorkbench((s) => s.parsing);
  const fileInput = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  // A very long text is not shown in the box (the browser lays out every line of a textarea).
  const hidden = dataText.length > BOX_CHARS;

  const useText = (text: string) => {
    setFileError(null);
    setDataText(text);
    void commitData();
  };

  const openFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      if (/\.xlsx$/i.test(file.name) || file.type === XLSX_TYPE) {
        useText(await xlsxToText(await file.arrayBuffer()));
      } else if (/\.xls$/i.test(file.name)) {
        setFileError(`${file.name}: the old .xls format is not supported; save it as .xlsx or CSV.`);
      } else {
        useText(await file.text());
      }
    } catch (e) {
      setFileError(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return (
    <div className="data-panel">
      <h2>Data</h2>
      <DatasetTabs />
      <textarea
        data-testid="data-input"
        spellCheck={false}
        rows={9}
        value={hidden ? '' : dataText}
        placeholder={
          arraysLabel
            ? `${arraysLabel}\nType or paste here to replace it.`
            : hidden
              ? `${lineCount(dataText).toLocaleString('en-US')} lines (${(dataText.length / 1e6).toFixed(1)} MB) pasted: too long to show here.\nType or paste here to replace them.`
              : 'x,y\n0,1.02\n0.5,0.61\n…'
        }
        aria-label="Data (CSV, TSV or space-separated, with a header row)"
        aria-invalid={dataError !== null}
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          const file = e.dataTransfer.files[0];
          if (file) {
            e.preventDefault();
            void openFile(file);
          }
        }}
        onChange={(e) => setDataText(e.target.value)}
        onPaste={(e) => {
          const text = e.clipboardData.getData('text/plain');
          if (text.length > BOX_CHARS) {
            // Straight to the store: a multi-megabyte paste into the box would freeze the tab.
            e.preventDefault();
            useText(text);
          }
        }}
        onBlur={() => void commitData()}
      />
      <div className="data-tools">
        <button type="button" onClick={() => fileInput.current?.click()} data-testid="open-file-button">
          Open file…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".csv,.tsv,.txt,.dat,.xlsx,text/csv,text/tab-separated-values,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          hidden
          data-testid="open-file-input"
          onChange={(e) => void openFile(e.target.files?.[0])}
        />
        <DataSummary />
      </div>
      {parsing && (
        <div className="notice" role="status" data-testid="data-parsing">
          Reading the data…
        </div>
      )}
      <FieldError testId="file-error" message={fileError} />
      <FieldError testId="data-error" message={dataError} />
      <ParseChoices />
      <ColumnPickers />
      <DropMissing />
    </div>
  );
}

/** Text longer than this stays out of the box (it is kept, parsed and saved all the same). */
const BOX_CHARS = 200_000;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
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
