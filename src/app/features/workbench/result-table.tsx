import { formatTick } from '../../charts/format-tick';
import { useCurrentJobField } from './use-current-job';

/** Fitted values and standard errors as plain full-precision numbers, with confidence intervals. */
export function ResultTable() {
  const result = useCurrentJobField((j) => j?.result ?? null);
  if (!result) return null;
  const fixed = new Set(result.paramNames.filter((n) => !(n in result.stdErrors)));
  return (
    <table className="result-table" data-testid="result-table">
      <thead>
        <tr>
          <th>parameter</th>
          <th>value</th>
          <th>std. error</th>
          <th>95% interval</th>
        </tr>
      </thead>
      <tbody>
        {result.paramNames.map((n) => {
          const ci = result.confidenceIntervals?.[n];
          return (
            <tr key={n}>
              <th scope="row">{n}</th>
              <td className="num" data-testid={`result-param-${n}`}>
                {String(result.params[n])}
              </td>
              <td className="num" data-testid={`result-stderr-${n}`}>
                {fixed.has(n) ? '' : String(result.stdErrors[n])}
              </td>
              <td className="num muted">
                {ci ? `[${formatTick(ci[0])}, ${formatTick(ci[1])}]` : fixed.has(n) ? 'fixed' : ''}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
