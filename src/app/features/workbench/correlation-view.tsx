import { CorrelationHeatmap } from '../../charts/correlation-heatmap';
import { useFitResult } from './use-current-job';

/** The correlation matrix of the free parameters as a heat map table. */
export function CorrelationView() {
  const result = useFitResult();
  if (!result || !result.correlation || result.correlation.length < 2) return null;
  const free = result.paramNames.slice(0, result.correlation.length);
  return <CorrelationHeatmap names={free} correlation={result.correlation} />;
}
