import type { Ref } from 'react';
import type { ConfidenceBands } from '../../core/api-types';
import { ChartTable } from './chart-table';
import type { XYPoint } from './decimate-series';
import type { AxisKind } from './plot-scale';
import { XyPlot, type ErrorBar, type PlotBand, type PlotSeries } from './xy-plot';

export interface FitChartProps {
  data: XYPoint[];
  curve: XYPoint[];
  xLabel: string;
  yLabel: string;
  bands?: ConfidenceBands | null;
  errorBars?: ErrorBar[];
  xKind?: AxisKind;
  yKind?: AxisKind;
  svgRef?: Ref<SVGSVGElement>;
}

/** Data as dots (with ±σ bars), the fitted model as a line, its confidence and prediction bands. */
export function FitChart({ data, curve, xLabel, yLabel, bands, errorBars, xKind, yKind, svgRef }: FitChartProps) {
  const series: PlotSeries[] = [{ name: 'data', kind: 'dots', points: data, color: '#5b7fa6' }];
  if (curve.length > 0) series.push({ name: 'fit', kind: 'line', points: curve, color: '#d9480f' });
  const areas: PlotBand[] = bands
    ? [
        {
          name: '95% prediction band',
          testId: 'prediction-band',
          x: bands.x,
          lower: bands.predictionLower,
          upper: bands.predictionUpper,
          color: '#d9480f',
          opacity: 0.08,
        },
        {
          name: '95% confidence band',
          testId: 'confidence-band',
          x: bands.x,
          lower: bands.confidenceLower,
          upper: bands.confidenceUpper,
          color: '#d9480f',
          opacity: 0.22,
        },
      ]
    : [];
  return (
    <figure
      className="chart"
      data-testid="fit-chart"
      data-points={data.length}
      aria-label={`Fit: ${yLabel} against ${xLabel}`}
    >
      <XyPlot
        series={series}
        bands={areas}
        errorBars={errorBars}
        height={280}
        xLabel={xLabel}
        yLabel={yLabel}
        xKind={xKind}
        yKind={yKind}
        legend
        interactive
        svgRef={svgRef}
      />
      <ChartTable
        caption={`Fitted curve: ${yLabel} against ${xLabel}`}
        columns={
          bands
            ? [xLabel, 'fit', 'confidence low', 'confidence high', 'prediction low', 'prediction high']
            : [xLabel, 'fit']
        }
        rows={
          bands
            ? bands.x.map((x, i) => [
                x,
                bands.y[i],
                bands.confidenceLower[i],
                bands.confidenceUpper[i],
                bands.predictionLower[i],
                bands.predictionUpper[i],
              ])
            : curve.map((p) => [p.x, p.y])
        }
      />
    </figure>
  );
}
