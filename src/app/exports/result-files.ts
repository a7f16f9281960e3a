/**
 * A fit's results as files: CSV (one row per parameter, full precision), JSON (everything:
 * the result, the model, the options), and a report in Markdown or HTML with lmfit's
 * fit_report content and the plots, ready to paste into a lab notebook.
 */
import type { FitResult, GlobalFitResult } from '../../core/api-types';
import { formatFitReport } from '../../core/fit/fit-report';
import { valueWithErrorText } from '../format/value-with-error';

export interface ResultExportInput {
  result: FitResult;
  modelText: string;
  projectName: string;
  xLabel: string;
  yLabel: string;
  /** Names held fixed in the fit. */
  fixed: readonly string[];
  /** A global fit: its data sets (in order) and the parameters they share. */
  global?: { datasets: string[]; shared: string[] };
}

/** The names a global fit reports for parameters fixed under their bare names (k fixed → k, or k_1, k_2…). */
export function globalFixedNames(paramNames: readonly string[], fixed: readonly string[]): string[] {
  const bare = new Set(fixed);
  return paramNames.filter((n) => bare.has(n) || bare.has(n.replace(/_\d+$/, '')));
}

/** Per-data-set statistics of a global fit's result (empty for a single fit). */
function datasetRows(result: FitResult): { name: string; n: number; chiSquare: number; rSquared: number }[] {
  const sets = (result as Partial<GlobalFitResult>).datasets;
  return Array.isArray(sets)
    ? sets.map((d) => ({ name: d.name, n: d.n, chiSquare: d.chiSquare, rSquared: d.rSquared }))
    : [];
}

