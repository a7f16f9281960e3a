import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type Ref } from 'react';
import type { XYPoint } from './decimate-series';
import { formatTick } from './format-tick';
import { axisTicks, extentOf, fraction, paddedAxis, panAxis, zoomAxis, type Axis, type AxisKind } from './plot-scale';

export interface PlotSeries {
  name: string;
  /** 'band': `points` outline a closed area (upper edge left to right, then lower edge back). */
  kind: 'dots' | 'line' | 'bars' | 'band';
  points: XYPoint[];
  color: string;
  /** Dots: the marker's shape (several data sets are told apart by shape, not only colour). */
  marker?: 'round' | 'square' | 'cross';
  /** Lines: an SVG dash pattern ("6 3"). */
  dash?: string;
}

/** A filled band between two curves (confidence or prediction band). */
export interface PlotBand {
  name: string;
  testId: string;
  x: readonly number[];
  lower: readonly number[];
  upper: readonly number[];
  color: string;
  opacity: number;
}

/** A vertical error bar ±e at (x, y). */
export interface ErrorBar {
  x: number;
  y: number;
  e: number;
}

export interface XyPlotProps {
  series: PlotSeries[];
  bands?: PlotBand[];
  errorBars?: ErrorBar[];
  height: number;
  xLabel: string;
  yLabel: string;
  xKind?: AxisKind;
  yKind?: AxisKind;
  /** Draw the y = 0 line (residual plots). */
  zeroLine?: boolean;
  legend?: boolean;
  /** Zoom (wheel, +/−), pan (drag, arrow keys), reset (double-click, 0) and the hover read-out. */
  interactive?: boolean;
  svgRef?: Ref<SVGSVGElement>;
}

const MARGIN = { top: 10, right: 16, bottom: 36, left: 64 };

/**
 * A light x–y plot for data that can be large: every dot series is ONE SVG path (a
 * zero-length segment per point with round caps) and every line one path, so a thousand
 * points cost one DOM node instead of a thousand React elements.
 */
