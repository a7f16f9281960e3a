/**
 * The NIST StRD nonlinear regression suite through the public curveFit, default options:
 * 27 problems × 2 starts. Bar (issue 3): every case ≥ 4 correct digits (LRE) in every
 * parameter and standard error; ≥ 6 digits in the parameters on at least 50 of 54 cases.
 * Writes the LRE table to reports/nist-lre.md.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NIST_DIR } from '../../test-support/shared-folder';
import { curveFit } from './curve-fit';


interface NistProblem {
  name: string;
  difficulty: string;
  modelJs: string;
  response: 'y' | 'log(y)';
  predictors: string[];
  x: (number | number[])[];
  y: number[];
  start1: number[];
  start2: number[];
  nParams: number;
  certified: { params: number[]; stdErrors: number[]; residualSumOfSquares: number };
}

/** NIST's JavaScript model → the model language (the only translation the suite needs). */
export function nistModelExpression(js: string): string {
  return js
    .replace(/Math\.PI/g, 'pi')
    .replace(/Math\.(exp|log|sin|cos|atan|sqrt|pow)\(/g, '$1(')
    .replace(/x\[0\]/g, 'x1')
    .replace(/x\[1\]/g, 'x2');
}

/** Log relative error, capped at 11 digits, 0 for a wrong sign or non-finite value. */
function lre(est: number, cert: number): number {
  if (!Number.isFinite(est)) return 0;
  if (est === cert) return 11;
  const rel = Math.abs(est - cert) / Math.abs(cert);
  return Math.max(0, Math.min(11, -Math.log10(rel)));
}

const problems: NistProblem[] = readdirSync(NIST_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(NIST_DIR, f), 'utf8')) as NistProblem)
  .sort((a, b) => a.name.localeCompare(b.name));

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
  const paramLre = Math.min(...names.map((n, k) => lre(result.params[n], problem.certified.params[k])));
  const stdErrLre = Math.min(...names.map((n, k) => lre(result.stdErrors[n], problem.certified.stdErrors[k])));
  return { name: problem.name, start, difficulty: problem.difficulty, paramLre, stdErrLre, rssLre: lre(result.chiSquare, problem.certified.residualSumOfSquares), iterations: result.iterations, status: result.status };
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
      ...rows.map((r) => `| ${r.name} | ${r.difficulty} | ${r.start} | ${r.paramLre.toFixed(1)} | ${r.stdErrLre.toFixed(1)} | ${r.rssLre.toFixed(1)} | ${r.iterations} | ${r.status} |`),
    ];
    const six = rows.filter((r) => r.paramLre >= 6).length;
    const four = rows.filter((r) => r.paramLre >= 4 && r.stdErrLre >= 4).length;
    lines.push('', `Cases with ≥ 4 digits in every parameter and standard error: ${four}/${rows.length}.`, `Cases with ≥ 6 digits in every parameter: ${six}/${rows.length}.`);
    const reportDir = join(import.meta.dirname, '../../../reports');
    mkdirSync(reportDir, { recursive: true });
    writeFileSync(join(reportDir, 'nist-lre.md'), lines.join('\n') + '\n');
    const failing = rows.filter((r) => r.paramLre < 4 || r.stdErrLre < 4).map((r) => `${r.name}/start${r.start}: params ${r.paramLre.toFixed(1)}, stdErr ${r.stdErrLre.toFixed(1)}`);
    expect(failing).toEqual([]);
    expect(six).toBeGreaterThanOrEqual(50);
  });
});
