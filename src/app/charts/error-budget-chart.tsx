import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartTable } from './chart-table';

export interface BudgetSample {
  /** ms since epoch */
  t: number;
  /** remaining error budget as a fraction of the allowed errors (1 = untouched, < 0 = overspent) */
  remaining: number;
  burnRate: number;
}

/** The SLO error budget over time: what is left (area) and how fast it burns (line). */
export function ErrorBudgetChart({ samples, sloPercent }: { samples: BudgetSample[]; sloPercent: number }) {
  const t0 = samples.length > 0 ? samples[0].t : 0;
  const data = samples.map((s) => ({ seconds: (s.t - t0) / 1000, remaining: s.remaining * 100, burnRate: s.burnRate }));
  const last = samples.at(-1);
  const span = data.length > 0 ? data[data.length - 1].seconds : 0;
  const secondsTick = (v: number) => `${span < 10 ? v.toFixed(1) : Math.round(v)} s`;
  return (
    <figure
      className="chart"
      data-testid="error-budget-chart"
      data-samples={samples.length}
      data-remaining={last ? last.remaining.toFixed(4) : ''}
      role="group"
      aria-label="Error budget: budget left (%) and burn rate against time"
    >
      <figcaption className="chart-caption">
        Error budget (SLO {sloPercent}% of fits succeed):{' '}
        {last ? `${(last.remaining * 100).toFixed(1)}% left, burn rate ${last.burnRate.toFixed(2)}×` : 'no fits yet'}
      </figcaption>
      {/* The picture; its numbers are in the data table below, for screen readers and keyboards. */}
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={140}>
          <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e6e9ee" />
            <XAxis dataKey="seconds" type="number" domain={[0, 'dataMax']} tickFormatter={secondsTick} />
            <YAxis
              yAxisId="left"
              domain={[(min: number) => Math.min(0, Math.floor(min / 10) * 10), 100]}
              width={48}
              tickFormatter={(v: number) => `${v}%`}
            />
            <YAxis
              yAxisId="right"
              orientation="right"
              domain={[0, 'auto']}
              width={40}
              tickFormatter={(v: number) => `${v}×`}
            />
            <ReferenceLine yAxisId="left" y={0} stroke="#b3261e" strokeDasharray="4 3" />
            <Tooltip
              formatter={(v, name) => (name === 'burn rate' ? `${Number(v).toFixed(2)}×` : `${Number(v).toFixed(1)}%`)}
              labelFormatter={(v) => `${Number(v).toFixed(1)} s`}
            />
            <Area
              yAxisId="left"
              name="budget left"
              dataKey="remaining"
              type="stepAfter"
              stroke="#1b7f3b"
              fill="#cfead7"
              isAnimationActive={false}
            />
            <Line
              yAxisId="right"
              name="burn rate"
              dataKey="burnRate"
              type="monotone"
              stroke="#b26a00"
              dot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <ChartTable
        caption="Error budget by time"
        columns={['seconds', 'budget left (%)', 'burn rate (×)']}
        rows={data.map((d) => [d.seconds, d.remaining, d.burnRate])}
      />
    </figure>
  );
}
