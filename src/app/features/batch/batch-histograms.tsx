import { useMemo } from 'react';
import { useBatch } from './batch-context';
import { groupDigits } from './group-digits';
import { histogramOf } from './histogram';

const W = 240;
const H = 90;

/** One histogram per parameter over the curves that have a value. */
export function BatchHistograms() {
  const outcome = useBatch((s) => s.outcome);
  if (!outcome || outcome.result.paramNames.length === 0) return null;
  const r = outcome.result;
  return (
    <div className="batch-histograms">
      <h3>Parameters</h3>
      <div className="batch-histogram-grid">
        {r.paramNames.map((name, i) => (
          <ParameterHistogram key={name} name={name} params={r.params} stride={r.paramNames.length} column={i} />
        ))}
      </div>
    </div>
  );
}

interface ParameterHistogramProps {
  name: string;
  params: Float64Array;
  stride: number;
  column: number;
}

/** One parameter's histogram; each is its own render unit, so a deferred render can yield between them. */
function ParameterHistogram({ name, params, stride, column }: ParameterHistogramProps) {
  const h = useMemo(() => histogramOf(params, stride, column), [params, stride, column]);
  const peak = Math.max(1, ...h.counts);
  const bw = W / h.counts.length;
  return (
    <figure data-testid={`batch-histogram-${name}`}>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={`histogram of ${name}`}>
        {Array.from(h.counts, (c, b) => (
          <rect key={b} x={b * bw + 0.5} width={bw - 1} y={H - (c / peak) * H} height={(c / peak) * H} />
        ))}
      </svg>
      <figcaption>
        <strong>{name}</strong>{' '}
        {Number.isFinite(h.min) ? `${h.min.toPrecision(4)} … ${h.max.toPrecision(4)}` : 'no values'}
        {h.missing > 0 ? ` (${groupDigits(h.missing)} without a value)` : ''}
      </figcaption>
    </figure>
  );
}
