import { startTransition, useEffect, useMemo, useState } from 'react';
import { FitChart } from '../../charts/fit-chart';
import { ResidualChart } from '../../charts/residual-chart';
import { useWorkbench } from '../../stores/hooks';
import type { XYPoint } from '../../charts/decimate-series';
import { computeFitViews, dataPoints, type FitViews } from './fit-views';
import { useFitResult } from './use-current-job';

const NO_POINTS: XYPoint[] = [];

/** The data with the fitted curve, and the residuals once a fit has a result. */
export function FitPlots() {
  const fit = useWorkbench((s) => s.fit);
  const fitData = useWorkbench((s) => s.fitData);
  const xName = useWorkbench((s) => s.picks.x[0] ?? 'x');
  const yName = useWorkbench((s) => s.picks.y || 'y');
  const result = useFitResult();
  const px = fit?.problem?.x ?? (fitData ? fitData.predictors[fitData.predictorNames[0]] : null);
  const py = fit?.problem?.y ?? fitData?.y ?? null;
  const plain = useMemo(() => (px && py ? dataPoints({ x: px, y: py }) : []), [px, py]);
  const [views, setViews] = useState<{ result: unknown; drawn: XYPoint[]; views: FitViews } | null>(null);

  useEffect(() => {
    if (!result || !fit?.problem) return;
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
  const xLabel = fit?.xLabel ?? xName;
  const yLabel = fit?.yLabel ?? yName;
  // A recharts chart of a thousand dots is a costly render: redraw only when its inputs change.
  const fitChart = useMemo(
    () => <FitChart data={data} curve={curve} xLabel={xLabel} yLabel={yLabel} />,
    [data, curve, xLabel, yLabel],
  );
  // The residual chart mounts one task after the fit chart: two charts at once would be one long task.
  const residuals = useDeferredMount(current?.residuals ?? null);
  const residualChart = useMemo(
    () => (residuals ? <ResidualChart residuals={residuals} xLabel={xLabel} /> : null),
    [residuals, xLabel],
  );
  return (
    <div className="fit-plots">
      {fitChart}
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
