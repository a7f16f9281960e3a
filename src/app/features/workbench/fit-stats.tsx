import { formatTick } from '../../charts/format-tick';
import { useFitResult } from './use-current-job';

/** Goodness of fit and the solver's report: χ², reduced χ², R², AIC, BIC, iterations, diagnostics. */
export function FitStats() {
  const result = useFitResult();
  if (!result) return null;
  const stats: [string, string, string][] = [
    ['chi-square', 'χ²', formatTick(result.chiSquare)],
    ['reduced-chi-square', 'reduced χ²', formatTick(result.reducedChiSquare)],
    ['r-squared', 'R²', Number.isFinite(result.rSquared) ? result.rSquared.toFixed(6) : String(result.rSquared)],
    ['aic', 'AIC', formatTick(result.aic)],
    ['bic', 'BIC', formatTick(result.bic)],
    ['dof', 'degrees of freedom', String(result.dof)],
    ['iterations', 'iterations', String(result.iterations)],
    ['nfev', 'function evaluations', String(result.nfev)],
    ['status', 'termination', result.status],
    ['method', 'method / loss', `${result.method} / ${result.loss}`],
    ['backend', 'backend', result.backend],
    ['elapsed', 'solver time', `${result.elapsedMs.toFixed(1)} ms`],
  ];
  return (
    <div className="fit-stats" data-testid="fit-stats">
      <dl>
        {stats.map(([id, label, value]) => (
          <div key={id}>
            <dt>{label}</dt>
            <dd data-testid={`stat-${id}`}>{value}</dd>
          </div>
        ))}
      </dl>
      <div className="fit-message">{result.message}</div>
      {result.diagnostics.length > 0 && (
        <ul className="diagnostics" data-testid="fit-diagnostics">
          {result.diagnostics.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
