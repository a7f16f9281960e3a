import { useEffect, useRef } from 'react';
import { useWorkbench } from '../../stores/hooks';
import { warmXRange } from '../../stores/x-range';
import { fitStatusText } from './fit-status-text';
import { useCurrentJob } from './use-current-job';

const ACTIVE = new Set(['queued', 'running', 'retrying']);

/** Fit and Cancel, and the status line. */
export function FitControls() {
  const startFit = useWorkbench((s) => s.startFit);
  const cancelFit = useWorkbench((s) => s.cancelFit);
  const fitError = useWorkbench((s) => s.fitError);
  const restored = useWorkbench((s) => s.fit?.completed ?? null);
  const job = useCurrentJob();
  // The band grid needs the first predictor's range: scanned in slices now, not when Fit is pressed.
  const firstPredictor = useWorkbench((s) => {
    const d = s.fitData;
    return d && d.predictorNames.length === 1 ? d.predictors[d.predictorNames[0]] : null;
  });
  useEffect(() => {
    if (firstPredictor) void warmXRange(firstPredictor);
  }, [firstPredictor]);
  const fitButton = useRef<HTMLButtonElement>(null);
  const active = job !== undefined && ACTIVE.has(job.status);
  const state = fitError ? 'not-started' : (job?.status ?? restored?.status ?? 'idle');
  // A fit from the saved project or the history: no job of this page, its result is known.
  const text =
    !fitError && !job && restored
      ? `${restored.status === 'converged' ? 'converged' : 'failed to converge'}: ${restored.result.message} (saved fit of ${new Date(restored.at).toLocaleString()})`
      : fitStatusText(job, fitError);
  // aria-disabled, not disabled: a disabled button drops the keyboard focus to the page body.
  return (
    <div className="actions fit-controls">
      <button
        ref={fitButton}
        data-testid="fit-button"
        type="button"
        className="primary"
        aria-disabled={active}
        aria-keyshortcuts="Control+Enter"
        onClick={() => {
          if (!active) startFit();
        }}
      >
        Fit
      </button>
      <button
        data-testid="cancel-button"
        type="button"
        aria-disabled={!active}
        onClick={() => {
          if (active) {
            cancelFit();
            fitButton.current?.focus();
          }
        }}
      >
        Cancel
      </button>
      <span
        data-testid="fit-status"
        className={`fit-status status-${state}`}
        data-state={state}
        role="status"
        aria-live="polite"
      >
        {text}
      </span>
    </div>
  );
}
