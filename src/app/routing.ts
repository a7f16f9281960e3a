import { useSyncExternalStore } from 'react';

/**
 * Hash routes, so the static build works from any folder and offline: #/, #/notebooks[/id]
 * #/batch, #/service (the fitting service's dashboard), and the older #/tutorials[/id], which redirects to the notebook of the same id.
 */
export type Route =
  | { page: 'workbench' }
  | { page: 'tutorials'; tutorialId?: string }
  | { page: 'notebooks'; notebookId?: string; openUrl?: string }
  | { page: 'batch' }
  | { page: 'service' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '');
  const [first, second] = path.split('/');
  if (first === 'tutorials') return { page: 'tutorials', tutorialId: second || undefined };
  if (first === 'batch') return { page: 'batch' };
  if (first === 'service') return { page: 'service' };
  if (first === 'notebooks') {
    // #/notebooks/open/<encoded URL>: a notebook from a link (shown untrusted).
    if (second === 'open') return { page: 'notebooks', openUrl: safeDecode(path.split('/').slice(2).join('/')) };
    return { page: 'notebooks', notebookId: second || undefined };
  }
  return { page: 'workbench' };
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The current route; re-renders on hash changes. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

/** The href of a route, keeping the page's query string (?demo=…, &backend=…). */
export function routeHref(route: Route): string {
  if (route.page === 'tutorials') return `#/tutorials${route.tutorialId ? `/${route.tutorialId}` : ''}`;
  if (route.page === 'batch') return '#/batch';
  if (route.page === 'service') return '#/service';
  if (route.page === 'notebooks') {
    if (route.openUrl) return `#/notebooks/open/${encodeURIComponent(route.openUrl)}`;
    return `#/notebooks${route.notebookId ? `/${route.notebookId}` : ''}`;
  }
  return '#/';
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text) || undefined;
  } catch {
    return undefined;
  }
}
