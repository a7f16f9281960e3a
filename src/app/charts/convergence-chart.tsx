import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatTick } from './format-tick';
import { logTicks } from './log-ticks';
import { ChartTable } from './chart-table';

export interface ConvergencePoint {
  iteration: number;
  cost: number;
}

/** Cost against iteration on a log axis, updated live while the fit runs. */
export function ConvergenceChart({ points }: { points: ConvergencePoint[] }) {
  const positive = points.filter((p) => p.cost > 0 && Number.isFinite(p.cost));
  const costs = positive.map((p) => p.cost);
  // Explicit numeric domain: recharts' 'auto' domain on a log scale clips the data.
  const domain: [number, number] =
    positive.length > 0 ? [Math.min(...costs) / 1.25, Math.max(...costs) * 1.25] : [0.1, 1];
  const ticks = positive.length > 0 ? logTicks(domain[0], domain[1]) : [];
  return (
    <figure
      className="chart"
      data-testid="convergence-chart"
      data-points={positive.length}
      role="group"
      aria-label="Convergence: cost against iteration, log scale"
    >
      <figcaption className="chart-caption">cost ½Σρ(r²), log scale</figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={positive} margin={{ top: 8, right: 16, bottom: 16, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#e6e9ee" />
          <XAxis
            dataKey="iteration"
            type="number"
            domain={[0, 'dataMax']}
            allowDecimals={false}
            label={{ value: 'iteration', position: 'insideBottom', offset: -8 }}
          />
          <YAxis
            dataKey="cost"
            type="number"
            scale="log"
            domain={domain}
            ticks={ticks.length > 0 ? ticks : undefined}
            tickFormatter={formatTick}
            width={64}
            allowDataOverflow
          />
          <Tooltip formatter={(v) => formatTick(Number(v))} labelFormatter={(v) => `iteration ${v}`} />
          <Line
            dataKey="cost"
            type="stepAfter"
            stroke="#1f4e79"
            strokeWidth={2}
            dot={positive.length < 60}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
      <ChartTable
        caption="Cost by iteration"
        columns={['iteration', 'cost']}
        rows={positive.map((p) => [p.iteration, p.cost])}
      />
    </figure>
  );
}
