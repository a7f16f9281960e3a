import { describe, expect, it } from 'vitest';
import type { Evaluator } from '../solver/evaluator';
import { curveFit, createCpuEvaluatorFor } from './curve-fit';
import { prepareFit } from './prepare-fit';
import { gaussNewtonStep, NEAR_EXACT_MAX_POINTS, refineNearExactFit, type NearExactInput } from './refine-residuals';
import { runPreparedFit } from './run-fit';
import { dataSumsOfSquares } from '../stats';

/**
 * a·exp(−b·x) + c·exp(−d·x) at (2.5, 1.3, 0.7, 4.1), x = 0, 0.1, …, 2, each value written
 * with 13 significant digits (as NIST writes Lanczos1). The rounding to 13 digits is the
 * known tiny perturbation; the least-squares solution of these decimals, from 60-digit
 * mpmath (Gauss–Newton to convergence, covariance (JᵀJ)⁻¹·χ²/(n − p)), rounded to f64:
 */
const X = Array.from({ length: 21 }, (_, i) => i / 10);
const Y = [
  3.2, 2.659793752397, 2.235931122663, 1.897246990622, 1.622087399529, 1.395228874414, 1.20581949394, 1.04599980869,
  0.909976484662, 0.7933977545933, 0.6929303553663, 0.6059712277325, 0.5304495695947, 0.464689658991, 0.4073147151274,
  0.3571786162053, 0.3133166504937, 0.2749093783229, 0.2412556161964, 0.2117518445227, 0.1858762030348,
];
const REF_RSS = 8.633528182101239e-26;
const REF_PARAMS = { a: 2.4999999999996367, b: 1.2999999999998928, c: 0.7000000000004246, d: 4.099999999999511 };
const REF_STDERR = {
  a: 6.757776739195845e-13,
  b: 1.9341069260490168e-13,
  c: 6.608755138372188e-13,
  d: 3.0203973221113496e-12,
};
const MODEL = 'a*exp(-b*x) + c*exp(-d*x)';
const P0 = { a: 2, b: 1, c: 1, d: 5 };

const lre = (est: number, ref: number) => -Math.log10(Math.abs(est - ref) / Math.abs(ref));

function inputFor(y: number[], params: number[], extra: Partial<NearExactInput> = {}): NearExactInput {
  const prepared = prepareFit({ model: MODEL, x: X, y, p0: P0 });
  return {
    model: prepared.model,
    predictors: prepared.predictors,
    y: prepared.data.y,
    freeNames: prepared.freeNames,
    fixedValues: {},
    params: Float64Array.from(params),
    ...extra,
  };
}

