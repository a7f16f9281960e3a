import { useWorkbench } from '../../stores/hooks';
import { fitStatusText } from './fit-status-text';
import { useCurrentJob } from './use-current-job';

const ACTIVE = new Set(['queued', 'running', 'retrying']);

/** Fit and Cancel, and the status line. */
export function FitControls() {
  const startFit = useWorkbench((s) => s.startFit);
  const cancelFit = useWorkbench((s) => s.cancelFit);
  const fitError = useWorkbench((s) => s.fitError);
  const job = useCurrentJob();
  const active = job !== undefined && ACTIVE.has(job.status);
  const state = job?.status ?? (fitError ? 'not-started' : 'idle');
  return (
    <div className="actions fit-controls">
      <button data-testid="fit-button" type="button" className="primary" onClick={startFit} disabled={active}>
        Fit
      </button>
      <button data-testid="cancel-button" type="button" onClick={cancelFit} disabled={!active}>
        Cancel
      </button>
      <span data-testid="fit-status" className={`fit-status status-${state}`} data-state={state} aria-live="polite">
        {fitStatusText(job, fitError)}
      </span>
    </div>
  );
}
