import type { DatasetFitSummary, FitResult } from '../api-types';
import { formatUncertaintySections } from '../uncertainty/comparison-report';

/**
 * A readable report of a fit, in the spirit of lmfit's fit_report: fit statistics, each
 * parameter with ± standard error (and percent), its confidence interval, the correlations
 * above `minCorrelation`, diagnostics and why the solver stopped.
 */
export function formatFitReport(
  result: FitResult,
  options: {
    minCorrelation?: number;
    confidenceLevel?: number;
    /** Tied parameters (name → expression): marked `== 'expr'` as lmfit does. */
    expressions?: Readonly<Record<string, string>>;
  } = {},
): string {
  const minCorrelation = options.minCorrelation ?? 0.1;
  const level = options.confidenceLevel ?? 0.95;
  const lines: string[] = [];
  lines.push('[[Model]]');
  lines.push(`    ${result.expression}`);
  lines.push('[[Fit Statistics]]');
  const stat = (label: string, value: string) => lines.push(`    ${label.padEnd(22)} = ${value}`);
  stat(
    'fitting method',
    `${result.method === 'lm' ? 'Levenberg-Marquardt' : 'trust-region reflective'} (${result.backend})`,
  );
  stat('loss', result.loss);
  stat('function evals', String(result.nfev));
  stat('iterations', String(result.iterations));
  stat('data points', String(result.nPoints));
  stat('variables', String(result.nPoints - result.dof));
  stat('degrees of freedom', String(result.dof));
  stat('chi-square', fmt(result.chiSquare));
  stat('reduced chi-square', fmt(result.reducedChiSquare));
  stat('Akaike info crit', fmt(result.aic));
  stat('Bayesian info crit', fmt(result.bic));
  stat('R-squared', fmt(result.rSquared));
  stat('elapsed', `${result.elapsedMs.toFixed(2)} ms`);
  lines.push(`    ${result.converged ? 'converged' : 'NOT converged'}: ${result.message} [${result.status}]`);

  lines.push('[[Variables]]');
  const width = Math.max(...result.paramNames.map((n) => n.length), 4);
  for (const name of result.paramNames) {
    const value = result.params[name];
    const err = result.stdErrors[name];
    let text = `    ${(name + ':').padEnd(width + 1)}  ${fmt(value).padStart(14)}`;
    if (Number.isFinite(err) && err > 0) {
      const percent = value !== 0 ? ` (${Math.abs((100 * err) / value).toFixed(2)}%)` : '';
      text += ` +/- ${fmt(err)}${percent}`;
    } else if (err === 0) {
      text += ' (fixed)';
    } else {
      text += ' +/- (not determined)';
    }
    const expr = options.expressions?.[name];
    if (expr !== undefined) text += ` == '${expr}'`;
    lines.push(text);
  }

  const ci = result.confidenceIntervals;
  if (ci && Object.keys(ci).length > 0) {
    lines.push(
      `[[Confidence Intervals]] (${Math.round(level * 100)}%, Student t with ${result.dof} degrees of freedom)`,
    );
    for (const name of result.paramNames) {
      const interval = ci[name];
      if (interval) lines.push(`    ${(name + ':').padEnd(width + 1)}  [${fmt(interval[0])}, ${fmt(interval[1])}]`);
    }
  }

  // Profile and bootstrap intervals, when they ran, beside the covariance (t) ones.
  lines.push(...formatUncertaintySections(result, width));

  const pairs: { a: string; b: string; r: number }[] = [];
  for (let i = 0; i < result.paramNames.length; i++) {
    for (let j = i + 1; j < result.paramNames.length; j++) {
      const r = result.correlation[i]?.[j];
      if (r !== undefined && Number.isFinite(r) && Math.abs(r) > minCorrelation)
        pairs.push({ a: result.paramNames[i], b: result.paramNames[j], r });
    }
  }
  if (pairs.length > 0) {
    pairs.sort((p, q) => Math.abs(q.r) - Math.abs(p.r));
    lines.push(`[[Correlations]] (unreported correlations are < ${minCorrelation.toFixed(3)})`);
    for (const { a, b, r } of pairs)
      lines.push(`    C(${a}, ${b})`.padEnd(2 * width + 12) + ` = ${r >= 0 ? '+' : ''}${r.toFixed(4)}`);
  }
  const derived = Object.entries(result.derived ?? {});
  if (derived.length > 0) {
    lines.push('[[Derived]]');
    const w = Math.max(...derived.map(([n]) => n.length), 4);
    for (const [name, d] of derived)
      lines.push(
        `    ${(name + ':').padEnd(w + 1)}  ${fmt(d.value).padStart(14)}${Number.isFinite(d.stdError) && d.stdError > 0 ? ` +/- ${fmt(d.stdError)}` : ''}`,
      );
  }
  const datasets = (result as FitResult & { datasets?: DatasetFitSummary[] }).datasets;
  if (datasets && datasets.length > 0) {
    lines.push('[[Data sets]]');
    datasets.forEach((d, k) =>
      lines.push(
        `    ${k + 1}. ${d.name}: ${d.n} points, chi-square ${fmt(d.chiSquare)}, R-squared ${fmt(d.rSquared)}`,
      ),
    );
  }
  if (result.diagnostics.length > 0) {
    lines.push('[[Diagnostics]]');
    for (const d of result.diagnostics) lines.push(`    - ${d}`);
  }
  return lines.join('\n');
}

function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(7);
  return Number(value.toPrecision(8)).toString();
}
