import type { XYPoint } from './decimate-series';
import { XyPlot, type PlotSeries } from './xy-plot';

export interface FitChartProps {
  data: XYPoint[];
  curve: XYPoint[];
  xLabel: string;
  yLabel: string;
}

/** Data as dots, the fitted model as a line. */
export function FitChart({ data, curve, xLabel, yLabel }: FitChartProps) {
  const series: PlotSeries[] = [{ name: 'data', kind: 'dots', points: data, color: '#5b7fa6' }];
  if (curve.length > 0) series.push({ name: 'fit', kind: 'line', points: curve, color: '#d9480f' });
  return (
    <div className="chart" data-testid="fit-chart" data-points={data.length}>
      <XyPlot series={series} height={260} xLabel={xLabel} yLabel={yLabel} legend />
    </div>
  );
}
