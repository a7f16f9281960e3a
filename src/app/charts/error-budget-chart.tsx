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
    <div
      className="chart"
      data-testid="error-budget-chart"
      data-samples={samples.length}
      data-remaining={last ? last.remaining.toFixed(4) : ''}
    >
      <div className="chart-caption">
        Error budget (SLO {sloPercent}% of fits succeed):{' '}
        {last ? `${(last.remaining * 100).toFixed(1)}% left, burn rate ${last.burnRate.toFixed(2)}×` : 'no fits yet'}
      </div>
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
  );
}
