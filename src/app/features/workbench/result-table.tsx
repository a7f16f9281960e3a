import { CorrelationHeatmap } from '../../charts/correlation-heatmap';
import { formatTick } from '../../charts/format-tick';
import { formatValueWithError } from '../../format/value-with-error';
import { useWorkbench } from '../../stores/hooks';
import { useFitResult } from './use-current-job';

/**
 * Fitted values ± standard errors rounded by the error, with confidence intervals. The cells
 * with the contract's testids hold the full-precision numbers (text and data-value), read by
 * screen readers and scripts; the rounded pair is what the eye sees.
 */
export function ResultTable() {
  const result = useFitResult();
  const hasRows = useWorkbench((s) => s.rows.length > 0);
  const useFittedAsStart = useWorkbench((s) => s.useFittedAsStart);
  const canReuse = useWorkbench((s) => s.fit?.completed !== undefined);
  if (!result) return null;
  const fixed = new Set(result.paramNames.filter((n) => !(n in result.stdErrors)));
  return (
    <div className="result-block">
      <div className="table-scroll">
        <table className="result-table" data-testid="result-table">
          <caption className="sr-only">Fitted parameters</caption>
          <thead>
            <tr>
              <th scope="col">parameter</th>
              <th scope="col">value ± std. error</th>
              <th scope="col">95% interval</th>
            </tr>
          </thead>
          <tbody>
            {result.paramNames.map((n) => {
              const ci = result.confidenceIntervals?.[n];
              const value = result.params[n];
              const err = fixed.has(n) ? null : result.stdErrors[n];
              const shown = formatValueWithError(value, err);
              return (
                <tr key={n}>
                  <th scope="row">{n}</th>
                  <td className="num value-error">
                    <span className="sr-only" data-testid={`result-param-${n}`} data-value={String(value)}>
                      {String(value)}
                    </span>
                    <span className="sr-only"> ± </span>
                    <span
                      className="sr-only"
                      data-testid={`result-stderr-${n}`}
                      data-value={err === null ? '' : String(err)}
                    >
                      {err === null ? 'fixed' : String(err)}
                    </span>
                    <span aria-hidden="true" title={`${value}${err === null ? ' (fixed)' : ` ± ${err}`}`}>
                      {shown.exponent ? '(' : ''}
                      {shown.value}
                      {shown.error !== null && <> ± {shown.error}</>}
                      {shown.exponent ? `)${shown.exponent}` : ''}
                      {err === null && <span className="muted"> fixed</span>}
                    </span>
                  </td>
                  <td className="num muted">
                    {ci ? `[${formatTick(ci[0])}, ${formatTick(ci[1])}]` : fixed.has(n) ? 'fixed' : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {hasRows && canReuse && (
        <button type="button" className="small" data-testid="use-fitted-button" onClick={useFittedAsStart}>
          Use fitted values as start
        </button>
      )}
    </div>
  );
}

/** The correlation matrix of the free parameters as a heat map table. */
export function CorrelationView() {
  const result = useFitResult();
  if (!result || !result.correlation || result.correlation.length < 2) return null;
  const free = result.paramNames.slice(0, result.correlation.length);
  return <CorrelationHeatmap names={free} correlation={result.correlation} />;
}