describe('refineNearExactFit', () => {
  it('recovers χ² and the standard errors of an exactly generated sum of exponentials', async () => {
    const result = await curveFit({ model: MODEL, x: X, y: Y, p0: P0 });
    expect(result.diagnostics.some((d) => d.startsWith('near-exact fit: residuals refined in double-double'))).toBe(
      true,
    );
    expect(lre(result.chiSquare, REF_RSS)).toBeGreaterThan(8);
    for (const name of ['a', 'b', 'c', 'd'] as const) {
      expect(lre(result.params[name], REF_PARAMS[name]), name).toBeGreaterThan(10);
      expect(lre(result.stdErrors[name], REF_STDERR[name]), name).toBeGreaterThan(8);
    }
    // Plain f64 residuals at the same parameters get χ² only to a few digits.
    const f64 = Y.map(
      (y, i) =>
        y - (result.params.a * Math.exp(-result.params.b * X[i]) + result.params.c * Math.exp(-result.params.d * X[i])),
    );
    expect(
      lre(
        f64.reduce((s, r) => s + r * r, 0),
        REF_RSS,
      ),
    ).toBeLessThan(5);
  });

  it('polishes parameters that the minimizer left slightly off, never raising χ²', () => {
    const start = [REF_PARAMS.a * (1 + 1e-11), REF_PARAMS.b, REF_PARAMS.c, REF_PARAMS.d * (1 - 1e-11)];
    const before = refineNearExactFit(inputFor(Y, start, { maxSteps: 0 }));
    const after = refineNearExactFit(inputFor(Y, start));
    if (before.status !== 'refined' || after.status !== 'refined') throw new Error('expected a refinement');
    expect(before.steps).toBe(0);
    expect(Array.from(before.params)).toEqual(start);
    expect(after.steps).toBeGreaterThan(0);
    expect(after.chiSquare).toBeLessThan(before.chiSquare);
    expect(lre(after.chiSquare, REF_RSS)).toBeGreaterThan(8);
    expect(after.cost).toBe(after.chiSquare / 2);
    expect(after.jacobian).toHaveLength(X.length * 4);
  });

  it('keeps the parameters inside the bounds: a step that would leave them is not taken', () => {
    const start = [REF_PARAMS.a * (1 + 1e-11), REF_PARAMS.b, REF_PARAMS.c, REF_PARAMS.d];
    const box = Float64Array.from(start);
    const outcome = refineNearExactFit(inputFor(Y, start, { lower: box, upper: box }));
    if (outcome.status !== 'refined') throw new Error('expected a refinement');
    expect(outcome.steps).toBe(0);
    expect(Array.from(outcome.params)).toEqual(start);
  });

  it('takes the data sums from the caller: Σ(y/σ)² decides the near-exact test without reading y', () => {
    const params = [2.5, 1.3, 0.7, 4.1];
    const chiSquare = 1e-30;
    const sums = dataSumsOfSquares(inputFor(Y, params).y);
    expect(sums.raw).toBeCloseTo(
      Y.reduce((s, v) => s + v * v, 0),
      10,
    );
    // The caller's Σ(y/σ)² is the one the test reads: with it near-exact, with a tiny one not.
    const withSums = refineNearExactFit(inputFor(Y, params, { chiSquare, dataSumOfSquares: sums.raw }));
    expect(withSums.status).toBe(refineNearExactFit(inputFor(Y, params, { chiSquare })).status);
    expect(withSums.status).not.toBe('not-needed');
    expect(refineNearExactFit(inputFor(Y, params, { chiSquare, dataSumOfSquares: 1e-20 }))).toEqual({
      status: 'not-needed',
    });
  });

  it('leaves noisy fits untouched: bit-identical results with and without the polishing path', async () => {
    const noisy = Y.map((y, i) => y + 1e-3 * Math.sin(7 * i));
    const params = [2.5, 1.3, 0.7, 4.1];
    expect(refineNearExactFit(inputFor(noisy, params))).toEqual({ status: 'not-needed' });
    const result = await curveFit({ model: MODEL, x: X, y: noisy, p0: P0 });
    expect(result.diagnostics.some((d) => d.includes('near-exact'))).toBe(false);
    // The same fit through an evaluator the polishing never runs for (it is not the CPU's).
    const prepared = prepareFit({ model: MODEL, x: X, y: noisy, p0: P0 });
    const cpu = createCpuEvaluatorFor(prepared);
    const other: Evaluator = Object.assign(Object.create(cpu) as Evaluator, { backend: 'webgpu' as const });
    const reference = await runPreparedFit(prepared, other);
    expect({ ...result, elapsedMs: 0, backend: 'cpu' }).toEqual({ ...reference, elapsedMs: 0, backend: 'cpu' });
  });

  it('reports, without polishing, a near-exact fit whose model has f64-only functions', async () => {
    const { x, y } = erfData();
    expect(refineNearExactFit({ ...erfData().input, fixedValues: {} })).toEqual({
      status: 'unsupported',
      reason: expect.stringContaining('erf'),
    });
    const result = await curveFit({ model: 'a*erf(x)', x, y: Array.from(y), p0: { a: 2.9 } });
    expect(
      result.diagnostics.some((d) =>
        d.startsWith('near-exact fit: χ² and the standard errors are limited by f64 rounding'),
      ),
    ).toBe(true);
  });

  it('skips huge data, robust losses and stopped fits', async () => {
    const n = NEAR_EXACT_MAX_POINTS + 1;
    const prepared = prepareFit({
      model: 'a*x',
      x: Array.from({ length: n }, (_, i) => i),
      y: Array.from({ length: n }, (_, i) => 2 * i),
      p0: { a: 2 },
    });
    expect(
      refineNearExactFit({
        model: prepared.model,
        predictors: prepared.predictors,
        y: prepared.data.y,
        freeNames: ['a'],
        fixedValues: {},
        params: Float64Array.of(2),
      }),
    ).toEqual({ status: 'not-needed' });
    const robust = await curveFit({ model: MODEL, x: X, y: Y, p0: P0 }, { loss: 'soft_l1' });
    expect(robust.diagnostics.some((d) => d.includes('near-exact'))).toBe(false);
    // Stopped by the caller once the fit is already near-exact: its parameters are kept as they are.
    const stopped = await curveFit(
      { model: MODEL, x: X, y: Y, p0: P0 },
      { onIteration: (s) => (s.cost < 1e-22 ? 'stop' : undefined) },
    );
    expect(stopped.status).toBe('user-stop');
    expect(stopped.diagnostics.some((d) => d.includes('near-exact'))).toBe(false);
  });
});

describe('gaussNewtonStep', () => {
  it('solves J·δ ≈ −r and gives 0 to a direction the data do not determine', () => {
    // Columns 1 and 2 identical: rank 2 of 3.
    const J = Float64Array.of(1, 2, 2, 0, 1, 1, 1, 0, 0, 2, 1, 1);
    const r = Float64Array.of(-1, -2, -3, -4);
    const delta = gaussNewtonStep(J, r, 4, 3);
    if (!delta) throw new Error('expected a step');
    expect(delta.filter((v) => v === 0)).toHaveLength(1);
    // The normal equations hold: Jᵀ(J·δ + r) = 0.
    for (let j = 0; j < 3; j++) {
      let g = 0;
      for (let i = 0; i < 4; i++)
        g += J[i * 3 + j] * (J[i * 3] * delta[0] + J[i * 3 + 1] * delta[1] + J[i * 3 + 2] * delta[2] + r[i]);
      expect(Math.abs(g)).toBeLessThan(1e-12);
    }
    expect(gaussNewtonStep(new Float64Array(4), r, 4, 1)).toBeNull();
  });
});

/** A model with erf on data it reproduces exactly (the f64 gate passes; no double-double form exists). */
function erfData() {
  const x = Array.from({ length: 10 }, (_, i) => i / 5);
  const prepared = prepareFit({ model: 'a*erf(x)', x, y: x, p0: { a: 3 } });
  const y = new Float64Array(x.length);
  prepared.model.evaluate(Float64Array.of(3), prepared.predictors, y);
  const input = {
    model: prepared.model,
    predictors: prepared.predictors,
    y,
    freeNames: ['a'],
    params: Float64Array.of(3),
  };
  return { x, y, input };
}
