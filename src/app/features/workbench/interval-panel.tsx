import { useService, useWorkbench } from '../../stores/hooks';
import { intervalsUnavailable } from '../../stores/interval-availability';
import { findJob } from '../../stores/service-store';
import type { BootstrapKindName } from '../../projects/fit-intervals';
import { BootstrapHistograms, ProfilePlots } from './interval-charts';

const KINDS: { value: BootstrapKindName; label: string }[] = [
  { value: 'residual', label: 'residuals' },
  { value: 'case', label: 'cases (rows)' },
  { value: 'wild', label: 'wild' },
];

/**
 * Intervals beyond the covariance, after a fit: profile likelihood (lmfit's conf_interval)
 * and the bootstrap. Their refits are batch jobs of the fitting service, cancellable; the
 * intervals join the result table, the charts show why they are asymmetric.
 */
export function IntervalPanel() {
  const completed = useWorkbench((s) => s.fit?.completed ?? null);
  const run = useWorkbench((s) => s.intervalRun);
  const notice = useWorkbench((s) => s.intervalNotice);
  const settings = useWorkbench((s) => s.intervalSettings);
  const setSettings = useWorkbench((s) => s.setIntervalSettings);
  const runProfile = useWorkbench((s) => s.runProfile);
  const runBootstrap = useWorkbench((s) => s.runBootstrap);
  const cancel = useWorkbench((s) => s.cancelIntervals);
  const job = useService((s) => findJob(s.snapshot, run?.jobId ?? null));
  if (!completed) return null;
  const busy = run !== null;
  const unavailable = intervalsUnavailable(completed);
  const invalid = (field: string) => notice?.tone === 'error' && notice.field === field;
  return (
    <section className="interval-panel" aria-label="Profile and bootstrap intervals">
      <h3>Profile and bootstrap intervals</h3>
      {/* Settings of intervals that cannot run (global or tied fits) are not editable either. */}
      <fieldset
        className="interval-form"
        data-testid="interval-settings"
        disabled={unavailable !== null}
        aria-describedby={unavailable ? 'interval-unavailable' : undefined}
      >
        <label>
          Level (%)
          <input
            type="text"
            inputMode="decimal"
            data-testid="interval-level"
            value={settings.level}
            aria-invalid={invalid('interval-level')}
            onChange={(e) => setSettings({ level: e.target.value })}
          />
        </label>
        <label>
          Resamples
          <input
            type="text"
            inputMode="numeric"
            data-testid="bootstrap-resamples"
            value={settings.resamples}
            aria-invalid={invalid('interval-resamples')}
            onChange={(e) => setSettings({ resamples: e.target.value })}
          />
        </label>
        <label>
          Seed
          <input
            type="text"
            inputMode="numeric"
            data-testid="bootstrap-seed"
            value={settings.seed}
            aria-invalid={invalid('interval-seed')}
            onChange={(e) => setSettings({ seed: e.target.value })}
          />
        </label>
        <label>
          Resample
          <select
            data-testid="bootstrap-kind"
            value={settings.kind}
            onChange={(e) => setSettings({ kind: e.target.value as BootstrapKindName })}
          >
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <div className="interval-buttons">
        <button
          type="button"
          className="small"
          data-testid="profile-button"
          disabled={busy || unavailable !== null}
          aria-describedby={unavailable ? 'interval-unavailable' : undefined}
          onClick={() => void runProfile()}
        >
          Profile intervals
        </button>
        <button
          type="button"
          className="small"
          data-testid="bootstrap-button"
          disabled={busy || unavailable !== null}
          aria-describedby={unavailable ? 'interval-unavailable' : undefined}
          onClick={() => void runBootstrap()}
        >
          Bootstrap
        </button>
        {busy && (
          <button type="button" className="small" data-testid="interval-cancel" onClick={cancel}>
            Cancel
          </button>
        )}
      </div>
      {unavailable && (
        <p className="muted" id="interval-unavailable" data-testid="interval-unavailable">
          {unavailable}
        </p>
      )}
      <div role="status" className="interval-status" data-testid="interval-status">
        {run && (
          <>
            <progress
              aria-label={run.kind === 'profile' ? 'Profile progress' : 'Bootstrap progress'}
              {...(run.total > 0 && run.done > 0 ? { value: run.done, max: run.total } : {})}
            />{' '}
            {run.kind === 'profile'
              ? `Profiling: ${run.total > 0 ? `${run.done} of ${run.total} sides (parameter × direction) done` : 'starting'}`
              : `Bootstrap: refitting ${run.total.toLocaleString('en-US')} resampled data sets as one batch job`}
            {job ? ` (job ${job.status}${job.backend ? ` on ${job.backend}` : ''})` : ''}…
          </>
        )}
      </div>
      {notice && notice.fitId === completed.id && (
        <div className={notice.tone === 'error' ? 'field-error' : 'notice'} role="alert" data-testid="interval-error">
          {notice.message}
        </div>
      )}
      {completed.profile && <ProfilePlots summary={completed.profile} best={completed.result.params} />}
      {completed.bootstrap && <BootstrapHistograms summary={completed.bootstrap} best={completed.result.params} />}
    </section>
  );
}