export function XyPlot(props: XyPlotProps) {
  const { series, bands = [], errorBars = [], height, xLabel, yLabel, zeroLine, legend, interactive } = props;
  const xKind = props.xKind ?? 'linear';
  const yKind = props.yKind ?? 'linear';
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(600);
  const [view, setView] = useState<{ x: Axis; y: Axis } | null>(null);
  const [hover, setHover] = useState<XYPoint | null>(null);
  const drag = useRef<{ px: number; py: number; x: Axis; y: Axis } | null>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(200, Math.floor(el.getBoundingClientRect().width)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const full = fullAxes(series, bands, errorBars, xKind, yKind, zeroLine === true);
  // A zoom made on other axis kinds (linear → log) no longer applies.
  const shown = view && view.x.kind === xKind && view.y.kind === yKind ? view : null;
  const axes = shown ?? full;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + fraction(axes.x, x) * plotW;
  const sy = (y: number) => MARGIN.top + (1 - fraction(axes.y, y)) * plotH;
  const empty = series.every((s) => s.points.length === 0);
  const xTicks = empty ? [] : axisTicks(axes.x, Math.max(2, Math.floor(plotW / 90)));
  const yTicks = empty ? [] : axisTicks(axes.y, Math.max(4, Math.floor(plotH / 40)));
  const clipId = useRef(`plot-clip-${Math.random().toString(36).slice(2, 9)}`).current;

  const ok = (v: number) => Number.isFinite(v);
  const pathOf = (s: PlotSeries): string => {
    let d = '';
    let pen = false;
    const base = sy(axes.y.kind === 'log' ? axes.y.min : Math.max(axes.y.min, Math.min(0, axes.y.max)));
    for (const p of s.points) {
      const X = sx(p.x);
      const Y = sy(p.y);
      if (!ok(X) || !ok(Y)) {
        pen = false;
        continue;
      }
      if (s.kind === 'dots' && s.marker === 'cross')
        d += `M${(X - 3).toFixed(1)} ${(Y - 3).toFixed(1)}l6 6M${(X - 3).toFixed(1)} ${(Y + 3).toFixed(1)}l6 -6`;
      else if (s.kind === 'dots') d += `M${X.toFixed(1)} ${Y.toFixed(1)}h0`;
      else if (s.kind === 'bars') d += `M${X.toFixed(1)} ${base.toFixed(1)}V${Y.toFixed(1)}`;
      else {
        d += `${pen ? 'L' : 'M'}${X.toFixed(1)} ${Y.toFixed(1)}`;
        pen = true;
      }
    }
    return s.kind === 'band' && d ? `${d}Z` : d;
  };
  const bandPath = (b: PlotBand): string => {
    const upper: string[] = [];
    const lower: string[] = [];
    for (let i = 0; i < b.x.length; i++) {
      const X = sx(b.x[i]);
      const U = sy(b.upper[i]);
      const L = sy(b.lower[i]);
      if (ok(X) && ok(U) && ok(L)) {
        upper.push(`${X.toFixed(1)} ${U.toFixed(1)}`);
        lower.push(`${X.toFixed(1)} ${L.toFixed(1)}`);
      }
    }
    return upper.length > 1 ? `M${upper.join('L')}L${lower.reverse().join('L')}Z` : '';
  };
  const barsPath = (): string => {
    let d = '';
    for (const b of errorBars) {
      const X = sx(b.x);
      const A = sy(b.y - b.e);
      const B = sy(b.y + b.e);
      if (ok(X) && ok(A) && ok(B)) d += `M${X.toFixed(1)} ${A.toFixed(1)}V${B.toFixed(1)}`;
    }
    return d;
  };

  const at = (e: { clientX: number; clientY: number }) => {
    const r = box.current?.querySelector('svg')?.getBoundingClientRect();
    if (!r) return null;
    return { fx: (e.clientX - r.left - MARGIN.left) / plotW, fy: 1 - (e.clientY - r.top - MARGIN.top) / plotH };
  };
  const nearest = (fx: number, fy: number): XYPoint | null => {
    let best: XYPoint | null = null;
    let bestD = 0.0025;
    for (const s of series) {
      if (s.kind !== 'dots') continue;
      for (const p of s.points) {
        const d =
          ((fraction(axes.x, p.x) - fx) * plotW) ** 2 / plotW ** 2 +
          ((fraction(axes.y, p.y) - fy) * plotH) ** 2 / plotW ** 2;
        if (d < bestD) {
          bestD = d;
          best = p;
        }
      }
    }
    return best;
  };
  const zoom = (factor: number, fx = 0.5, fy = 0.5, yToo = true) =>
    setView({ x: zoomAxis(axes.x, factor, fx), y: yToo ? zoomAxis(axes.y, factor, fy) : axes.y });

  // The wheel zooms while the plot has the focus (click it first); otherwise it scrolls the page.
  // A native listener: React's wheel listeners are passive and cannot keep the page still.
  const wheel = useRef<(e: WheelEvent) => void>(() => undefined);
  wheel.current = (e: WheelEvent) => {
    const svg = box.current?.querySelector('svg');
    if (!interactive || !svg || document.activeElement !== svg) return;
    const p = at(e);
    if (!p) return;
    e.preventDefault();
    zoom(e.deltaY > 0 ? 1.25 : 0.8, p.fx, p.fy);
  };
  useEffect(() => {
    const svg = box.current?.querySelector('svg');
    if (!svg) return;
    const listener = (e: WheelEvent) => wheel.current(e);
    svg.addEventListener('wheel', listener, { passive: false });
    return () => svg.removeEventListener('wheel', listener);
  }, []);

  const handlers = interactive
    ? {
        tabIndex: 0,
        onPointerDown: (e: PointerEvent<SVGSVGElement>) => {
          e.currentTarget.focus();
          drag.current = { px: e.clientX, py: e.clientY, x: axes.x, y: axes.y };
          e.currentTarget.setPointerCapture?.(e.pointerId);
        },
        onPointerMove: (e: PointerEvent<SVGSVGElement>) => {
          const d = drag.current;
          if (d && e.buttons === 1) {
            const dx = -(e.clientX - d.px) / plotW;
            const dy = (e.clientY - d.py) / plotH;
            if (Math.abs(dx) + Math.abs(dy) > 0.002) setView({ x: panAxis(d.x, dx), y: panAxis(d.y, dy) });
            return;
          }
          const p = at(e);
          const near = p ? nearest(p.fx, p.fy) : null;
          if (near !== hover) setHover(near);
        },
        onPointerUp: () => {
          drag.current = null;
        },
        onPointerLeave: () => setHover(null),
        onDoubleClick: () => setView(null),
        onKeyDown: (e: KeyboardEvent<SVGSVGElement>) => {
          const step: Record<string, () => void> = {
            '+': () => zoom(0.8),
            '=': () => zoom(0.8),
            '-': () => zoom(1.25),
            '0': () => setView(null),
            ArrowLeft: () => setView({ x: panAxis(axes.x, -0.1), y: axes.y }),
            ArrowRight: () => setView({ x: panAxis(axes.x, 0.1), y: axes.y }),
            ArrowUp: () => setView({ x: axes.x, y: panAxis(axes.y, 0.1) }),
            ArrowDown: () => setView({ x: axes.x, y: panAxis(axes.y, -0.1) }),
          };
          const act = step[e.key];
          if (act) {
            e.preventDefault();
            act();
          }
        },
      }
    : {};

  return (
    <div ref={box} className="xy-plot">
      {(legend || interactive) && (
        <div className="xy-legend">
          {legend &&
            series.map((s) => (
              <span key={s.name}>
                <i style={{ background: s.color }} className={s.kind === 'dots' ? 'xy-legend-dot' : 'xy-legend-line'} />
                {s.name}
              </span>
            ))}
          {legend &&
            bands.map((b) => (
              <span key={b.name}>
                <i style={{ background: b.color, opacity: b.opacity * 2 }} className="xy-legend-band" />
                {b.name}
              </span>
            ))}
          {interactive && (
            <span className="xy-readout" data-testid="plot-readout" aria-live="off">
              {hover ? `${xLabel} = ${formatTick(hover.x)}, ${yLabel} = ${formatTick(hover.y)}` : ''}
            </span>
          )}
          {shown && (
            <button type="button" className="small" onClick={() => setView(null)} data-testid="plot-reset">
              Reset zoom
            </button>
          )}
        </div>
      )}
      <svg
        ref={props.svgRef}
        width={width}
        height={height}
        role="img"
        aria-label={`${yLabel} against ${xLabel}${xKind === 'log' ? ', log x' : ''}${yKind === 'log' ? ', log y' : ''}${interactive ? '. Keys: plus and minus zoom, arrows pan, 0 resets' : ''}`}
        xmlns="http://www.w3.org/2000/svg"
        fontFamily="system-ui, sans-serif"
        {...handlers}
      >
        <rect x={0} y={0} width={width} height={height} fill="#fff" />
        <defs>
          <clipPath id={clipId}>
            <rect x={MARGIN.left} y={MARGIN.top} width={plotW} height={plotH} />
          </clipPath>
        </defs>
        <g stroke="#e6e9ee">
          {xTicks.map((t) => (
            <line key={`gx${t}`} x1={sx(t)} x2={sx(t)} y1={MARGIN.top} y2={MARGIN.top + plotH} />
          ))}
          {yTicks.map((t) => (
            <line key={`gy${t}`} x1={MARGIN.left} x2={MARGIN.left + plotW} y1={sy(t)} y2={sy(t)} />
          ))}
        </g>
        <g fill="#5f6b7a" fontSize={11} className="x-ticks">
          {xTicks.map((t) => (
            <text key={`tx${t}`} x={sx(t)} y={MARGIN.top + plotH + 14} textAnchor="middle">
              {formatTick(t)}
            </text>
          ))}
        </g>
        <g fill="#5f6b7a" fontSize={11} className="y-ticks">
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
        {!empty && (
          <g clipPath={`url(#${clipId})`}>
            {zeroLine && axes.y.kind === 'linear' && (
              <line x1={MARGIN.left} x2={MARGIN.left + plotW} y1={sy(0)} y2={sy(0)} stroke="#888" />
            )}
            {bands.map((b) => (
              <path
                key={b.name}
                data-testid={b.testId}
                d={bandPath(b)}
                fill={b.color}
                fillOpacity={b.opacity}
                stroke="none"
              />
            ))}
            {errorBars.length > 0 && (
              <path
                data-testid="error-bars"
                d={barsPath()}
                stroke="#5b7fa6"
                strokeOpacity={0.6}
                strokeWidth={1}
                fill="none"
              />
            )}
            {series.map((s) =>
              s.kind === 'band' ? (
                <path key={s.name} d={pathOf(s)} fill={s.color} fillOpacity={0.18} stroke="none" data-series={s.name} />
              ) : s.kind === 'dots' ? (
                <path
                  key={s.name}
                  d={pathOf(s)}
                  stroke={s.color}
                  strokeOpacity={0.75}
                  strokeWidth={s.marker === 'cross' ? 1.5 : s.marker === 'square' ? 3.2 : 3.4}
                  strokeLinecap={s.marker === 'square' ? 'square' : s.marker === 'cross' ? 'butt' : 'round'}
                  fill="none"
                  data-series={s.name}
                />
              ) : (
                <path
                  key={s.name}
                  d={pathOf(s)}
                  stroke={s.color}
                  strokeWidth={
                    s.kind === 'bars' ? Math.max(2, Math.min(24, (plotW / Math.max(1, s.points.length)) * 0.8)) : 2
                  }
                  fill="none"
                  strokeDasharray={s.dash}
                  strokeLinejoin="round"
                />
              ),
            )}
            {hover && ok(sx(hover.x)) && ok(sy(hover.y)) && (
              <circle cx={sx(hover.x)} cy={sy(hover.y)} r={5} fill="none" stroke="#1d232b" strokeWidth={1.5} />
            )}
          </g>
        )}
      </svg>
    </div>
  );
}

function fullAxes(
  series: PlotSeries[],
  bands: PlotBand[],
  bars: ErrorBar[],
  xKind: AxisKind,
  yKind: AxisKind,
  zeroLine: boolean,
): { x: Axis; y: Axis } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of series)
    for (const p of s.points) {
      xs.push(p.x);
      ys.push(p.y);
    }
  for (const s of series) if (s.kind === 'bars') ys.push(0);
  for (const b of bands) {
    xs.push(...b.x);
    ys.push(...b.lower, ...b.upper);
  }
  for (const b of bars) ys.push(b.y - b.e, b.y + b.e);
  if (zeroLine) ys.push(0);
  const ex = extentOf(xs, xKind) ?? [xKind === 'log' ? 1 : 0, xKind === 'log' ? 10 : 1];
  const ey = extentOf(ys, yKind) ?? [yKind === 'log' ? 1 : 0, yKind === 'log' ? 10 : 1];
  const x = ex[0] === ex[1] ? paddedAxis(ex[0], ex[1], xKind) : paddedAxis(ex[0], ex[1], xKind, 0.01);
  return { x, y: paddedAxis(ey[0], ey[1], yKind) };
}
