import { useState } from 'react';
import { useService, useServices } from '../../stores/hooks';

/** Fits a previous page left unfinished, offered for resuming from their newest checkpoint. */
export function ResumeBanner() {
  const { workbench, service, client } = useServices();
  const offers = useService((s) => s.unfinished);
  const [busy, setBusy] = useState(false);
  if (offers.length === 0) return null;
  const resume = async (jobId: string) => {
    const offer = offers.find((o) => o.jobId === jobId);
    if (!offer) return;
    setBusy(true);
    service.getState().forgetUnfinished(jobId);
    await workbench.getState().resumeJob(offer);
    setBusy(false);
  };
  const discard = async (jobId: string) => {
    service.getState().forgetUnfinished(jobId);
    await client.discard(jobId).catch(() => undefined);
  };
  const firstResumable = offers.find((o) => o.resumable)?.jobId;
  const firstDiscardable = offers.find((o) => o.discardable)?.jobId;
  return (
    <section className="panel resume-banner" data-testid="resume-banner" aria-label="Unfinished fits">
      <h2>Unfinished fits</h2>
      <ul>
        {offers.map((o) => (
          <li key={o.jobId} data-testid={`resume-offer-${o.jobId}`} data-status={o.status}>
            <span>
              {o.status === 'quarantined' ? (
                <>
                  Saved job <code>{o.jobId}</code>, quarantined
                </>
              ) : (
                <>
                  <code>{o.model}</code> on {o.nPoints.toLocaleString('en-US')} points,{' '}
                  {o.status === 'running-elsewhere' ? 'running in another tab' : o.status}
                  {o.status === 'running-elsewhere'
                    ? ''
                    : o.checkpointIteration !== null
                      ? `, checkpoint at iteration ${o.checkpointIteration}`
                      : ', no checkpoint (restarts from the start values)'}
                </>
              )}
              {o.notes.map((note) => (
                <span key={note} className="resume-note" data-testid="resume-note">
                  {' '}
                  {note}
                </span>
              ))}
            </span>
            {o.resumable && (
              <button
                type="button"
                className="primary"
                data-testid={o.jobId === firstResumable ? 'resume-button' : `resume-button-${o.jobId}`}
                disabled={busy}
                onClick={() => void resume(o.jobId)}
              >
                Resume
              </button>
            )}
            <button
              type="button"
              data-testid={o.jobId === firstDiscardable ? 'discard-button' : `discard-button-${o.jobId}`}
              disabled={busy || !o.discardable}
              title={o.discardable ? undefined : 'Another tab is running this job'}
              onClick={() => void discard(o.jobId)}
            >
              Discard
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
