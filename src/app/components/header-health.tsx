import { useStore } from 'zustand';
import { routeHref } from '../routing';
import { appServices } from '../stores/app-services';

const CLASS = {
  Healthy: 'health-healthy',
  Degraded: 'health-degraded',
  Failed: 'health-failed',
  Recovery: 'health-recovery',
} as const;

/**
 * The fitting service's health on every route (the page's one `health-state`), a link to the
 * service dashboard. It selects two strings, so the service's idle ticks do not re-render it.
 */
export function HeaderHealth({ current }: { current: boolean }) {
  const { service } = appServices();
  const state = useStore(service, (s) => s.snapshot.health.state);
  const reason = useStore(service, (s) => s.snapshot.healthHistory.at(-1)?.reason);
  return (
    <span className="header-health-slot" data-testid="header-health" role="status">
      <a
        className={`badge header-health ${CLASS[state]}`}
        data-testid="health-state"
        href={routeHref({ page: 'service' })}
        aria-current={current ? 'page' : undefined}
        title={
          reason
            ? `Fitting service: ${state} (${reason}). Open the service dashboard.`
            : `Fitting service: ${state}. Open the service dashboard.`
        }
        aria-label={`Service health: ${state}`}
      >
        {state}
      </a>
    </span>
  );
}
