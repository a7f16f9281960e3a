import { useEffect, useMemo, useState } from 'react';
import { ErrorBudgetChart } from '../../charts/error-budget-chart';
import { HealthBadge } from '../../components/health-badge';
import { useService, useServices, useWorkbench } from '../../stores/hooks';
import { findJob } from '../../stores/service-store';
import { ChaosPanel } from './chaos-panel';
import { LogViewer } from './log-viewer';
import { MetricsView } from './metrics-view';
import { SettingsPanel } from './settings-panel';

/** The fitting service's own state: backend, health, error budget, metrics, chaos, settings, log. */
export function ServicePanel() {
  return (
    <section className="panel service" aria-label="Service health">
      <h2>Service</h2>
      <ServiceHeader />
      <CheckpointsNotice />
      <BudgetChart />
      <MetricsView />
      <ChaosPanel />
      <SettingsPanel />
      <details className="log-details" open>
        <summary>Job log</summary>
        <LogViewer />
      </details>
    </section>
  );
}

function ServiceHeader() {
  const jobId = useWorkbench((s) => s.fit?.jobId ?? null);
  const backend = useService((s) => findJob(s.snapshot, jobId)?.backend ?? s.snapshot.metrics.backend ?? null);
  const health = useService((s) => s.snapshot.health.state);
  const reason = useService((s) => s.snapshot.healthHistory.at(-1)?.reason);
  const pool = useService((s) => {
    const p = s.snapshot.pool;
    return `workers ${p.running}/${p.capacity} busy, ${p.queued} waiting${p.workersCrashed > 0 ? `, ${p.workersCrashed} crashed` : ''}`;
  });
  return (
    <div className="service-header">
      <span className="service-item">
        backend <strong data-testid="backend-indicator">{backend ?? '—'}</strong>
      </span>
      <span className="service-item">
        health <HealthBadge state={health} reason={reason} />
      </span>
      <span className="service-item muted" data-testid="pool-status">
        {pool}
      </span>
      <StorageUsage />
    </div>
  );
}

function StorageUsage() {
  const { client } = useServices();
  const checkpoints = useService((s) => s.snapshot.metrics.checkpointsWritten);
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    client.storageEstimate().then(
      (e) => live && setText(e ? `storage ${(e.usage / 1e6).toFixed(1)} MB of ${(e.quota / 1e6).toFixed(0)} MB` : null),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, checkpoints]);
  return text ? <span className="service-item muted">{text}</span> : null;
}

function CheckpointsNotice() {
  const status = useService((s) => s.snapshot.checkpoints);
  if (status.enabled) return null;
  const reason = status.reason ?? 'storage is unavailable';
  const text = /^checkpoints are off/i.test(reason) ? reason : `Checkpoints are off: ${reason}`;
  return (
    <div className="notice" data-testid="checkpoints-notice" role="status">
      {text}
    </div>
  );
}

function BudgetChart() {
  const { service } = useServices();
  // The series array is rebuilt with every service change; redraw only when a sample is added.
  const count = useService((s) => s.snapshot.budgetSeries.length);
  const lastT = useService((s) => s.snapshot.budgetSeries.at(-1)?.t ?? 0);
  const series = useMemo(() => [...service.getState().snapshot.budgetSeries], [service, count, lastT]);
  const alpha = useService((s) => s.snapshot.config.slo.alpha);
  return <ErrorBudgetChart samples={series} sloPercent={Math.round(alpha * 1000) / 10} />;
}
