import { useMemo } from 'react';
import { ConvergenceChart, type ConvergencePoint } from '../../charts/convergence-chart';
import { decimateSeries } from '../../charts/decimate-series';
import { useCurrentJobField } from './use-current-job';

const EMPTY: readonly number[] = [];

/** Cost against iteration, fed by the runtime's throttled progress batches. */
export function ConvergenceView() {
  const history = useCurrentJobField((j) => j?.history ?? EMPTY);
  const start = useCurrentJobField((j) => j?.historyStart ?? 0);
  const points = useMemo<ConvergencePoint[]>(() => {
    const iterations = Float64Array.from(history, (_, i) => start + i);
    return decimateSeries(iterations, history, 400).map((p) => ({ iteration: p.x, cost: p.y }));
  }, [history, start]);
  return <ConvergenceChart points={points} />;
}
