import type { XYPoint } from './decimate-series';
import { XyPlot } from './xy-plot';

/** Residuals y − f against x, with the zero line: structure here means a wrong model. */
export function ResidualChart({ residuals, xLabel }: { residuals: XYPoint[]; xLabel: string }) {
  return (
    <div className="chart" data-testid="residual-chart" data-points={residuals.length}>
      <XyPlot
        series={[{ name: 'residuals', kind: 'dots', points: residuals, color: '#7b61a8' }]}
        height={150}
        xLabel={xLabel}
        yLabel="residual"
        zeroLine
      />
    </div>
  );
}
