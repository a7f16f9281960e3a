/**
 * The work curveFit does around the minimizer: no residual pass after it for least squares
 * on the CPU (χ² is twice the cost), one for a robust loss (the near-exact test and the
 * statistics share it), and no row-number array for data passed as arrays unless someone
 * reads it. Behaviour only; the figures are in the benchmark.
 */
import { describe, expect, it } from 'vitest';
import { validateArrays } from '../data/validate-arrays';
import { createCpuEvaluatorFor } from './curve-fit';
import { prepareFit } from './prepare-fit';
import { runPreparedFit } from './run-fit';

function decay(n: number) {
  const x = Float64Array.from({ length: n }, (_, i) => (i * 8) / n);
  const y = x.map((v, i) => 2 * Math.exp(-v / 1.5) + 0.3 + 0.01 * Math.sin(13 * i));
  return { model: 'a*exp(-x/t) + c', x, y, p0: { a: 1, t: 1, c: 0 } };
}

async function fitCountingResiduals(problem: ReturnType<typeof decay>, loss?: 'linear' | 'soft_l1') {
  const prepared = prepareFit(problem, { loss });
  const evaluator = createCpuEvaluatorFor(prepared);
  let calls = 0;
  const residuals = evaluator.residuals.bind(evaluator);
  evaluator.residuals = (params, out) => {
    calls++;
    return residuals(params, out);
  };
  const result = await runPreparedFit(prepared, evaluator, { loss });
  return { result, calls };
}

describe('cost outside the solver', () => {
  it('a large linear-loss fit evaluates no residuals after the minimizer, and its χ² and R² are theirs', async () => {
    const problem = decay(5000);
    const { result, calls } = await fitCountingResiduals(problem);
    expect(calls).toBe(0);
    let ss = 0;
    let mean = 0;
    for (const v of problem.y) mean += v / problem.y.length;
    let tot = 0;
    problem.x.forEach((x, i) => {
      const r = problem.y[i] - (result.params.a * Math.exp(-x / result.params.t) + result.params.c);
      ss += r * r;
      tot += (problem.y[i] - mean) ** 2;
    });
    expect(Math.abs(result.chiSquare - ss) / ss).toBeLessThan(1e-10);
    expect(result.rSquared).toBeCloseTo(1 - ss / tot, 12);
  });

  it('a robust fit evaluates the residuals once after the minimizer (its cost is not ½χ²)', async () => {
    const problem = decay(5000);
    const { result, calls } = await fitCountingResiduals(problem, 'soft_l1');
    expect(calls).toBe(1);
    const plain = await fitCountingResiduals(problem);
    // soft_l1 and least squares agree closely on data without outliers; χ² is Σ r² at the robust solution.
    expect(result.chiSquare).toBeGreaterThanOrEqual(plain.result.chiSquare * (1 - 1e-12));
    expect(result.chiSquare / plain.result.chiSquare).toBeLessThan(1.01);
  });

  it('a small least-squares fit (QR path) reports χ² exactly as Σ r² of its residuals', async () => {
    const problem = decay(200);
    const { result } = await fitCountingResiduals(problem);
    const prepared = prepareFit(problem);
    const evaluator = createCpuEvaluatorFor(prepared);
    const r = new Float64Array(200);
    evaluator.residuals(
      Float64Array.from(prepared.freeNames, (n) => result.params[n]),
      r,
    );
    let ss = 0;
    for (const v of r) ss += v * v;
    expect(result.chiSquare).toBe(ss);
  });

  it('row numbers of array data are built only when read, and stay right when rows are dropped', () => {
    const clean = validateArrays({ x: [1, 2, 3, 4], y: [1, 2, 3, 4] });
    expect(Array.from(clean.sourceRows)).toEqual([0, 1, 2, 3]);
    expect(clean.sourceRows).toBe(clean.sourceRows);
    const dropped = validateArrays({ x: [1, 2, 3, 4], y: [1, NaN, 3, 4], dropNonFinite: true });
    expect(Array.from(dropped.sourceRows)).toEqual([0, 2, 3]);
    expect(dropped.droppedRows).toEqual([1]);
    expect(Array.from(dropped.y)).toEqual([1, 3, 4]);
  });
});
