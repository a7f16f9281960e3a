import { describe, expect, it } from 'vitest';
import { curveFit, curveFitGlobal } from '../../core';
import type { FitProblem, GlobalProblem } from '../../core/api-types';
import { tiedExpressions } from './tied-expressions';
import { reportHtml, reportMarkdown, resultsCsv, resultsJson, type ResultExportInput } from './result-files';

const problem: FitProblem = {
  model: 'a*exp(-x/t)',
  x: [0, 1, 2, 3, 4, 5, 6],
  y: [3.02, 1.79, 1.1, 0.68, 0.4, 0.25, 0.14],
  p0: { a: 3, t: 2 },
  derived: { half_life: 'ln(2)*t' },
};

async function input(): Promise<ResultExportInput> {
  const result = await curveFit(problem, { backend: 'cpu' });
  return {
    result,
    modelText: problem.model,
    projectName: 'Decay',
    xLabel: 'x',
    yLabel: 'y',
    fixed: [],
    derived: problem.derived,
    profile: {
      level: 0.95,
      threshold: 1,
      chiSquare: result.chiSquare,
      dof: result.dof,
      refits: 10,
      backend: 'cpu',
      elapsedMs: 1,
      params: {
        a: { lower: 2.9, upper: 3.1, values: [], deltaChiSquare: [] },
        t: { lower: 1.9, upper: null, upperReason: 'at a bound', values: [], deltaChiSquare: [] },
      },
    },
    bootstrap: {
      level: 0.9,
      kind: 'case',
      resamples: 100,
      seed: 3,
      failed: 0,
      backend: 'cpu',
      elapsedMs: 1,
      params: {
        a: {
          lower: 2.95,
          upper: 3.05,
          bca: null,
          stdError: 0.03,
          bias: 0,
          histogram: { min: 2.9, max: 3.1, counts: [] },
        },
      },
    },
  };
}

