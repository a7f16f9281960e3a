import { useBatch } from './batch-context';
import { groupDigits as grouped } from './group-digits';

function eta(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'ETA –';
  if (seconds < 60) return `ETA ${Math.ceil(seconds)} s`;
  return `ETA ${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
}

/** Progress bar, fits per second, ETA, and the run's final state in words. */
export function BatchProgressView() {
  const runState = useBatch((s) => s.runState);
  const progress = useBatch((s) => s.progress);
  const outcome = useBatch((s) => s.outcome);
  const runError = useBatch((s) => s.runError);
  if (runState === 'idle') return null;
  let text: string;
  if (runState === 'running') {
    text = progress
      ? `running: ${grouped(progress.done)}/${grouped(progress.total)} curves · ${Number.isFinite(progress.fitsPerSecond) ? `${grouped(progress.fitsPerSecond)} fits/s` : 'starting'} · ${eta(progress.etaSeconds)}`
      : 'running: starting';
  } else if (outcome) {
    const parts = Object.entries(outcome.counts).map(([k, v]) => `${grouped(v ?? 0)} ${k}`);
    text = `${runState}: ${parts.join(', ')} in ${(outcome.result.elapsedMs / 1000).toFixed(1)} s on ${outcome.result.backend}`;
  } else text = runState;
  return (
    <div className="batch-progress">
      <progress
        data-testid="batch-progress"
        max={progress?.total ?? 1}
        value={progress?.done ?? 0}
        aria-label="Curves fitted"
      />
      <p data-testid="batch-status" aria-live="polite">
        {text}
      </p>
      {runError && (
        <p className="field-error" role="alert" data-testid="batch-run-error">
          {runError}
        </p>
      )}
    </div>
  );
}
