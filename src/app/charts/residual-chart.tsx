import { ChartTable } from './chart-table';
import type { XYPoint } from './decimate-series';
import { XyPlot } from './xy-plot';

export type ResidualView = 'vs-x' | 'histogram' | 'qq';

/**
 * The residuals three ways: against x with the zero line (structure means a wrong model),
 * as a histogram, and on a normal Q–Q plot (standardized; a straight diagonal means
 * normal errors with the right weights).
 */
export function ResidualChart({
  view,
  residuals,
  histogram,
  qq,
  xLabel,
}: {
  view: ResidualView;
  residuals: XYPoint[];
  histogram: XYPoint[];
  qq: XYPoint[];
  xLabel: string;
}) {
  const label =
    view === 'vs-x'
      ? `Residuals against ${xLabel}`
      : view === 'histogram'
        ? 'Histogram of standardized residuals'
        : 'Normal Q–Q plot of standardized residuals';
  const lo = qq.length > 0 ? Math.min(qq[0].x, qq[0].y) : -3;
  const hi = qq.length > 0 ? Math.max(qq[qq.length - 1].x, qq[qq.length - 1].y) : 3;
  return (
    <figure
      className="chart"
      data-testid="residual-chart"
      data-view={view}
      data-points={residuals.length}
      aria-label={label}
    >
      {view === 'vs-x' && (
        <XyPlot
          series={[{ name: 'residuals', kind: 'dots', points: residuals, color: '#7b61a8' }]}
          height={150}
          xLabel={xLabel}
          yLabel="residual"
          zeroLine
        />
      )}
      {view === 'histogram' && (
        <XyPlot
          series={[{ name: 'count', kind: 'bars', points: histogram, color: '#7b61a8' }]}
          height={150}
          xLabel="standardized residual"
          yLabel="count"
        />
      )}
      {view === 'qq' && (
        <XyPlot
          series={[
            {
              name: 'y = x',
              kind: 'line',
              points: [
                { x: lo, y: lo },
                { x: hi, y: hi },
              ],
              color: '#888',
            },
            { name: 'residual quantiles', kind: 'dots', points: qq, color: '#7b61a8' },
          ]}
          height={180}
          xLabel="normal quantile"
          yLabel="standardized residual"
        />
      )}
      <ChartTable
        caption={label}
        columns={
          view === 'vs-x'
            ? [xLabel, 'residual']
            : view === 'histogram'
              ? ['bin centre', 'count']
              : ['normal quantile', 'residual quantile']
        }
        rows={(view === 'vs-x' ? residuals : view === 'histogram' ? histogram : qq).map((p) => [p.x, p.y])}
      />
    </figure>
  );
}
