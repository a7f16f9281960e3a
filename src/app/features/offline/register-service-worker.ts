/// <reference types="vite-plugin-pwa/client" />
/**
 * Registers the Workbox service worker (vite-plugin-pwa, 'prompt' mode) and wires it to
 * appUpdateStore. A new deployment installs in the background and waits; the page offers
 * "reload to update" and activates it only when the user clicks while no fit is running
 * (update-banner.tsx). When another tab activates it, this page keeps its own code and
 * asks for a reload instead of reloading under a running fit.
 */
import { registerSW } from 'virtual:pwa-register';
import { appUpdateStore, setAppUpdateActions, trackOnlineState } from './app-update-store';

/** How often a long-lived page asks the server for a new deployment. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * Starts the registration. `fitsActive` says whether a fit is queued or running: a version
 * activated by another tab then waits for this page's reload instead of forcing one.
 */
export function registerAppServiceWorker(fitsActive: () => boolean): void {
  trackOnlineState();
  if (!('serviceWorker' in navigator)) return;
  let requestedHere = false;
  let registration: ServiceWorkerRegistration | undefined;
  // A change of controller is a new version taking over, except the first install claiming
  // an uncontrolled page (same code). Reload when this page asked for it (its click checked
  // that no fit runs); when another tab did, keep this page's code and ask for a reload.
  let controller = navigator.serviceWorker.controller;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    const previous = controller;
    controller = navigator.serviceWorker.controller;
    if (previous === null) {
      appUpdateStore.setState({ offlineReady: true });
      return;
    }
    if (requestedHere) window.location.reload();
    else appUpdateStore.setState({ needRefresh: false, needReload: true });
  });
  const updateSW = registerSW({
    // After the page's load event: precaching never competes with the first load.
    immediate: false,
    onNeedRefresh: () => appUpdateStore.setState({ needRefresh: true }),
    onOfflineReady: () => appUpdateStore.setState({ offlineReady: true, offlineNote: true }),
    // Reloads are decided by the controllerchange listener above, never behind the user's back.
    onNeedReload: () => undefined,
    onRegisteredSW: (_url, r) => {
      registration = r;
      if (!registration) return;
      if (registration.active && navigator.serviceWorker.controller) appUpdateStore.setState({ offlineReady: true });
      const check = () => {
        if (navigator.onLine) registration?.update().catch(() => undefined);
      };
      setInterval(check, UPDATE_CHECK_MS);
      window.addEventListener('online', check);
    },
    onRegisterError: (error: unknown) =>
      appUpdateStore.setState({ registerError: error instanceof Error ? error.message : String(error) }),
  });
  setAppUpdateActions({
    activateUpdate: () => {
      if (fitsActive()) return;
      requestedHere = true;
      appUpdateStore.setState({ updating: true });
      // The waiting worker activates on this message (Workbox's SKIP_WAITING); the
      // controllerchange that follows reloads the page onto the new version.
      if (registration?.waiting) registration.waiting.postMessage({ type: 'SKIP_WAITING' });
      else void updateSW(true);
    },
    reload: () => window.location.reload(),
  });
}
