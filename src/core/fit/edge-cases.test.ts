/** Edge cases third-party test suites found (issue 11, item 6): each failed before its fix. */
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test-support/fitbench-error-of';
import { curveFit } from './curve-fit';
import { prepareFit } from './prepare-fit';

const xs = Array.from({ length: 30 }, (_, i) => i / 3);
const line = xs.map((x) => 2 * x + 1 + 0.05 * Math.sin(5 * x));

describe('edge cases', () => {
  it('x0, x1 … are parameters when the data has a single predictor', async () => {
    const r = await curveFit({ model: 'x0*x + x1', x: xs, y: line, p0: { x0: 1, x1: 0 } });
    expect(r.paramNames).toEqual(['x0', 'x1']);
    expect(r.params.x0).toBeCloseTo(2, 1);
    expect(r.params.x1).toBeCloseTo(1, 1);
  });

  it('a parameter the model does not depend on gets an infinite standard error and a diagnostic', async () => {
    const r = await curveFit({ model: 'a*x + b + 0*c', x: xs, y: line, p0: { a: 1, b: 0, c: 1 } });
    expect(r.stdErrors.c).toBe(Infinity);
    expect(Number.isFinite(r.stdErrors.a)).toBe(true);
    expect(r.diagnostics.join(' ')).toMatch(/'c' has no effect on the model/);
  });

  it('all tolerances 0 is refused, as scipy refuses it', async () => {
    const problem = { model: 'a*x + b', x: xs, y: line, p0: { a: 1, b: 0 } };
    await expect(curveFit(problem, { xtol: 0, ftol: 0, gtol: 0 })).rejects.toMatchObject({ code: 'OPTIONS_INVALID' });
    await expect(curveFit(problem, { xtol: 0, ftol: 0, gtol: 0, method: 'trf' })).rejects.toThrow(/machine epsilon/);
    // One tolerance above epsilon is enough.
    expect((await curveFit(problem, { xtol: 0, ftol: 0 })).converged).toBe(true);
  });

  it('fewer points than free parameters: trf solves it, lm is a clear error', async () => {
    const problem = { model: 'a*exp(-x/t) + c', x: [1, 2], y: [3, 2], p0: { a: 1, t: 1, c: 0 } };
    const r = await curveFit(problem);
    expect(r.method).toBe('trf');
    expect(r.chiSquare).toBeLessThan(1e-12);
    const e = errorOf(() => prepareFit(problem, { method: 'lm' }));
    expect(e.code).toBe('DATA_TOO_FEW_POINTS');
    expect(e.message).toMatch(/method "lm" needs at least as many points/);
  });

  it('bounds [Infinity, Infinity] or [-Infinity, -Infinity] are an error, not open', () => {
    const problem = { model: 'a*x + b', x: xs, y: line, p0: { a: 1, b: 0 } };
    expect(errorOf(() => prepareFit({ ...problem, bounds: { a: [Infinity, Infinity] } })).code).toBe('BOUNDS_INVERTED');
    expect(errorOf(() => prepareFit({ ...problem, bounds: { a: [-Infinity, -Infinity] } })).code).toBe(
      'BOUNDS_INVERTED',
    );
    expect(prepareFit({ ...problem, bounds: { a: [-Infinity, Infinity] } }).hasBounds).toBe(false);
  });

  it('a data column named e or pi is a clear error, never silently the constant', () => {
    const e = errorOf(() => prepareFit({ model: 'a*e + b', x: { e: xs }, y: line, p0: { a: 1, b: 0 } }));
    expect(e.code).toBe('DATA_COLUMN_RESERVED');
    expect(e.message).toMatch(/column "e".*rename the column/);
    expect(errorOf(() => prepareFit({ model: 'a*pi', x: { pi: xs }, y: line, p0: { a: 1 } })).code).toBe(
      'DATA_COLUMN_RESERVED',
    );
  });

  it('a covariance sigma that is not positive definite, not square or not symmetric is SIGMA_INVALID', () => {
    const x = [0, 1, 2];
    const y = [1, 2, 3];
    const p = { model: 'a*x + b', x, y, p0: { a: 1, b: 0 } };
    const notPd = errorOf(() =>
      prepareFit({
        ...p,
        sigma: [
          [1, 2, 0],
          [2, 1, 0],
          [0, 0, 1],
        ],
      }),
    );
    expect(notPd.code).toBe('SIGMA_INVALID');
    expect(notPd.message).toMatch(/not positive definite/);
    expect(
      errorOf(() =>
        prepareFit({
          ...p,
          sigma: [
            [1, 0.5, 0],
            [0, 1, 0],
            [0, 0, 1],
          ],
        }),
      ).message,
    ).toMatch(/not symmetric/);
    expect(
      errorOf(() =>
        prepareFit({
          ...p,
          sigma: [
            [1, 0],
            [0, 1],
          ],
        }),
      ).code,
    ).toBe('DATA_LENGTH_MISMATCH');
  });
});
