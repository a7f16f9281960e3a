import { ChartTable } from './chart-table';
import { XyPlot } from './xy-plot';

export interface ConvergencePoint {
  iteration: number;
  cost: number;
}

/** Cost against iteration on a log axis, updated live while the fit runs (one SVG path: cheap per update). */
export function ConvergenceChart({ points }: { points: ConvergencePoint[] }) {
  const positive = points.filter((p) => p.cost > 0 && Number.isFinite(p.cost));
  // Steps: the cost holds between iterations.
  const steps = positive.flatMap((p, i) =>
    i === 0
      ? [{ x: p.iteration, y: p.cost }]
      : [
          { x: p.iteration, y: positive[i - 1].cost },
          { x: p.iteration, y: p.cost },
        ],
  );
  return (
    <figure
      className="chart"
      data-testid="convergence-chart"
      data-points={positive.length}
      role="group"
      aria-label="Convergence: cost against iteration, log scale"
    >
      <figcaption className="chart-caption">cost ½Σρ(r²), log scale</figcaption>
      <XyPlot
        series={[
          { name: 'cost', kind: 'line', points: steps, color: '#1f4e79' },
          ...(positive.length < 60
            ? [
                {
                  name: 'iterations',
                  kind: 'dots' as const,
                  points: positive.map((p) => ({ x: p.iteration, y: p.cost })),
                  color: '#1f4e79',
                },
              ]
            : []),
        ]}
        height={180}
        xLabel="iteration"
        yLabel="cost"
        yKind="log"
      />
      <ChartTable
        caption="Cost by iteration"
        columns={['iteration', 'cost']}
        rows={positive.map((p) => [p.iteration, p.cost])}
      />
    </figure>
  );
}
