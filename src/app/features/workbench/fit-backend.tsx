import { routeHref } from '../../routing';
import { useService } from '../../stores/hooks';
import { CheckpointsNotice } from '../../components/checkpoints-notice';
import { useCurrentJobField } from './use-current-job';

/**
 * Where the workbench's fit runs (or ran): the backend of its job, or the service's last one
 * before any fit here, and whether checkpoints are on. The rest of the service is on #/service.
 */
export function FitBackend() {
  const jobBackend = useCurrentJobField((j) => j?.backend ?? null);
  const lastBackend = useService((s) => s.snapshot.metrics.backend ?? null);
  const backend = jobBackend ?? lastBackend;
  return (
    <>
      <p className="fit-backend muted">
        backend <strong data-testid="backend-indicator">{backend ?? '—'}</strong>
        <span aria-hidden="true"> · </span>
        <a href={routeHref({ page: 'service' })}>service dashboard</a>
      </p>
      <CheckpointsNotice />
    </>
  );
}
