export type HealthStateName = 'Healthy' | 'Degraded' | 'Failed' | 'Recovery';

const CLASS: Record<HealthStateName, string> = {
  Healthy: 'health-healthy',
  Degraded: 'health-degraded',
  Failed: 'health-failed',
  Recovery: 'health-recovery',
};

/**
 * The service's health state as a coloured badge; the reason is in the tooltip. The header's
 * badge is the page's one `health-state`; others carry their own test id, if any.
 */
export function HealthBadge({ state, reason, testId }: { state: HealthStateName; reason?: string; testId?: string }) {
  return (
    <span data-testid={testId} className={`badge ${CLASS[state]}`} title={reason}>
      {state}
    </span>
  );
}
