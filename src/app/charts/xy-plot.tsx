import { useLayoutEffect, useRef, useState } from 'react';
import type { XYPoint } from './decimate-series';
import { formatTick } from './format-tick';
import { linearTicks } from './linear-ticks';

export interface PlotSeries {
  name: string;
  /** 'band': `points` outline a closed area (upper edge left to right, then lower edge back). */
  kind: 'dots' | 'line' | 'band';
  points: XYPoint[];
  color: string;
}

export interface XyPlotProps {
  series: PlotSeries[];
  height: number;
  xLabel: string;
  yLabel: string;
  /** Draw the y = 0 line (residual plots). */
  zeroLine?: boolean;
  legend?: boolean;
}

const MARGIN = { top: 10, right: 16, bottom: 36, left: 64 };

/**
 * A light x–y plot for data that can be large: every dot series is ONE SVG path (a
 * zero-length segment per point with round caps) and every line one path, so a thousand
 * points cost one DOM node instead of a thousand React elements (recharts' Scatter took
 * 150–290 ms of main thread to draw a million-point fit's sample).
 */
export function XyPlot({ series, height, xLabel, yLabel, zeroLine, legend }: XyPlotProps) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(600);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(200, Math.floor(el.getBoundingClientRect().width)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const s of series) {
    for (const p of s.points) {
      if (p.x < xMin) xMin = p.x;
      if (p.x > xMax) xMax = p.x;
      if (p.y < yMin) yMin = p.y;
      if (p.y > yMax) yMax = p.y;
    }
  }
  if (zeroLine) {
    yMin = Math.min(yMin, 0);
    yMax = Math.max(yMax, 0);
  }
  const empty = !(xMax >= xMin) || !(yMax >= yMin);
  if (xMax === xMin) [xMin, xMax] = [xMin - 1, xMax + 1];
  const pad = (yMax - yMin) * 0.05 || 1;
  [yMin, yMax] = [yMin - pad, yMax + pad];
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + ((x - xMin) / (xMax - xMin)) * plotW;
  const sy = (y: number) => MARGIN.top + (1 - (y - yMin) / (yMax - yMin)) * plotH;
  const xTicks = empty ? [] : linearTicks(xMin, xMax, Math.max(2, Math.floor(plotW / 90)));
  const yTicks = empty ? [] : linearTicks(yMin, yMax, Math.max(4, Math.floor(plotH / 40)));

  const pathOf = (s: PlotSeries): string => {
    let d = '';
    for (let i = 0; i < s.points.length; i++) {
      const p = s.points[i];
      const x = sx(p.x).toFixed(1);
      const y = sy(p.y).toFixed(1);
      d += s.kind === 'dots' ? `M${x} ${y}h0` : `${i === 0 ? 'M' : 'L'}${x} ${y}`;
    }
    return s.kind === 'band' && d ? `${d}Z` : d;
  };

  return (
    <div ref={box} className="xy-plot">
      {legend && (
        <div className="xy-legend">
          {series.map((s) => (
            <span key={s.name}>
              <i style={{ background: s.color }} className={s.kind === 'dots' ? 'xy-legend-dot' : 'xy-legend-line'} />
              {s.name}
            </span>
          ))}
        </div>
      )}
      <svg width={width} height={height} role="img" aria-label={`${yLabel} against ${xLabel}`}>
        <g stroke="#e6e9ee">
          {xTicks.map((t) => (
            <line key={`gx${t}`} x1={sx(t)} x2={sx(t)} y1={MARGIN.top} y2={MARGIN.top + plotH} />
          ))}
          {yTicks.map((t) => (
            <line key={`gy${t}`} x1={MARGIN.left} x2={MARGIN.left + plotW} y1={sy(t)} y2={sy(t)} />
          ))}
        </g>
        {zeroLine && !empty && <line x1={MARGIN.left} x2={MARGIN.left + plotW} y1={sy(0)} y2={sy(0)} stroke="#888" />}
        <g fill="#5f6b7a" fontSize={11}>
          {xTicks.map((t) => (
            <text key={`tx${t}`} x={sx(t)} y={MARGIN.top + plotH + 14} textAnchor="middle">
              {formatTick(t)}
            </text>
          ))}
          {yTicks.map((t) => (
            <text key={`ty${t}`} x={MARGIN.left - 6} y={sy(t) + 4} textAnchor="end">
              {formatTick(t)}
            </text>
          ))}
          <text x={MARGIN.left + plotW / 2} y={height - 4} textAnchor="middle">
            {xLabel}
          </text>
          <text transform={`translate(12 ${MARGIN.top + plotH / 2}) rotate(-90)`} textAnchor="middle">
            {yLabel}
          </text>
        </g>
        <rect x={MARGIN.left} y={MARGIN.top} width={plotW} height={plotH} fill="none" stroke="#c9d0d9" />
        {!empty &&
          series.map((s) =>
            s.kind === 'band' ? (
              <path key={s.name} d={pathOf(s)} fill={s.color} fillOpacity={0.18} stroke="none" data-series={s.name} />
            ) : s.kind === 'dots' ? (
              <path
                key={s.name}
                d={pathOf(s)}
                stroke={s.color}
                strokeOpacity={0.75}
                strokeWidth={3.4}
                strokeLinecap="round"
                fill="none"
              />
            ) : (
              <path key={s.name} d={pathOf(s)} stroke={s.color} strokeWidth={2} fill="none" strokeLinejoin="round" />
            ),
          )}
      </svg>
    </div>
  );
}
