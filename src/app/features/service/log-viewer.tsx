import { useService, useServices } from '../../stores/hooks';
import { downloadText } from '../../exports/download-text';

const SHOWN = 60;

/** The structured job log, newest first, and its download as JSON Lines. */
export function LogViewer() {
  const log = useService((s) => s.log);
  const { client } = useServices();
  const recent = log.slice(-SHOWN).reverse();
  return (
    <div className="log-viewer" data-testid="log-viewer" data-records={log.length}>
      <div className="actions">
        <span className="muted">{log.length} records</span>
        <button
          type="button"
          data-testid="log-download"
          onClick={() => downloadText('fitbench-log.jsonl', client.logJsonLines(), 'application/x-ndjson')}
        >
          Download log (JSON lines)
        </button>
      </div>
      {/* Scrolls once the log is long: focusable, so a keyboard can scroll it too. */}
      <ol className="log-lines" tabIndex={0} aria-label="Job log, newest first">
        {recent.map((r, i) => (
          <li key={`${r.timestamp}-${r.jobId}-${i}`} className={`log-${r.status}`}>
            <time>{r.timestamp.slice(11, 23)}</time> <code>{r.jobId}</code> <strong>{r.status}</strong>
            {Object.keys(r.metrics).length > 0 && <span className="muted"> {JSON.stringify(r.metrics)}</span>}
            {r.error && (
              <span className="log-error">
                {' '}
                {r.error.code}: {r.error.message}
              </span>
            )}
            {r.diagnostics.map((d) => (
              <div key={d} className="log-diagnostic">
                {d}
              </div>
            ))}
          </li>
        ))}
      </ol>
    </div>
  );
}
