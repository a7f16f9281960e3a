import { CartesianGrid, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { XYPoint } from './decimate-series';
import { formatTick } from './format-tick';

/** Residuals y − f against x, with the zero line: structure here means a wrong model. */
export function ResidualChart({ residuals, xLabel }: { residuals: XYPoint[]; xLabel: string }) {
  return (
    <div className="chart" data-testid="residual-chart">
      <ResponsiveContainer width="100%" height={150}>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
          <CartesianGrid stroke="#e6e9ee" />
          <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} tickFormatter={formatTick} label={{ value: xLabel, position: 'insideBottom', offset: -8 }} />
          <YAxis dataKey="y" type="number" tickFormatter={formatTick} width={64} label={{ value: 'residual', angle: -90, position: 'insideLeft' }} />
          <ReferenceLine y={0} stroke="#888" />
          <Tooltip formatter={(v) => formatTick(Number(v))} />
          <Scatter data={residuals} fill="#7b61a8" isAnimationActive={false} shape={<ResidualDot />} />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}

function ResidualDot(props: { cx?: number; cy?: number }) {
  if (props.cx === undefined || props.cy === undefined) return null;
  return <circle cx={props.cx} cy={props.cy} r={1.6} fill="#7b61a8" fillOpacity={0.7} />;
}
