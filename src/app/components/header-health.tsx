import { useStore } from 'zustand';
import { appServices } from '../stores/app-services';

const CLASS = {
  Healthy: 'health-healthy',
  Degraded: 'health-degraded',
  Failed: 'health-failed',
  Recovery: 'health-recovery',
} as const;

/** A compact health badge for the header: the fitting service's state on every route. */
export function HeaderHealth() {
  const { service } = appServices();
  const state = useStore(service, (s) => s.snapshot.health.state);
  const reason = useStore(service, (s) => s.snapshot.healthHistory.at(-1)?.reason);
  return (
    <span
      className={`badge header-health ${CLASS[state]}`}
      data-testid="header-health"
      title={reason ? `Fitting service: ${state} (${reason})` : `Fitting service: ${state}`}
      role="status"
      aria-label={`Fitting service health: ${state}`}
    >
      {state}
    </span>
  );
}
