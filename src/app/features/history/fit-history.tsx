import { useState } from 'react';
import { plainNumber, valueWithErrorText } from '../../format/value-with-error';
import { compareFits, type FitComparison } from '../../../core/uncertainty/compare-fits';
import { useWorkbench } from '../../stores/hooks';

/** The project's finished fits: show one again, or compare two or more side by side. */
export function FitHistory() {
  const history = useWorkbench((s) => s.history);
  const shownId = useWorkbench((s) => s.fit?.completed?.id ?? null);
  const showFit = useWorkbench((s) => s.showFit);
  const forgetFits = useWorkbench((s) => s.forgetFits);
  const [picked, setPicked] = useState<string[]>([]);
  if (history.length === 0) return null;
  // Simplest first, so the F test compares each model with the next larger one.
  const chosen = history
    .filter((h) => picked.includes(h.id))
    .sort((a, b) => a.result.nPoints - a.result.dof - (b.result.nPoints - b.result.dof));
  let comparison: FitComparison | null = null;
  let comparisonError: string | null = null;
  if (chosen.length >= 2) {
    const ks = chosen.map((h) => h.result.nPoints - h.result.dof);
    const nested = new Set(ks).size === ks.length;
    try {
      comparison = compareFits(
        chosen.map((h) => ({ ...h.result, name: h.modelText })),
        { nested },
      );
    } catch (e) {
      comparisonError = e instanceof Error ? e.message : String(e);
    }
  }
  const compared = comparison?.models ?? [];
  const names = [...new Set(chosen.flatMap((h) => h.result.paramNames))];
  return (
    <section className="fit-history" aria-label="Fit history" data-testid="fit-history">
      <h2>Fit history</h2>
      <div className="table-scroll">
        <table className="history-table">
          <thead>
            <tr>
              <th scope="col">compare</th>
              <th scope="col">model</th>
              <th scope="col">when</th>
              <th scope="col">χ²</th>
              <th scope="col">AIC</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {history.map((h, i) => (
              <tr key={h.id} className={h.id === shownId ? 'current' : undefined} data-testid={`history-row-${i}`}>
                <td className="center">
                  <input
                    type="checkbox"
                    aria-label={`Compare fit ${i + 1} (${h.modelText})`}
                    data-testid={`history-pick-${i}`}
                    checked={picked.includes(h.id)}
                    onChange={(e) => setPicked(e.target.checked ? [...picked, h.id] : picked.filter((p) => p !== h.id))}
                  />
                </td>
                <td>
                  <code>{h.modelText}</code>
                  {h.global && (
                    <span className="muted" data-testid={`history-global-${i}`}>
                      {' '}
                      · global, {h.global.datasets.length} sets
                    </span>
                  )}
                  {h.status !== 'converged' && <span className="muted"> (not converged)</span>}
                  {(h.profile || h.bootstrap) && (
                    <span className="muted" data-testid={`history-intervals-${i}`}>
                      {' '}
                      · {[h.profile && 'profile', h.bootstrap && 'bootstrap'].filter(Boolean).join(' + ')} intervals
                    </span>
                  )}
                </td>
                <td className="muted">{new Date(h.at).toLocaleTimeString()}</td>
                <td className="num">{plainNumber(h.result.chiSquare, 6)}</td>
                <td className="num">{plainNumber(h.result.aic, 6)}</td>
                <td>
                  <button
                    type="button"
                    className="small"
                    data-testid={`history-show-${i}`}
                    disabled={h.id === shownId}
                    onClick={() => showFit(h.id)}
                  >
                    {h.id === shownId ? 'shown' : 'Show'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {picked.length > 0 && (
        <button type="button" className="small" onClick={() => (forgetFits(picked), setPicked([]))}>
          Remove {picked.length} from the history
        </button>
      )}
      {compared.length >= 2 && (
        <div className="table-scroll">
          <table className="compare-table" data-testid="fit-comparison">
            <caption>Side by side (compareFits: AIC, AICc, BIC with K = parameters + 1; lower is better)</caption>
            <thead>
              <tr>
                <th scope="col" />
                {chosen.map((h, i) => (
                  <th key={h.id} scope="col">
                    <code>{h.modelText}</code>
                    <span className="sr-only"> fit {i + 1}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(
                [
                  ['data points', (k: number) => String(compared[k].nPoints)],
                  ['free parameters', (k: number) => String(compared[k].numParams)],
                  ['chi-square', (k: number) => plainNumber(chosen[k].result.chiSquare, 6)],
                  ['reduced chi-square', (k: number) => plainNumber(chosen[k].result.reducedChiSquare, 6)],
                  ['AIC', (k: number) => plainNumber(compared[k].aic, 6)],
                  ['AICc', (k: number) => plainNumber(compared[k].aicc, 6)],
                  ['ΔAICc', (k: number) => plainNumber(compared[k].deltaAicc, 4)],
                  ['Akaike weight', (k: number) => compared[k].akaikeWeight.toFixed(3)],
                  ['evidence ratio', (k: number) => plainNumber(compared[k].evidenceRatio, 4)],
                  ['BIC', (k: number) => plainNumber(compared[k].bic, 6)],
                ] as [string, (k: number) => string][]
              ).map(([label, cell]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {chosen.map((h, k) => (
                    <td
                      key={h.id}
                      className="num"
                      data-testid={label === 'Akaike weight' ? `akaike-weight-${k}` : undefined}
                    >
                      {cell(k)}
                    </td>
                  ))}
                </tr>
              ))}
              {names.map((n) => (
                <tr key={`p-${n}`}>
                  <th scope="row">{n}</th>
                  {chosen.map((h) => (
                    <td key={h.id} className="num">
                      {n in h.result.params ? valueWithErrorText(h.result.params[n], h.result.stdErrors[n]) : '—'}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {comparison && (
            <div className="comparison-notes" data-testid="comparison-conclusion">
              <p>{comparison.conclusion}</p>
              {comparison.nestedTests.map((t) => (
                <p key={`${t.simpler}-${t.complex}`} className="muted">
                  F test (valid when <code>{chosen[t.simpler].modelText}</code> is a special case of{' '}
                  <code>{chosen[t.complex].modelText}</code>): F({t.dfn}, {t.dfd}) = {plainNumber(t.f, 4)}, p ={' '}
                  {plainNumber(t.pValue, 3)}
                </p>
              ))}
              {comparison.notes.map((n) => (
                <p key={n} className="muted">
                  {n}
                </p>
              ))}
            </div>
          )}
        </div>
      )}
      {comparisonError && (
        <div className="field-error" role="alert">
          {comparisonError}
        </div>
      )}
    </section>
  );
}
