import { useStore } from 'zustand';
import { CellOutputView } from './cell-output-view';
import type { NotebookSession } from './notebook-session';

/** One live cell: its code (editable), Run and Reset, its status, progress and outputs. */
export function NotebookCellView({
  session,
  index,
  disabled,
}: {
  session: NotebookSession;
  index: number;
  disabled: boolean;
}) {
  const cell = useStore(session.store, (s) => s.cells[index]);
  const busy = useStore(session.store, (s) => s.busy);
  const loaded = useStore(session.store, (s) => s.loaded);
  const edited = cell.code !== cell.original;
  const lines = Math.min(30, Math.max(2, cell.code.split('\n').length + 1));
  return (
    <section
      className={`notebook-cell notebook-cell-${cell.status}`}
      data-testid="notebook-cell"
      data-status={cell.status}
      data-index={index}
      aria-label={`Cell ${index + 1}`}
    >
      <div className="notebook-cell-bar">
        <span className="notebook-cell-label">
          [{index + 1}] {cell.lang === 'ts' ? 'TypeScript' : 'JavaScript'}
          {edited && <span className="muted"> · edited</span>}
        </span>
        <span className="notebook-cell-status" role="status">
          {cell.status === 'running' ? 'running…' : cell.status === 'idle' ? '' : cell.status}
        </span>
        <button
          type="button"
          data-testid="notebook-cell-run"
          disabled={disabled || busy}
          onClick={() => void session.runCell(index)}
        >
          Run
        </button>
        <button
          type="button"
          data-testid="notebook-cell-reset"
          disabled={cell.status === 'running'}
          onClick={() => session.resetCell(index)}
          title="Restore this cell's original code and clear its output"
        >
          Reset cell
        </button>
      </div>
      <textarea
        className="notebook-code"
        data-testid="notebook-cell-code"
        aria-label={`Code of cell ${index + 1}`}
        spellCheck={false}
        rows={lines}
        value={cell.code}
        readOnly={!loaded}
        onChange={(e) => session.edit(index, e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.shiftKey || e.ctrlKey || e.metaKey) && !disabled && !busy) {
            e.preventDefault();
            void session.runCell(index);
          }
        }}
      />
      {cell.progress && (
        <div
          className="notebook-progress"
          data-testid="notebook-progress"
          role="progressbar"
          aria-valuenow={cell.progress.done}
        >
          {cell.progress.total > 0 && <progress value={cell.progress.done} max={cell.progress.total} />}{' '}
          {cell.progress.label ??
            (cell.progress.total > 0 ? `${cell.progress.done} / ${cell.progress.total}` : cell.progress.done)}
        </div>
      )}
      <div className="notebook-output" data-testid="notebook-output" aria-live="polite">
        {cell.outputs.map((output, i) => (
          <CellOutputView key={i} output={output} />
        ))}
        {cell.value !== null && <pre className="notebook-value">{cell.value}</pre>}
        {cell.error && (
          <pre className="notebook-error" data-testid="notebook-error" role="alert">
            {cell.error.name}
            {cell.error.code ? ` [${cell.error.code}]` : ''}: {cell.error.message}
          </pre>
        )}
      </div>
    </section>
  );
}
