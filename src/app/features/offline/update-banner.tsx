import { useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import { appServices } from '../../stores/app-services';
import { activeFitCount, appUpdateActions, appUpdateStore } from './app-update-store';

function useActiveFits(): number {
  const { client } = appServices();
  return useSyncExternalStore(client.subscribe, () => activeFitCount(client.getSnapshot()));
}

/**
 * The shell's notices about the app itself: "reload to update" when a new deployment
 * waits (disabled while a fit runs, so code is never swapped under it), "reload" when
 * another tab activated it, and a one-time "saved for offline use".
 */
export function UpdateBanner() {
  const s = useStore(appUpdateStore);
  const activeFits = useActiveFits();
  if (s.needRefresh || s.needReload) {
    const blocked = activeFits > 0;
    const action = s.needReload ? appUpdateActions().reload : appUpdateActions().activateUpdate;
    return (
      <div className="app-notice update-prompt" role="status" data-testid="update-prompt">
        <span>
          {s.needReload
            ? 'A new version of Fitbench was activated in another tab. This page keeps its version until you reload.'
            : 'A new version of Fitbench is ready.'}
          {blocked ? (
            <span data-testid="update-blocked">
              {' '}
              A fit is running: reload when it has finished or you have cancelled it (its checkpoints are kept).
            </span>
          ) : null}
        </span>
        <button
          type="button"
          className="primary"
          data-testid="update-reload"
          disabled={blocked || s.updating}
          onClick={action}
        >
          {s.updating ? 'Updating…' : 'Reload to update'}
        </button>
      </div>
    );
  }
  if (s.offlineNote) {
    return (
      <div className="app-notice offline-ready" role="status" data-testid="offline-ready">
        <span>Fitbench is saved on this device: it opens and fits without a network from now on.</span>
        <button type="button" onClick={() => appUpdateStore.setState({ offlineNote: false })}>
          OK
        </button>
      </div>
    );
  }
  return null;
}

/** "Offline" in the header while the browser has no network. */
export function OfflineIndicator() {
  const online = useStore(appUpdateStore, (s) => s.online);
  if (online) return null;
  return (
    <span
      className="offline-indicator"
      data-testid="offline-indicator"
      title="No network. Fits, checkpoints and the saved app keep working on this device."
    >
      Offline
    </span>
  );
}

/** The status line's word on offline use: saved on this device, or why not. */
export function OfflineStatus() {
  const ready = useStore(appUpdateStore, (s) => s.offlineReady);
  const error = useStore(appUpdateStore, (s) => s.registerError);
  if (error) {
    return (
      <span className="offline-status" data-testid="offline-status" data-state="unavailable">
        Offline use unavailable: {error}
      </span>
    );
  }
  if (!ready) return null;
  return (
    <span className="offline-status" data-testid="offline-status" data-state="ready">
      Saved for offline use
    </span>
  );
}
