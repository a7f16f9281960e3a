import type { BackendChoice } from '../../../core/api-types';
import { useBatch, useBatchActions } from './batch-context';
import { groupDigits as grouped } from './group-digits';

export function BatchSetup() {
  const fileName = useBatch((s) => s.fileName);
  const layout = useBatch((s) => s.layout);
  const reading = useBatch((s) => s.reading);
  const readError = useBatch((s) => s.readError);
  const curves = useBatch((s) => s.curves);
  const model = useBatch((s) => s.model);
  const p0Text = useBatch((s) => s.p0Text);
  const backend = useBatch((s) => s.backend);
  const running = useBatch((s) => s.runState === 'running');
  const { loadFile, setLayout, setModel, setP0Text, setBackend, fit, cancel } = useBatchActions();
  return (
    <div className="batch-setup">
      <label>
        Curves file (CSV/TSV, Arrow IPC .arrow, NumPy .npy)
        <input
          type="file"
          accept=".csv,.tsv,.txt,.arrow,.arrows,.feather,.ipc,.npy"
          data-testid="batch-file-input"
          disabled={running}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void loadFile(f);
          }}
        />
      </label>
      <label>
        CSV layout
        <select
          data-testid="batch-layout"
          value={layout}
          disabled={running}
          onChange={(e) => void setLayout(e.target.value as 'columns' | 'rows')}
        >
          <option value="columns">one curve per column (x in the first)</option>
          <option value="rows">one curve per row (x values in the header)</option>
        </select>
      </label>
      <p className="batch-file-info" data-testid="batch-file-info" aria-live="polite">
        {reading
          ? `reading ${fileName}…`
          : curves
            ? `${fileName}: ${grouped(curves.count)} curves × ${grouped(curves.points)} points (${curves.y instanceof Float32Array ? 'float32' : 'float64'}${curves.xPerCurve ? ', one x per curve' : ''}${curves.grid ? ', with grid coordinates' : ''})`
            : 'no file loaded'}
      </p>
      {readError && (
        <p className="field-error" role="alert" data-testid="batch-read-error">
          {readError}
        </p>
      )}
      <label>
        Model
        <input data-testid="batch-model" value={model} disabled={running} onChange={(e) => setModel(e.target.value)} />
      </label>
      <label>
        Start values (empty for a library model's own guesses)
        <input data-testid="batch-p0" value={p0Text} disabled={running} onChange={(e) => setP0Text(e.target.value)} />
      </label>
      <label>
        Backend
        <select
          data-testid="batch-backend"
          value={backend}
          disabled={running}
          onChange={(e) => setBackend(e.target.value as BackendChoice)}
        >
          <option value="auto">auto</option>
          <option value="cpu">CPU workers</option>
          <option value="webgpu">WebGPU</option>
        </select>
      </label>
      <div className="batch-actions">
        <button type="button" data-testid="batch-fit-button" disabled={!curves || running || reading} onClick={fit}>
          Fit all curves
        </button>
        <button type="button" data-testid="batch-cancel-button" disabled={!running} onClick={cancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
