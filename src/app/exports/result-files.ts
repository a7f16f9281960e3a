/**
 * A fit's results as files: CSV (one row per parameter, full precision), JSON (everything:
 * the result, the model, the options), and a report in Markdown or HTML with lmfit's
 * fit_report content and the plots, ready to paste into a lab notebook.
 */
import type { FitResult, GlobalFitResult } from '../../core/api-types';
import { formatFitReport } from '../../core/fit/fit-report';
import { intervalText } from '../format/interval-text';
import { valueWithErrorText } from '../format/value-with-error';
import type { BootstrapSummary, ProfileSummary } from '../projects/fit-intervals';

export interface ResultExportInput {
  result: FitResult;
  modelText: string;
  projectName: string;
  xLabel: string;
  yLabel: string;
  /** Names held fixed in the fit. */
  fixed: readonly string[];
  /** Tied parameters (lmfit's `expr`) under the result's names: not varied, computed from others. */
  expressions?: Readonly<Record<string, string>>;
  /** Definitions of the user's derived quantities (result.derived holds their values). */
  derived?: Record<string, string>;
  profile?: ProfileSummary;
  bootstrap?: BootstrapSummary;
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

/** A tied parameter's note in a report (empty for one that was varied or fixed). */
function tiedNote(input: ResultExportInput, name: string, format: (expr: string) => string): string {
  const expr = input.expressions?.[name];
  return expr === undefined ? '' : format(expr);
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * parameter,value,stderr,ci_lower,ci_upper,vary — numbers as JavaScript prints them (round-trip
 * exact); derived quantities follow with vary "derived"; an expr column (lmfit's) when some
 * parameter is tied (vary false); profile and bootstrap interval columns when they were computed.
 */
export function resultsCsv({ result, fixed, expressions = {}, profile, bootstrap }: ResultExportInput): string {
  const fixedSet = new Set(fixed);
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  const tied = (n: string) => Object.hasOwn(expressions, n);
  const withExpr = result.paramNames.some(tied);
  const head = ['parameter', 'value', 'stderr', 'ci_lower', 'ci_upper', 'vary'];
  if (withExpr) head.push('expr');
  if (profile) head.push('profile_lower', 'profile_upper');
  if (bootstrap) head.push('bootstrap_lower', 'bootstrap_upper');
  const rows = [head];
  for (const n of result.paramNames) {
    const ci = result.confidenceIntervals?.[n];
    const err = result.stdErrors[n];
    const row = [
      n,
      String(result.params[n]),
      fixedSet.has(n) || err === undefined ? '' : String(err),
      ci ? String(ci[0]) : '',
      ci ? String(ci[1]) : '',
      fixedSet.has(n) || tied(n) ? 'false' : 'true',
    ];
    if (withExpr) row.push(tied(n) ? expressions[n] : '');
    if (profile) row.push(num(profile.params[n]?.lower), num(profile.params[n]?.upper));
    if (bootstrap) row.push(num(bootstrap.params[n]?.lower), num(bootstrap.params[n]?.upper));
    rows.push(row);
  }
  for (const [n, d] of Object.entries(result.derived ?? {})) {
    const row = [
      n,
      String(d.value),
      String(d.stdError),
      num(d.confidenceInterval?.[0]),
      num(d.confidenceInterval?.[1]),
      'derived',
    ];
    if (withExpr) row.push('');
    if (profile) row.push('', '');
    if (bootstrap) row.push('', '');
    rows.push(row);
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
      tied: input.expressions ?? {},
      derivedDefinitions: input.derived ?? {},
      ...(input.global ? { global: input.global } : {}),
      result: input.result,
      profileIntervals: input.profile ?? null,
      bootstrap: input.bootstrap ?? null,
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
      `| ${n} | ${err === null ? `${valueWithErrorText(result.params[n], null)} (fixed)` : valueWithErrorText(result.params[n], err)}${tiedNote(input, n, (e) => ` (tied: \`${n} = ${e}\`)`)} | ${ci ? `[${ci[0].toPrecision(6)}, ${ci[1].toPrecision(6)}]` : ''} | ${result.params[n]}${err !== null && err !== undefined ? ` ± ${err}` : ''} |`,
    );
  }
  lines.push(...derivedMarkdown(input), ...intervalsMarkdown(input));
  lines.push('', '| statistic | value |', '|---|---|');
  for (const [k, v] of statsRows(result)) lines.push(`| ${k} | ${v} |`);
  const sets = datasetRows(result);
  if (sets.length > 0) {
    lines.push('', '| data set | points | chi-square | R² |', '|---|---|---|---|');
    for (const d of sets) lines.push(`| ${d.name} | ${d.n} | ${d.chiSquare} | ${d.rSquared} |`);
  }
  lines.push('', '```', formatFitReport(result, { expressions: input.expressions }), '```', '');
  for (const p of plots) lines.push(`![${p.title}](${svgDataUri(p.svg)})`, '');
  lines.push(`_Fitbench, ${new Date().toISOString()}_`, '');
  return lines.join('\n');
}

function percent(level: number): string {
  return `${Number((level * 100).toPrecision(4))}%`;
}

function derivedMarkdown({ result, derived }: ResultExportInput): string[] {
  const entries = Object.entries(result.derived ?? {});
  if (entries.length === 0) return [];
  const lines = [
    '',
    '| derived quantity | definition | value ± std. error (delta method) | full precision |',
    '|---|---|---|---|',
  ];
  for (const [n, d] of entries)
    lines.push(
      `| ${n} | ${derived?.[n] ? `\`${derived[n]}\`` : '(model)'} | ${valueWithErrorText(d.value, d.stdError)} | ${d.value} ± ${d.stdError} |`,
    );
  return lines;
}

/** Rows of the interval table: parameter, covariance ±, profile, bootstrap (rounded), full precision. */
function intervalRows({ result, profile, bootstrap }: ResultExportInput): string[][] {
  return result.paramNames
    .filter((n) => profile?.params[n] || bootstrap?.params[n])
    .map((n) => {
      const err = result.stdErrors[n];
      const p = profile?.params[n];
      const b = bootstrap?.params[n];
      const full = [
        p && `profile ${p.lower ?? 'open'} … ${p.upper ?? 'open'}`,
        b && `bootstrap ${b.lower} … ${b.upper}`,
      ]
        .filter(Boolean)
        .join('; ');
      return [
        n,
        valueWithErrorText(result.params[n], err),
        p ? intervalText(p.lower, p.upper, err) : '',
        b ? intervalText(b.lower, b.upper, err) : '',
        full,
      ];
    });
}

function intervalHead({ profile, bootstrap }: ResultExportInput): string[] {
  return [
    'parameter',
    'value ± std. error',
    profile ? `profile ${percent(profile.level)}` : 'profile',
    bootstrap
      ? `bootstrap ${percent(bootstrap.level)} (${bootstrap.resamples} ${bootstrap.kind} resamples, seed ${bootstrap.seed})`
      : 'bootstrap',
    'full precision',
  ];
}

function intervalsMarkdown(input: ResultExportInput): string[] {
  if (!input.profile && !input.bootstrap) return [];
  const head = intervalHead(input);
  return [
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...intervalRows(input).map((r) => `| ${r.join(' | ')} |`),
  ];
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
      return `<tr><th scope="row">${escapeHtml(n)}</th><td>${escapeHtml(err === null ? `${valueWithErrorText(result.params[n], null)} (fixed)` : valueWithErrorText(result.params[n], err))}${tiedNote(input, n, (e) => ` (tied: <code>${escapeHtml(`${n} = ${e}`)}</code>)`)}</td><td>${ci ? `[${ci[0].toPrecision(6)}, ${ci[1].toPrecision(6)}]` : ''}</td><td><code>${result.params[n]}${err !== null && err !== undefined ? ` ± ${err}` : ''}</code></td></tr>`;
    })
    .join('\n');
  const derivedRows = Object.entries(result.derived ?? {})
    .map(
      ([n, d]) =>
        `<tr><th scope="row">${escapeHtml(n)}</th><td><code>${escapeHtml(input.derived?.[n] ?? '(model)')}</code></td><td>${escapeHtml(valueWithErrorText(d.value, d.stdError))}</td><td><code>${d.value} ± ${d.stdError}</code></td></tr>`,
    )
    .join('\n');
  const derivedTable = derivedRows
    ? `<table><caption>Derived quantities (delta method)</caption><thead><tr><th>quantity</th><th>definition</th><th>value ± std. error</th><th>full precision</th></tr></thead><tbody>\n${derivedRows}\n</tbody></table>\n`
    : '';
  const intervalTable =
    input.profile || input.bootstrap
      ? `<table><caption>Profile and bootstrap intervals</caption><thead><tr>${intervalHead(input)
          .map((h) => `<th>${escapeHtml(h)}</th>`)
          .join('')}</tr></thead><tbody>\n${intervalRows(input)
          .map(
            (r) =>
              `<tr><th scope="row">${escapeHtml(r[0])}</th>${r
                .slice(1)
                .map((c) => `<td>${escapeHtml(c)}</td>`)
                .join('')}</tr>`,
          )
          .join('\n')}\n</tbody></table>\n`
      : '';
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
${derivedTable}${intervalTable}<table><caption>Fit statistics</caption><tbody>
${stats}
</tbody></table>
${setTable}${figures}
<h2>Fit report</h2>
<pre>${escapeHtml(formatFitReport(result, { expressions: input.expressions }))}</pre>
<p><small>Fitbench, ${new Date().toISOString()}</small></p>
</body>
</html>
`;
}
