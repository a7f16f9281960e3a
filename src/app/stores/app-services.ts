/**
 * The page's one fitting client and its stores, created on first use: the workbench, the
 * service panel and `window.fitbench` all talk to the same worker runtime. The URL's
 * `&backend=` presets the backend; `&chaos=` is read by the client itself.
 */
import { createFitClient, installFitbenchGlobal, type FitClient } from '../../runtime';
import { createProjectSession, type ProjectSession } from '../projects/project-session';
import { SHARE_PREFIX } from '../projects/share-prefix';
import { createServiceStore, type ServiceStore } from './service-store';
import { readUrlOptions, type UrlOptions } from './url-options';
import { createWorkbenchStore, type WorkbenchStore } from './workbench-store';

export interface AppServices {
  client: FitClient;
  service: ServiceStore;
  workbench: WorkbenchStore;
  url: UrlOptions;
  projects: ProjectSession;
}

let services: AppServices | null = null;

/** The page's services (created once; later calls return the same objects). */
export function appServices(): AppServices {
  if (services) return services;
  const url = readUrlOptions(globalThis.location?.search ?? '');
  let client: FitClient;
  try {
    client = createFitClient();
  } catch {
    // A bad &chaos= must not cost the page: run without chaos, and say so (url.problems).
    client = createFitClient({ search: '' });
  }
  installFitbenchGlobal(client);
  // Saved checkpoints are worth keeping: ask the browser not to evict them (DESIGN.md).
  client.requestPersistentStorage().catch(() => null);
  const workbench = createWorkbenchStore(client);
  if (url.backend) workbench.getState().setOptions({ backend: url.backend });
  const service = createServiceStore(client);
  const hash = globalThis.location?.hash ?? '';
  const shareFragment = hash.startsWith(SHARE_PREFIX) ? hash.slice(SHARE_PREFIX.length) : null;
  // The project now lives in this browser; the long fragment leaves the address bar.
  if (shareFragment) globalThis.history?.replaceState(null, '', `${location.pathname}${location.search}#/`);
  const projects = createProjectSession(workbench, service, {
    startFresh: url.demo ? `Demo: ${url.demo}` : null,
    shareFragment,
  });
  globalThis.addEventListener?.('pagehide', () => void projects.flush());
  services = { client, service, workbench, url, projects };
  return services;
}
