import { lazy, startTransition, Suspense, useEffect, useMemo, useState } from 'react';
import { FitChart } from '../../charts/fit-chart';
import { ResidualChart, type ResidualView } from '../../charts/residual-chart';
import type { AxisKind } from '../../charts/plot-scale';
import { useWorkbench } from '../../stores/hooks';
import type { XYPoint } from '../../charts/decimate-series';
import type { ErrorBar } from '../../charts/xy-plot';
import { sampleErrorBars, sigmaVector } from './error-bars';
import { AxisScaleControls } from './axis-scale-controls';
import { fitPlotSvg } from './fit-plot-ref';
import { computeFitViews, dataPoints, predictorColumns, type FitViews } from './fit-views';
import { useFitResult } from './use-current-job';

// Several data sets' plots load with the first global fit.
const GlobalFitPlots = lazy(() => import('./global-fit-plots').then((m) => ({ default: m.GlobalFitPlots })));

const NO_POINTS: XYPoint[] = [];
const NO_BARS: ErrorBar[] = [];

/** The plots of the followed fit: one data set, or every set of a global fit. */
export function FitPlots() {
  const fit = useWorkbench((s) => s.fit);
  const result = useFitResult();
  if (fit?.global)
    return (
      <Suspense fallback={null}>
        <GlobalFitPlots global={fit.global} result={result} xLabel={fit.xLabel} yLabel={fit.yLabel} />
      </Suspense>
    );
  return <SingleFitPlots />;
}

/** The data with the fitted curve and its bands, the residuals, and the axis and view controls. */
function SingleFitPlots() {
  const fit = useWorkbench((s) => s.fit);
  const fitData = useWorkbench((s) => s.fitData);
  const xName = useWorkbench((s) => s.picks.x[0] ?? 'x');
  const yName = useWorkbench((s) => s.picks.y || 'y');
  const result = useFitResult();
  const [xKind, setXKind] = useState<AxisKind>('linear');
  const [yKind, setYKind] = useState<AxisKind>('linear');
  const [residualView, setResidualView] = useState<ResidualView>('vs-x');
  const px = fit?.problem?.x ?? (fitData ? fitData.predictors[fitData.predictorNames[0]] : null);
  const py = fit?.problem?.y ?? fitData?.y ?? null;
  const psigma = sigmaVector(fit?.problem ? fit.problem.sigma : fitData?.sigma);
  const plain = useMemo(() => (px && py && py.length > 0 ? dataPoints({ x: px, y: py }) : []), [px, py]);
  const bars = useMemo(() => {
    if (!px || !py || !psigma || py.length === 0) return NO_BARS;
    const first = Object.values(predictorColumns({ x: px }))[0];
    return first ? sampleErrorBars(first, py, psigma) : NO_BARS;
  }, [px, py, psigma]);
  const [views, setViews] = useState<{ result: unknown; drawn: XYPoint[]; views: FitViews } | null>(null);

  useEffect(() => {
    if (!result || !fit?.problem || fit.problem.y.length === 0) return;
    let stale = false;
    // `plain` is drawn from fit.problem's own arrays: the chart keeps the same data object.
    computeFitViews(fit.problem, result, () => stale, plain).then(
      (v) => {
        // A transition: React renders the two charts in slices instead of one long task.
        if (v && !stale) startTransition(() => setViews({ result, drawn: plain, views: v }));
      },
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [result, fit?.problem, plain]);

  // While a new fit of the same data runs, the last curve stays up (redrawing a chart without
  // it would cost a long task for nothing); the new result replaces it.
  const current = views && (views.result === result || (result === null && views.drawn === plain)) ? views.views : null;
  const data = current?.data ?? plain;
  const curve = current?.curve ?? NO_POINTS;
  const bands = current && result?.bands ? result.bands : null;
  const xLabel = fit?.xLabel ?? xName;
  const yLabel = fit?.yLabel ?? yName;
  // A chart of a thousand dots is a costly render: redraw only when its inputs change.
  const fitChart = useMemo(
    () => (
      <FitChart
        data={data}
        curve={curve}
        bands={bands}
        errorBars={bars}
        xLabel={xLabel}
        yLabel={yLabel}
        xKind={xKind}
        yKind={yKind}
        svgRef={(el) => {
          fitPlotSvg.current = el;
        }}
      />
    ),
    [data, curve, bands, bars, xLabel, yLabel, xKind, yKind],
  );
  // The residual chart mounts one task after the fit chart: two charts at once would be one long task.
  const residuals = useDeferredMount(current);
  const residualChart = useMemo(
    () =>
      residuals ? (
        <ResidualChart
          view={residualView}
          residuals={residuals.residuals}
          histogram={residuals.residualSummary.histogram}
          qq={residuals.residualSummary.qq}
          xLabel={xLabel}
        />
      ) : null,
    [residuals, residualView, xLabel],
  );
  return (
    <div className="fit-plots">
      <AxisScaleControls xKind={xKind} yKind={yKind} onXKind={setXKind} onYKind={setYKind}>
        <span className="muted plot-hint">
          Click the plot, then wheel or +/− to zoom, drag or arrows to pan, 0 resets.
        </span>
      </AxisScaleControls>
      {fitChart}
      {residualChart && (
        <div className="plot-controls" role="group" aria-label="Residual plot">
          <label>
            residuals
            <select
              data-testid="residual-view"
              value={residualView}
              onChange={(e) => setResidualView(e.target.value as ResidualView)}
            >
              <option value="vs-x">against x</option>
              <option value="histogram">histogram</option>
              <option value="qq">normal Q–Q</option>
            </select>
          </label>
        </div>
      )}
      {residualChart}
    </div>
  );
}

/** `value`, handed on one macrotask later (null at once). */
function useDeferredMount<T>(value: T | null): T | null {
  const [shown, setShown] = useState<T | null>(value);
  useEffect(() => {
    if (value === null) {
      setShown(null);
      return;
    }
    const timer = setTimeout(() => setShown(value), 0);
    return () => clearTimeout(timer);
  }, [value]);
  return value === null ? null : shown;
}