function globalLine(input: ResultExportInput): string {
  const g = input.global;
  if (!g) return '';
  return `Global fit of ${g.datasets.length} data sets (${g.datasets.join(', ')}); shared: ${g.shared.length > 0 ? g.shared.join(', ') : 'none'}; every other parameter q is fitted per data set as q_1, q_2…`;
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** parameter,value,stderr,ci_lower,ci_upper,vary — numbers as JavaScript prints them (round-trip exact). */
export function resultsCsv({ result, fixed }: ResultExportInput): string {
  const fixedSet = new Set(fixed);
  const rows = [['parameter', 'value', 'stderr', 'ci_lower', 'ci_upper', 'vary']];
  for (const n of result.paramNames) {
    const ci = result.confidenceIntervals?.[n];
    const err = result.stdErrors[n];
    rows.push([
      n,
      String(result.params[n]),
      fixedSet.has(n) || err === undefined ? '' : String(err),
      ci ? String(ci[0]) : '',
      ci ? String(ci[1]) : '',
      fixedSet.has(n) ? 'false' : 'true',
    ]);
  }
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

/** The whole result with its context, as JSON (full precision; bands included). */
export function resultsJson(input: ResultExportInput): string {
  return `${JSON.stringify(
    {
      fitbench: 'result',
      project: input.projectName,
      model: input.modelText,
      x: input.xLabel,
      y: input.yLabel,
      fixed: input.fixed,
      ...(input.global ? { global: input.global } : {}),
      result: input.result,
    },
    null,
    2,
  )}\n`;
}

function statsRows(r: FitResult): [string, string][] {
  return [
    ['data points', String(r.nPoints)],
    ['variables', String(r.nPoints - r.dof)],
    ['degrees of freedom', String(r.dof)],
    ['chi-square', String(r.chiSquare)],
    ['reduced chi-square', String(r.reducedChiSquare)],
    ['R²', String(r.rSquared)],
    ['AIC', String(r.aic)],
    ['BIC', String(r.bic)],
    ['method / loss', `${r.method} / ${r.loss} (${r.backend})`],
    ['iterations / function evals', `${r.iterations} / ${r.nfev}`],
    ['termination', `${r.converged ? 'converged' : 'NOT converged'}: ${r.message}`],
  ];
}

function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(svg)))}`;
}

/** Markdown: a parameter table (value ± error), the statistics, lmfit's fit_report, and the plots. */
export function reportMarkdown(input: ResultExportInput, plots: { title: string; svg: string }[]): string {
  const { result } = input;
  const fixedSet = new Set(input.fixed);
  const lines = [
    `# ${input.projectName}: fit of ${input.yLabel} against ${input.xLabel}`,
    '',
    `Model: \`${input.modelText}\`${input.modelText.trim() !== result.expression ? ` = \`${result.expression}\`` : ''}`,
    '',
    ...(input.global ? [globalLine(input), ''] : []),
    '| parameter | value ± std. error | 95% interval | full precision |',
    '|---|---|---|---|',
  ];
  for (const n of result.paramNames) {
    const ci = result.confidenceIntervals?.[n];
    const err = fixedSet.has(n) ? null : result.stdErrors[n];
    lines.push(
      `| ${n} | ${err === null ? `${valueWithErrorText(result.params[n], null)} (fixed)` : valueWithErrorText(result.params[n], err)} | ${ci ? `[${ci[0].toPrecision(6)}, ${ci[1].toPrecision(6)}]` : ''} | ${result.params[n]}${err !== null && err !== undefined ? ` ± ${err}` : ''} |`,
    );
  }
  lines.push('', '| statistic | value |', '|---|---|');
  for (const [k, v] of statsRows(result)) lines.push(`| ${k} | ${v} |`);
  const sets = datasetRows(result);
  if (sets.length > 0) {
    lines.push('', '| data set | points | chi-square | R² |', '|---|---|---|---|');
    for (const d of sets) lines.push(`| ${d.name} | ${d.n} | ${d.chiSquare} | ${d.rSquared} |`);
  }
  lines.push('', '```', formatFitReport(result), '```', '');
  for (const p of plots) lines.push(`![${p.title}](${svgDataUri(p.svg)})`, '');
  lines.push(`_Fitbench, ${new Date().toISOString()}_`, '');
  return lines.join('\n');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

/** A self-contained HTML page (inline SVG plots, no scripts, no external files). */
export function reportHtml(input: ResultExportInput, plots: { title: string; svg: string }[]): string {
  const { result } = input;
  const fixedSet = new Set(input.fixed);
  const params = result.paramNames
    .map((n) => {
      const err = fixedSet.has(n) ? null : result.stdErrors[n];
      const ci = result.confidenceIntervals?.[n];
      return `<tr><th scope="row">${escapeHtml(n)}</th><td>${escapeHtml(err === null ? `${valueWithErrorText(result.params[n], null)} (fixed)` : valueWithErrorText(result.params[n], err))}</td><td>${ci ? `[${ci[0].toPrecision(6)}, ${ci[1].toPrecision(6)}]` : ''}</td><td><code>${result.params[n]}${err !== null && err !== undefined ? ` ± ${err}` : ''}</code></td></tr>`;
    })
    .join('\n');
  const stats = statsRows(result)
    .map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('\n');
  const sets = datasetRows(result);
  const setTable =
    sets.length > 0
      ? `<table><caption>Data sets</caption><thead><tr><th>data set</th><th>points</th><th>chi-square</th><th>R²</th></tr></thead><tbody>\n${sets
          .map(
            (d) =>
              `<tr><th scope="row">${escapeHtml(d.name)}</th><td>${d.n}</td><td>${d.chiSquare}</td><td>${d.rSquared}</td></tr>`,
          )
          .join('\n')}\n</tbody></table>\n`
      : '';
  const figures = plots
    .map((p) => `<figure>${p.svg}<figcaption>${escapeHtml(p.title)}</figcaption></figure>`)
    .join('\n');
  const title = `${input.projectName}: fit of ${input.yLabel} against ${input.xLabel}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d232b; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #d9dee5; padding: 4px 10px; text-align: left; }
pre { background: #f6f7f9; padding: 1rem; overflow-x: auto; }
figure { margin: 1rem 0; } svg { max-width: 100%; height: auto; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Model: <code>${escapeHtml(input.modelText)}</code>${input.modelText.trim() !== result.expression ? ` = <code>${escapeHtml(result.expression)}</code>` : ''}</p>
${input.global ? `<p>${escapeHtml(globalLine(input))}</p>\n` : ''}<table><caption>Parameters</caption><thead><tr><th>parameter</th><th>value ± std. error</th><th>95% interval</th><th>full precision</th></tr></thead><tbody>
${params}
</tbody></table>
<table><caption>Fit statistics</caption><tbody>
${stats}
</tbody></table>
${setTable}${figures}
<h2>Fit report</h2>
<pre>${escapeHtml(formatFitReport(result))}</pre>
<p><small>Fitbench, ${new Date().toISOString()}</small></p>
</body>
</html>
`;
}
