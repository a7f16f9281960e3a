import { useSyncExternalStore } from 'react';

/** Hash routes, so the static build works from any folder and offline: #/, #/tutorials[/id], #/batch. */
export type Route = { page: 'workbench' } | { page: 'tutorials'; tutorialId?: string } | { page: 'batch' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '');
  const [first, second] = path.split('/');
  if (first === 'tutorials') return { page: 'tutorials', tutorialId: second || undefined };
  if (first === 'batch') return { page: 'batch' };
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
  return '#/';
}
