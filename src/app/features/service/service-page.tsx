import { useEffect, useMemo, useState } from 'react';
import { ErrorBudgetChart } from '../../charts/error-budget-chart';
import { HealthBadge } from '../../components/health-badge';
import { appServices } from '../../stores/app-services';
import { ServicesContext, useService, useServices } from '../../stores/hooks';
import { ChaosPanel } from './chaos-panel';
import { CheckpointsNotice } from '../../components/checkpoints-notice';
import { HealthHistory } from './health-history';
import { LogViewer } from './log-viewer';
import { MetricsView } from './metrics-view';
import { SettingsPanel } from './settings-panel';
import './service-page.css';

/**
 * The service dashboard (route #/service): the fitting service's health with its history,
 * the error budget, metrics, the job log, the chaos switches and the settings. The workbench
 * is for fitting; it shows only the backend of its fit and the header's health badge.
 */
export function ServicePage() {
  const [services] = useState(appServices);
  return (
    <ServicesContext.Provider value={services}>
      <div className="service-page" data-testid="service-page">
        <h1 className="page-title">Fitting service</h1>
        <section className="panel service-health" aria-labelledby="service-health-title">
          <h2 id="service-health-title">Health</h2>
          <ServiceHeader />
          <CheckpointsNotice />
          <HealthHistory />
        </section>
        <section className="panel service-budget" aria-labelledby="service-budget-title">
          <h2 id="service-budget-title">Error budget</h2>
          <BudgetChart />
        </section>
        <section className="panel service-metrics" aria-labelledby="service-metrics-title">
          <h2 id="service-metrics-title">Metrics</h2>
          <MetricsView />
        </section>
        <section className="panel service-log" aria-labelledby="service-log-title">
          <h2 id="service-log-title">Job log</h2>
          <LogViewer />
        </section>
        <section className="panel service-controls" aria-labelledby="service-controls-title">
          <h2 id="service-controls-title">Chaos and settings</h2>
          <ChaosPanel />
          <SettingsPanel />
        </section>
      </div>
    </ServicesContext.Provider>
  );
}

function ServiceHeader() {
  const backend = useService((s) => s.snapshot.metrics.backend ?? null);
  const health = useService((s) => s.snapshot.health.state);
  const reason = useService((s) => s.snapshot.healthHistory.at(-1)?.reason);
  const pool = useService((s) => {
    const p = s.snapshot.pool;
    return `workers ${p.running}/${p.capacity} busy, ${p.queued} waiting${p.workersCrashed > 0 ? `, ${p.workersCrashed} crashed` : ''}`;
  });
  return (
    <div className="service-header">
      <span className="service-item service-health-state">
        <HealthBadge state={health} reason={reason} testId="service-health-state" />
        {reason && <span className="muted">{reason}</span>}
      </span>
      <span className="service-item">
        last backend <strong data-testid="service-backend">{backend ?? '—'}</strong>
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

function BudgetChart() {
  const { service } = useServices();
  // The series array is rebuilt with every service change; redraw only when a sample is added.
  const count = useService((s) => s.snapshot.budgetSeries.length);
  const lastT = useService((s) => s.snapshot.budgetSeries.at(-1)?.t ?? 0);
  const series = useMemo(() => [...service.getState().snapshot.budgetSeries], [service, count, lastT]);
  const alpha = useService((s) => s.snapshot.config.slo.alpha);
  return <ErrorBudgetChart samples={series} sloPercent={Math.round(alpha * 1000) / 10} />;
}
