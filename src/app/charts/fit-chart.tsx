import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { XYPoint } from './decimate-series';
import { formatTick } from './format-tick';

export interface FitChartProps {
  data: XYPoint[];
  curve: XYPoint[];
  band?: { x: number; lower: number; upper: number }[];
  xLabel: string;
  yLabel: string;
}

/** Data as dots, the fitted model as a line. */
export function FitChart({ data, curve, xLabel, yLabel }: FitChartProps) {
  return (
    <div className="chart" data-testid="fit-chart">
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
          <CartesianGrid stroke="#e6e9ee" />
          <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} tickFormatter={formatTick} label={{ value: xLabel, position: 'insideBottom', offset: -8 }} allowDuplicatedCategory={false} />
          <YAxis type="number" domain={['auto', 'auto']} tickFormatter={formatTick} label={{ value: yLabel, angle: -90, position: 'insideLeft' }} width={64} />
          <Tooltip formatter={(v) => formatTick(Number(v))} labelFormatter={(v) => `x = ${formatTick(Number(v))}`} />
          <Legend verticalAlign="top" height={24} />
          <Scatter name="data" data={data} dataKey="y" fill="#5b7fa6" isAnimationActive={false} shape={<DataDot />} />
          {curve.length > 0 && <Line name="fit" data={curve} dataKey="y" type="linear" dot={false} stroke="#d9480f" strokeWidth={2} isAnimationActive={false} />}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

function DataDot(props: { cx?: number; cy?: number }) {
  if (props.cx === undefined || props.cy === undefined) return null;
  return <circle cx={props.cx} cy={props.cy} r={1.8} fill="#5b7fa6" fillOpacity={0.7} />;
}
