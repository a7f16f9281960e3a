/**
 * What the page knows about its service worker and network: saved for offline use, a new
 * deployment waiting, online or not. The service worker registration feeds it
 * (register-service-worker.ts); the shell's banner and header read it. No React here.
 */
import { createStore } from 'zustand/vanilla';
import { FINAL_JOB_STATUSES, type ServiceSnapshot } from '../../../runtime';

export interface AppUpdateState {
  /** The app's files are precached: a reload works without a network. */
  offlineReady: boolean;
  /** A new deployment is installed and waiting for the user's "reload to update". */
  needRefresh: boolean;
  /** A new version took over from another tab while this one kept its (old) code. */
  needReload: boolean;
  /** The user asked to update; the page reloads once the new version controls it. */
  updating: boolean;
  /** navigator.onLine */
  online: boolean;
  /** Why registration failed (the app still works online). */
  registerError: string | null;
  /** Show the one-time "saved for offline use" note (first install; closed by the user). */
  offlineNote: boolean;
}

/** The actions the registration installs (absent in dev builds and tests). */
export interface AppUpdateActions {
  /** Activates the waiting version (skipWaiting) and reloads the page when it takes over. */
  activateUpdate(): void;
  /** Reloads the page (after another tab activated the new version). */
  reload(): void;
}

export const appUpdateStore = createStore<AppUpdateState>(() => ({
  offlineReady: false,
  needRefresh: false,
  needReload: false,
  updating: false,
  online: globalThis.navigator?.onLine !== false,
  registerError: null,
  offlineNote: false,
}));

let actions: AppUpdateActions = {
  activateUpdate: () => undefined,
  reload: () => globalThis.location?.reload(),
};

/** Installs the registration's actions. */
export function setAppUpdateActions(next: AppUpdateActions): void {
  actions = next;
}

export function appUpdateActions(): AppUpdateActions {
  return actions;
}

/** Keeps `online` in step with the browser's online/offline events. */
export function trackOnlineState(target: Pick<Window, 'addEventListener'> = window): void {
  const update = () => appUpdateStore.setState({ online: globalThis.navigator?.onLine !== false });
  target.addEventListener('online', update);
  target.addEventListener('offline', update);
  update();
}

/** Jobs that are queued, running or waiting for a retry: an update must not cut them off. */
export function activeFitCount(snapshot: Pick<ServiceSnapshot, 'jobs'>): number {
  return snapshot.jobs.filter((j) => !FINAL_JOB_STATUSES.includes(j.status)).length;
}
