import { useState } from 'react';
import type { FitMetricsSnapshot } from '../../../core/reliability';
import { useService, useServices } from '../../stores/hooks';
import { downloadText } from '../../exports/download-text';

function ms(v: number): string {
  return Number.isFinite(v) && v > 0 ? (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`) : '—';
}

const ROWS: [string, string, (m: FitMetricsSnapshot) => string][] = [
  ['p50', 'fit duration p50', (m) => ms(m.p50Ms)],
  ['p95', 'fit duration p95', (m) => ms(m.p95Ms)],
  ['fits-per-second', 'fits per second', (m) => m.fitsPerSecond.toFixed(2)],
  ['success-rate', 'success rate', (m) => (m.fits > 0 ? `${(m.successRate * 100).toFixed(1)}% of ${m.fits}` : '—')],
  ['retries', 'retries', (m) => String(m.retries)],
  ['checkpoints', 'checkpoints written', (m) => String(m.checkpointsWritten)],
  ['recovery', 'recovery time (last)', (m) => ms(m.lastRecoveryMs)],
  ['anomalies', 'latency anomalies', (m) => String(m.latencyAnomalies)],
];

/** Fit duration, throughput, success rate, retries, checkpoints and recovery time, with exports. */
export function MetricsView() {
  const metrics = useService((s) => s.snapshot.metrics);
  const { client } = useServices();
  const [shown, setShown] = useState<'prometheus' | 'json' | null>(null);
  const exported =
    shown === 'prometheus'
      ? client.metricsPrometheus()
      : shown === 'json'
        ? JSON.stringify(client.metricsJson(), null, 2)
        : '';
  return (
    <div className="metrics-view" data-testid="metrics">
      <dl className="metrics-grid">
        {ROWS.map(([id, label, format]) => (
          <div key={id}>
            <dt>{label}</dt>
            <dd
              data-testid={`metric-${id}`}
              data-value={
                id === 'retries' ? metrics.retries : id === 'checkpoints' ? metrics.checkpointsWritten : undefined
              }
            >
              {format(metrics)}
            </dd>
          </div>
        ))}
      </dl>
      <div className="actions">
        <button
          type="button"
          data-testid="metrics-show-prometheus"
          onClick={() => setShown(shown === 'prometheus' ? null : 'prometheus')}
        >
          Prometheus text
        </button>
        <button
          type="button"
          data-testid="metrics-show-json"
          onClick={() => setShown(shown === 'json' ? null : 'json')}
        >
          JSON
        </button>
        <button
          type="button"
          data-testid="metrics-download-prometheus"
          onClick={() => downloadText('fitbench-metrics.prom', client.metricsPrometheus(), 'text/plain')}
        >
          Download .prom
        </button>
        <button
          type="button"
          data-testid="metrics-download-json"
          onClick={() =>
            downloadText('fitbench-metrics.json', JSON.stringify(client.metricsJson(), null, 2), 'application/json')
          }
        >
          Download .json
        </button>
      </div>
      {shown && (
        <pre className="export-view" data-testid="metrics-export">
          {exported}
        </pre>
      )}
    </div>
  );
}
