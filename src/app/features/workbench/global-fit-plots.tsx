import { useEffect, useMemo, useState } from 'react';
import type { FitResult, GlobalFitResult, GlobalProblem } from '../../../core/api-types';
import { formatTick } from '../../charts/format-tick';
import type { AxisKind } from '../../charts/plot-scale';
import { XyPlot, type PlotSeries } from '../../charts/xy-plot';
import { AxisScaleControls } from './axis-scale-controls';
import { fitPlotSvg } from './fit-plot-ref';
import { computeFitViews, dataPoints, type FitViews } from './fit-views';
import { datasetProblem, datasetResult, datasetStyle } from './global-views';
import './global-fit-plots.css';

/** A marker and line sample for the legend, drawn like the plot draws the set. */
function LegendMark({ k }: { k: number }) {
  const st = datasetStyle(k);
  return (
    <svg width="34" height="12" viewBox="0 0 34 12" aria-hidden="true" focusable="false">
      <line x1="0" y1="6" x2="20" y2="6" stroke={st.color} strokeWidth="2" strokeDasharray={st.dash} />
      {st.marker === 'cross' ? (
        <path d="M24 3l6 6M24 9l6-6" stroke={st.color} strokeWidth="1.5" />
      ) : (
        <path
          d="M27 6h0"
          stroke={st.color}
          strokeWidth="4"
          strokeLinecap={st.marker === 'square' ? 'square' : 'round'}
        />
      )}
    </svg>
  );
}

/**
 * A global fit: every data set's points with its own fitted curve on one plot, and the
 * residuals of all sets below. Each set has its colour, marker shape and line dash.
 */
export function GlobalFitPlots({
  global,
  result,
  xLabel,
  yLabel,
}: {
  global: GlobalProblem;
  result: FitResult | null;
  xLabel: string;
  yLabel: string;
}) {
  const [xKind, setXKind] = useState<AxisKind>('linear');
  const [yKind, setYKind] = useState<AxisKind>('linear');
  const names = global.datasets.map((d, k) => d.name ?? `data set ${k + 1}`);
  const plain = useMemo(() => global.datasets.map((d) => dataPoints({ x: d.x, y: d.y })), [global]);
  const [views, setViews] = useState<{ result: FitResult; views: FitViews[] } | null>(null);

  useEffect(() => {
    if (!result) return;
    let stale = false;
    Promise.all(
      global.datasets.map((_, k) =>
        computeFitViews(datasetProblem(global, k), datasetResult(result, global, k), () => stale, plain[k]),
      ),
    ).then(
      (all) => {
        if (!stale && all.every((v): v is FitViews => v !== null)) setViews({ result, views: all });
      },
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [global, result, plain]);

  const current = views && views.result === result ? views.views : null;
  const series: PlotSeries[] = [];
  const residualSeries: PlotSeries[] = [];
  names.forEach((name, k) => {
    const st = datasetStyle(k);
    series.push({ name, kind: 'dots', points: plain[k], color: st.color, marker: st.marker });
    if (current) {
      series.push({ name: `${name} fit`, kind: 'line', points: current[k].curve, color: st.color, dash: st.dash });
      residualSeries.push({ name, kind: 'dots', points: current[k].residuals, color: st.color, marker: st.marker });
    }
  });
  const points = plain.reduce((n, p) => n + p.length, 0);
  return (
    <div className="fit-plots">
      <AxisScaleControls xKind={xKind} yKind={yKind} onXKind={setXKind} onYKind={setYKind} />
      <figure
        className="chart"
        data-testid="fit-chart"
        data-points={points}
        data-datasets={names.length}
        aria-label={`Global fit of ${names.length} data sets: ${yLabel} against ${xLabel}`}
      >
        <ul className="global-legend" aria-label="Data sets in the plot">
          {names.map((name, k) => (
            <li key={k} data-testid={`plot-dataset-${k}`}>
              <LegendMark k={k} />
              {name}
            </li>
          ))}
        </ul>
        <XyPlot
          series={series}
          height={300}
          xLabel={xLabel}
          yLabel={yLabel}
          xKind={xKind}
          yKind={yKind}
          interactive
          svgRef={(el) => {
            fitPlotSvg.current = el;
          }}
        />
      </figure>
      {residualSeries.length > 0 && (
        <figure
          className="chart"
          data-testid="residual-chart"
          data-view="vs-x"
          aria-label={`Residuals of each data set against ${xLabel}`}
        >
          <XyPlot series={residualSeries} height={150} xLabel={xLabel} yLabel="residual" zeroLine />
        </figure>
      )}
      <DatasetStats result={result} />
    </div>
  );
}

/** Each data set's share of a global fit: points, chi-square and R². */
function DatasetStats({ result }: { result: FitResult | null }) {
  const sets = (result as Partial<GlobalFitResult> | null)?.datasets;
  if (!Array.isArray(sets) || sets.length === 0) return null;
  return (
    <div className="table-scroll">
      <table className="global-stats" data-testid="global-dataset-stats">
        <caption>Data sets of the global fit</caption>
        <thead>
          <tr>
            <th scope="col">data set</th>
            <th scope="col">points</th>
            <th scope="col">χ²</th>
            <th scope="col">R²</th>
          </tr>
        </thead>
        <tbody>
          {sets.map((d, k) => (
            <tr key={k}>
              <th scope="row">
                <LegendMark k={k} />
                {d.name}
              </th>
              <td className="num">{d.n}</td>
              <td className="num">{formatTick(d.chiSquare)}</td>
              <td className="num">{d.rSquared.toFixed(6)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
