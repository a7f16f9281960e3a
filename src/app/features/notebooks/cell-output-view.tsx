import { useMemo } from 'react';
import { ConvergenceChart } from '../../charts/convergence-chart';
import { ErrorBudgetChart } from '../../charts/error-budget-chart';
import { XyPlot, type PlotSeries } from '../../charts/xy-plot';
import { HealthBadge } from '../../components/health-badge';
import { appServices } from '../../stores/app-services';
import type { CellOutput, PlotSeriesOutput } from '../../../worker/notebook-kernel-api';

const COLORS = ['#5b7fa6', '#d9480f', '#2b8a3e', '#862e9c', '#e67700', '#1098ad'];

function toSeries(list: PlotSeriesOutput[]): PlotSeries[] {
  let colorIndex = 0;
  const nextColor = () => COLORS[colorIndex++ % COLORS.length];
  return list.map((s, k) => {
    const name = list.findIndex((o) => o.name === s.name) === k ? s.name : `${s.name} ${k + 1}`;
    if (s.kind === 'band') {
      return { name, kind: 'band', color: '#d9480f', points: [...s.upper, ...[...s.lower].reverse()] };
    }
    return { name, kind: s.kind, color: s.name === 'fit' ? '#d9480f' : nextColor(), points: s.points };
  });
}

function formatCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  return String(value);
}

/** One output of a cell, drawn from its plain description. */
export function CellOutputView({ output }: { output: CellOutput }) {
  switch (output.kind) {
    case 'text':
      return <pre className="notebook-text">{output.text}</pre>;
    case 'value':
      return <pre className="notebook-value">{output.text}</pre>;
    case 'report':
      return (
        <pre className="notebook-report" data-testid="notebook-report">
          {output.text}
        </pre>
      );
    case 'table':
      return (
        <table className="notebook-table" data-testid="notebook-table">
          {output.caption && <caption>{output.caption}</caption>}
          <thead>
            <tr>
              {output.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {output.rows.map((row, i) => (
              <tr key={i}>
                {row.map((v, j) => (
                  <td key={j} className={typeof v === 'number' ? 'num' : undefined}>
                    {formatCell(v)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    case 'plot':
      return (
        <figure className="notebook-plot" data-testid="notebook-plot">
          {output.title && <figcaption>{output.title}</figcaption>}
          <XyPlot series={toSeries(output.series)} height={260} xLabel={output.xLabel} yLabel={output.yLabel} legend />
        </figure>
      );
    case 'convergence':
      return (
        <figure className="notebook-plot">
          {output.title && <figcaption>{output.title}</figcaption>}
          <ConvergenceChart points={output.points} />
        </figure>
      );
    case 'health':
      return <HealthSnapshotView />;
    case 'budget':
      return <BudgetSnapshotView />;
  }
}

/** The service's health as it was when the cell asked (a snapshot, not live). */
function HealthSnapshotView() {
  const { health, reason } = useMemo(() => {
    const snapshot = appServices().client.getSnapshot();
    return { health: snapshot.health, reason: snapshot.healthHistory.at(-1)?.reason };
  }, []);
  return (
    <p className="notebook-health" data-testid="notebook-health" data-state={health.state}>
      Service health: <HealthBadge state={health.state} reason={reason} />{' '}
      <span className="muted">
        error rate {(health.errorRate * 100).toFixed(0)}% over the last {health.windowCount} fits
        {reason ? ` (${reason})` : ''}
      </span>
    </p>
  );
}

function BudgetSnapshotView() {
  const { samples, slo } = useMemo(() => {
    const snapshot = appServices().client.getSnapshot();
    return { samples: [...snapshot.budgetSeries], slo: snapshot.config.slo.alpha };
  }, []);
  return <ErrorBudgetChart samples={samples} sloPercent={Math.round(slo * 1000) / 10} />;
}