describe('result files with derived quantities and intervals', () => {
  it('CSV: interval columns at full precision, derived rows marked "derived"', async () => {
    const i = await input();
    const lines = resultsCsv(i).trim().split('\n');
    expect(lines[0]).toBe(
      'parameter,value,stderr,ci_lower,ci_upper,vary,profile_lower,profile_upper,bootstrap_lower,bootstrap_upper',
    );
    expect(lines[1]).toMatch(/^a,.*,true,2\.9,3\.1,2\.95,3\.05$/);
    expect(lines[2]).toMatch(/^t,.*,true,1\.9,,,$/);
    const d = i.result.derived?.half_life;
    expect(lines[3]).toBe(
      `half_life,${d?.value},${d?.stdError},${d?.confidenceInterval[0]},${d?.confidenceInterval[1]},derived,,,,`,
    );
    // Without intervals the header is the plain one.
    expect(resultsCsv({ ...i, profile: undefined, bootstrap: undefined }).split('\n')[0]).toBe(
      'parameter,value,stderr,ci_lower,ci_upper,vary',
    );
  });

  it('JSON, Markdown and HTML carry the definitions, the delta-method values and the intervals', async () => {
    const i = await input();
    const json = JSON.parse(resultsJson(i));
    expect(json.derivedDefinitions).toEqual({ half_life: 'ln(2)*t' });
    expect(json.profileIntervals.params.t.upper).toBeNull();
    expect(json.bootstrap.seed).toBe(3);
    const md = reportMarkdown(i, []);
    expect(md).toContain('| half_life | `ln(2)*t` |');
    expect(md).toContain('profile 95%');
    expect(md).toContain('bootstrap 90% (100 case resamples, seed 3)');
    expect(md).toContain('profile 1.9 … open');
    const html = reportHtml(i, []);
    expect(html).toContain('<caption>Derived quantities (delta method)</caption>');
    expect(html).toContain('<caption>Profile and bootstrap intervals</caption>');
  });

  it('a global fit with derived quantities: the global line, the per-set table and the derived rows together', async () => {
    const global: GlobalProblem = {
      model: 'a*exp(-x/t)',
      datasets: [
        { x: [0, 1, 2, 3, 4, 5], y: [3.02, 1.79, 1.1, 0.68, 0.4, 0.25], name: 'cold' },
        { x: [0, 1, 2, 3, 4, 5], y: [2.01, 1.2, 0.74, 0.45, 0.27, 0.17], name: 'warm' },
      ],
      shared: ['t'],
      p0: { a: 2, t: 2 },
      derived: { ratio: 'a_1/a_2', half_life: 'ln(2)*t' },
    };
    const result = await curveFitGlobal(global, { backend: 'cpu' });
    const i: ResultExportInput = {
      result,
      modelText: global.model,
      projectName: 'Two',
      xLabel: 'x',
      yLabel: 'y',
      fixed: [],
      derived: global.derived,
      global: { datasets: ['cold', 'warm'], shared: ['t'] },
    };
    const csv = resultsCsv(i);
    expect(csv).toMatch(/^ratio,[^,]+,[^,]+,.*derived/m);
    const md = reportMarkdown(i, []);
    expect(md).toContain('Global fit of 2 data sets (cold, warm); shared: t');
    expect(md).toContain('| ratio | `a_1/a_2` |');
    expect(md).toMatch(/\| cold \| 6 \|/);
    const json = JSON.parse(resultsJson(i));
    expect(json.derivedDefinitions).toEqual(global.derived);
    expect(json.global.shared).toEqual(['t']);
    expect(reportHtml(i, [])).toContain('<code>a_1/a_2</code>');
  });

  it('a tied parameter (lmfit expr) is vary=false with its expression in CSV, JSON and reports', async () => {
    const tiedProblem: FitProblem = {
      model: 'a*exp(-x/t) + b*exp(-x/s)',
      x: [0, 1, 2, 3, 4, 5, 6, 7],
      y: [4.5, 2.6, 1.6, 1.0, 0.62, 0.4, 0.26, 0.17],
      p0: { a: 3, t: 2, b: 1 },
      expressions: { s: '2*t' },
    };
    const result = await curveFit(tiedProblem, { backend: 'cpu' });
    const i: ResultExportInput = {
      result,
      modelText: tiedProblem.model,
      projectName: 'Tied',
      xLabel: 'x',
      yLabel: 'y',
      fixed: [],
      expressions: tiedExpressions(result, tiedProblem.expressions, undefined),
    };
    const lines = resultsCsv(i).trim().split('\n');
    expect(lines[0]).toBe('parameter,value,stderr,ci_lower,ci_upper,vary,expr');
    expect(lines.find((l) => l.startsWith('s,'))).toMatch(/,false,2\*t$/);
    expect(lines.find((l) => l.startsWith('t,'))).toMatch(/,true,$/);
    expect(JSON.parse(resultsJson(i)).tied).toEqual({ s: '2*t' });
    expect(reportMarkdown(i, [])).toContain('(tied: `s = 2*t`)');
    // lmfit's fit_report marks it too.
    expect(reportMarkdown(i, [])).toMatch(/^ {4}s: .* == '2\*t'$/m);
    expect(reportHtml(i, [])).toContain('(tied: <code>s = 2*t</code>)');
  });

  it('a global fit expands a bare-name tie per data set', async () => {
    const global: GlobalProblem = {
      model: 'a*exp(-x/t) + b*exp(-x/s)',
      datasets: [
        { x: [0, 1, 2, 3, 4, 5, 6], y: [4.5, 2.6, 1.6, 1.0, 0.62, 0.4, 0.26], name: 'cold' },
        { x: [0, 1, 2, 3, 4, 5, 6], y: [3.1, 1.8, 1.1, 0.7, 0.43, 0.27, 0.18], name: 'warm' },
      ],
      shared: ['b'],
      p0: { a: 3, t: 2, b: 1 },
      expressions: { s: '2*t' },
    };
    const result = await curveFitGlobal(global, { backend: 'cpu' });
    expect(tiedExpressions(result, undefined, global)).toEqual({ s_1: '2*t_1', s_2: '2*t_2' });
  });
});
