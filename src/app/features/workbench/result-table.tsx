import './derived-intervals.css';
import { formatTick } from '../../charts/format-tick';
import { intervalText } from '../../format/interval-text';
import { formatValueWithError } from '../../format/value-with-error';
import { useWorkbench } from '../../stores/hooks';
import { resultGroups } from './result-groups';
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
  const profile = useWorkbench((s) => s.fit?.completed?.profile);
  const boot = useWorkbench((s) => s.fit?.completed?.bootstrap);
  const global = useWorkbench((s) => s.fit?.completed?.global);
  if (!result) return null;
  const groups = resultGroups(result.paramNames, global);
  const columns = 3 + (profile ? 1 : 0) + (boot ? 1 : 0);
  const fixed = new Set(result.paramNames.filter((n) => !(n in result.stdErrors)));
  return (
    <div className="result-block">
      {(profile || boot) && (
        <p className="muted narrow-only table-hint">
          Scroll the table sideways for the profile and bootstrap intervals.
        </p>
      )}
      {/* Wider than a phone with the interval columns: it scrolls on its own, keyboard included. */}
      <div className="table-scroll" role="region" aria-labelledby="result-table-caption" tabIndex={0}>
        <table className={`result-table${profile || boot ? ' has-intervals' : ''}`} data-testid="result-table">
          <caption id="result-table-caption" className="sr-only">
            Fitted parameters
          </caption>
          <thead>
            <tr>
              <th scope="col">parameter</th>
              <th scope="col">value ± std. error</th>
              <th scope="col">95% interval</th>
              {profile && <th scope="col">profile {percent(profile.level)}</th>}
              {boot && <th scope="col">bootstrap {percent(boot.level)}</th>}
            </tr>
          </thead>
          {groups.map((g) => (
            <tbody key={String(g.key)}>
              {g.title !== null && (
                <tr className="result-group" data-testid={`result-group-${g.key ?? 'other'}`}>
                  <th scope="colgroup" colSpan={columns}>
                    {g.title}
                  </th>
                </tr>
              )}
              {g.names.map((n) => {
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
                    {profile && <IntervalCell kind="profile" name={n} error={err} side={profile.params[n]} />}
                    {boot && <IntervalCell kind="bootstrap" name={n} error={err} side={boot.params[n]} />}
                  </tr>
                );
              })}
            </tbody>
          ))}
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

function percent(level: number): string {
  return `${Number((level * 100).toPrecision(4))}%`;
}

/** An asymmetric interval rounded by the error; data-lower/data-upper hold full precision ('' for an open side). */
function IntervalCell({
  kind,
  name,
  error,
  side,
}: {
  kind: 'profile' | 'bootstrap';
  name: string;
  error: number | null | undefined;
  side: { lower: number | null; upper: number | null; lowerReason?: string; upperReason?: string } | undefined;
}) {
  if (!side) return <td className="num muted">{kind === 'profile' ? 'not profiled' : ''}</td>;
  const reasons = [side.lowerReason && `lower: ${side.lowerReason}`, side.upperReason && `upper: ${side.upperReason}`]
    .filter(Boolean)
    .join('; ');
  return (
    <td
      className="num interval"
      data-testid={`result-${kind}-${name}`}
      data-lower={side.lower === null ? '' : String(side.lower)}
      data-upper={side.upper === null ? '' : String(side.upper)}
      title={`${side.lower ?? 'open'} … ${side.upper ?? 'open'}${reasons ? ` (${reasons})` : ''}`}
    >
      {intervalText(side.lower, side.upper, error)}
      {reasons && <span className="sr-only"> ({reasons})</span>}
    </td>
  );
}
