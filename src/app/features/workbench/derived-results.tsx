import './derived-intervals.css';
import { formatTick } from '../../charts/format-tick';
import { formatValueWithError } from '../../format/value-with-error';
import { useFitResult } from './use-current-job';

/**
 * The fit's derived quantities (the user's and a library peak's centre, FWHM, height, area):
 * value ± delta-method error rounded by the error; the testid cells hold full precision.
 */
export function DerivedResults() {
  const result = useFitResult();
  const derived = Object.entries(result?.derived ?? {});
  if (derived.length === 0) return null;
  return (
    <div className="table-scroll" role="region" aria-labelledby="derived-results-caption" tabIndex={0}>
      <table className="result-table" data-testid="derived-results">
        <caption id="derived-results-caption" className="table-caption">
          Derived quantities (delta method)
        </caption>
        <thead>
          <tr>
            <th scope="col">quantity</th>
            <th scope="col">value ± std. error</th>
            <th scope="col">95% interval</th>
          </tr>
        </thead>
        <tbody>
          {derived.map(([name, d]) => {
            const shown = formatValueWithError(d.value, d.stdError);
            return (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td className="num value-error">
                  <span className="sr-only" data-testid={`result-derived-${name}`} data-value={String(d.value)}>
                    {String(d.value)}
                  </span>
                  <span className="sr-only"> ± </span>
                  <span
                    className="sr-only"
                    data-testid={`result-derived-stderr-${name}`}
                    data-value={String(d.stdError)}
                  >
                    {String(d.stdError)}
                  </span>
                  <span aria-hidden="true" title={`${d.value} ± ${d.stdError}`}>
                    {shown.exponent ? '(' : ''}
                    {shown.value}
                    {shown.error !== null && <> ± {shown.error}</>}
                    {shown.exponent ? `)${shown.exponent}` : ''}
                  </span>
                </td>
                <td className="num muted">
                  {d.confidenceInterval
                    ? `[${formatTick(d.confidenceInterval[0])}, ${formatTick(d.confidenceInterval[1])}]`
                    : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
