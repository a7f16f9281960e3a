/**
 * The NIST StRD nonlinear regression suite through the public curveFit, default options:
 * 27 problems × 2 starts. Bar (issue 3): every case ≥ 4 correct digits (LRE) in every
 * parameter and standard error; ≥ 6 digits in the parameters on at least 50 of 54 cases.
 * Writes the LRE table to reports/nist-lre.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadNistProblems,
  logRelativeError,
  nistModelExpression,
  type NistProblem,
} from '../../test-support/nist-strd';
import { curveFit } from './curve-fit';

const problems = loadNistProblems();

interface Row {
  name: string;
  start: number;
  difficulty: string;
  paramLre: number;
  stdErrLre: number;
  rssLre: number;
  iterations: number;
  status: string;
}

async function runCase(problem: NistProblem, start: 1 | 2): Promise<Row> {
  const names = Array.from({ length: problem.nParams }, (_, k) => `b${k + 1}`);
  const p0 = Object.fromEntries(names.map((n, k) => [n, (start === 1 ? problem.start1 : problem.start2)[k]]));
  const x =
    problem.predictors.length > 1
      ? Object.fromEntries(problem.predictors.map((p, j) => [p, problem.x.map((row) => (row as number[])[j])]))
      : (problem.x as number[]);
  const y = problem.response === 'log(y)' ? problem.y.map(Math.log) : problem.y;
  const result = await curveFit({ model: nistModelExpression(problem.modelJs), x, y, p0 });
  const paramLre = Math.min(...names.map((n, k) => logRelativeError(result.params[n], problem.certified.params[k])));
  const stdErrLre = Math.min(
    ...names.map((n, k) => logRelativeError(result.stdErrors[n], problem.certified.stdErrors[k])),
  );
  return {
    name: problem.name,
    start,
    difficulty: problem.difficulty,
    paramLre,
    stdErrLre,
    rssLre: logRelativeError(result.chiSquare, problem.certified.residualSumOfSquares),
    iterations: result.iterations,
    status: result.status,
  };
}

describe('NIST StRD nonlinear regression through curveFit (default options)', () => {
  it('has all 27 problems', () => expect(problems).toHaveLength(27));

  it('reaches the certified values from both starts', async () => {
    const rows: Row[] = [];
    for (const problem of problems) for (const start of [1, 2] as const) rows.push(await runCase(problem, start));
    const lines = [
      '# NIST StRD: log relative error (correct digits) through curveFit, default options',
      '',
      '| problem | difficulty | start | min LRE params | min LRE std errors | LRE RSS | iterations | status |',
      '|---|---|---:|---:|---:|---:|---:|---|',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${r.difficulty} | ${r.start} | ${r.paramLre.toFixed(1)} | ${r.stdErrLre.toFixed(1)} | ${r.rssLre.toFixed(1)} | ${r.iterations} | ${r.status} |`,
      ),
    ];
    const six = rows.filter((r) => r.paramLre >= 6).length;
    const four = rows.filter((r) => r.paramLre >= 4 && r.stdErrLre >= 4).length;
    lines.push(
      '',
      `Cases with ≥ 4 digits in every parameter and standard error: ${four}/${rows.length}.`,
      `Cases with ≥ 6 digits in every parameter: ${six}/${rows.length}.`,
    );
    const reportDir = join(import.meta.dirname, '../../../reports');
    mkdirSync(reportDir, { recursive: true });
    writeFileSync(join(reportDir, 'nist-lre.md'), lines.join('\n') + '\n');
    const failing = rows
      .filter((r) => r.paramLre < 4 || r.stdErrLre < 4)
      .map((r) => `${r.name}/start${r.start}: params ${r.paramLre.toFixed(1)}, stdErr ${r.stdErrLre.toFixed(1)}`);
    expect(failing).toEqual([]);
    expect(six).toBeGreaterThanOrEqual(50);
  });
});
