/**
 * The NIST StRD nonlinear regression suite through the public curveFit, default options:
 * one row per problem and start, and the markdown table of reports/nist-lre.md. Shared by
 * the unit test (which only asserts) and `npm run report:nist` (which writes the report).
 */
import { curveFit } from '../core/fit/curve-fit';
import { logRelativeError, nistModelExpression, type NistProblem } from './nist-strd';

export interface NistRow {
  name: string;
  start: number;
  difficulty: string;
  paramLre: number;
  stdErrLre: number;
  rssLre: number;
  iterations: number;
  status: string;
}

/** Fits one problem from one start through curveFit and grades it against the certified values. */
export async function runNistCurveFitCase(problem: NistProblem, start: 1 | 2): Promise<NistRow> {
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

/** The markdown report: one table row per case and the two bar counts. */
export function formatNistReport(rows: readonly NistRow[]): string {
  const six = rows.filter((r) => r.paramLre >= 6).length;
  const four = rows.filter((r) => r.paramLre >= 4 && r.stdErrLre >= 4).length;
  return [
    '# NIST StRD: log relative error (correct digits) through curveFit, default options',
    '',
    '| problem | difficulty | start | min LRE params | min LRE std errors | LRE RSS | iterations | status |',
    '|---|---|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.difficulty} | ${r.start} | ${r.paramLre.toFixed(1)} | ${r.stdErrLre.toFixed(1)} | ${r.rssLre.toFixed(1)} | ${r.iterations} | ${r.status} |`,
    ),
    '',
    `Cases with ≥ 4 digits in every parameter and standard error: ${four}/${rows.length}.`,
    `Cases with ≥ 6 digits in every parameter: ${six}/${rows.length}.`,
    '',
  ].join('\n');
}
