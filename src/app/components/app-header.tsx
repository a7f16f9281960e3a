import { OfflineIndicator } from '../features/offline/update-banner';
import type { Route } from '../routing';
import { routeHref } from '../routing';
import { HeaderHealth } from './header-health';

export function AppHeader({ route }: { route: Route }) {
  return (
    <header className="app-header">
      <a className="brand" href={routeHref({ page: 'workbench' })}>
        <img src="./favicon.svg" alt="" width={24} height={24} />
        <span>Fitbench</span>
      </a>
      <nav className="app-nav" aria-label="Main">
        <a
          href={routeHref({ page: 'workbench' })}
          aria-current={route.page === 'workbench' ? 'page' : undefined}
          data-testid="nav-workbench"
        >
          Workbench
        </a>
        <a
          href={routeHref({ page: 'batch' })}
          aria-current={route.page === 'batch' ? 'page' : undefined}
          data-testid="nav-batch"
        >
          Batch
        </a>
        <a
          href={routeHref({ page: 'notebooks' })}
          aria-current={route.page === 'notebooks' || route.page === 'tutorials' ? 'page' : undefined}
          data-testid="nav-notebooks"
        >
          Notebooks
        </a>
        <a
          href={routeHref({ page: 'service' })}
          aria-current={route.page === 'service' ? 'page' : undefined}
          data-testid="nav-service"
        >
          Service
        </a>
      </nav>
      <span className="spacer" />
      <HeaderHealth current={route.page === 'service'} />
      <OfflineIndicator />
    </header>
  );
}
