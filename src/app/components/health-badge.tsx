export type HealthStateName = 'Healthy' | 'Degraded' | 'Failed' | 'Recovery';

const CLASS: Record<HealthStateName, string> = {
  Healthy: 'health-healthy',
  Degraded: 'health-degraded',
  Failed: 'health-failed',
  Recovery: 'health-recovery',
};

/** The service's health state as a coloured badge; the reason is in the tooltip. */
export function HealthBadge({ state, reason }: { state: HealthStateName; reason?: string }) {
  return (
    <span data-testid="health-state" className={`badge ${CLASS[state]}`} title={reason}>
      {state}
    </span>
  );
}
