import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test-support/fitbench-error-of';
import { curveFit } from './curve-fit';
import { prepareFit } from './prepare-fit';

const xs = Array.from({ length: 60 }, (_, i) => i / 6);
const decay = xs.map((x) => 2 * Math.exp(-x / 1.5) + 0.5 * Math.exp(-x / 4) + 0.01 * Math.sin(9 * x));
const base = { model: 'a*exp(-x/t1) + b*exp(-x/t2)', x: xs, y: decay, p0: { a: 1, t1: 1, b: 1, t2: 3 } };

describe('tied parameters (expressions)', () => {
  it('chains through other tied parameters; a tied parameter is not fitted', async () => {
    const r = await curveFit({ ...base, p0: { a: 1, t1: 1 }, expressions: { t2: 'k*t1', k: '2.5', b: '0.25*a' } });
    expect(r.params.t2).toBeCloseTo(2.5 * r.params.t1, 12);
    expect(r.params.b).toBeCloseTo(0.25 * r.params.a, 12);
    expect(r.params.k).toBe(2.5);
    // Only a and t1 are free: dof = n − 2; a constant tie has zero error.
    expect(r.dof).toBe(xs.length - 2);
    expect(r.stdErrors.k).toBe(0);
    expect(r.stdErrors.t2).toBeCloseTo(2.5 * r.stdErrors.t1, 12);
    expect(r.paramNames).toEqual(['a', 't1', 'b', 't2', 'k']);
  });

  it('names the loop when expressions form a cycle', () => {
    const e = errorOf(() => prepareFit({ ...base, expressions: { t2: '2*b', b: 't2/3' } }));
    expect(e.code).toBe('EXPRESSION_CYCLE');
    expect(e.message).toMatch(/t2 → b → t2|b → t2 → b/);
    expect(errorOf(() => prepareFit({ ...base, expressions: { b: 'b + 1' } })).code).toBe('EXPRESSION_CYCLE');
  });

  it('refuses bounds on a tied parameter, fixing it, data columns and bad text', () => {
    const bounded = errorOf(() => prepareFit({ ...base, expressions: { b: '0.5*a' }, bounds: { b: [0, 1] } }));
    expect(bounded.code).toBe('EXPRESSION_INVALID');
    expect(bounded.message).toMatch(/"b" is tied by an expression, so it cannot have bounds/);
    expect(errorOf(() => prepareFit({ ...base, expressions: { b: '0.5*a' }, fixed: ['b'] })).code).toBe(
      'EXPRESSION_INVALID',
    );
    expect(errorOf(() => prepareFit({ ...base, expressions: { b: 'x*a' } })).message).toMatch(/data column "x"/);
    expect(errorOf(() => prepareFit({ ...base, expressions: { b: '0.5*(a' } })).code).toBe('EXPRESSION_INVALID');
    expect(errorOf(() => prepareFit({ ...base, expressions: { 'b-1': 'a' } })).code).toBe('EXPRESSION_INVALID');
  });

  it('a name only an expression reads becomes a parameter that needs a start value', async () => {
    expect(errorOf(() => prepareFit({ ...base, expressions: { t2: 'r*t1' } })).code).toBe('PARAM_NO_START');
    const r = await curveFit({ ...base, p0: { ...base.p0, r: 2 }, expressions: { t2: 'r*t1' } });
    expect(r.params.t2).toBeCloseTo(r.params.r * r.params.t1, 12);
    expect(Number.isFinite(r.stdErrors.r)).toBe(true);
  });

  it('derived quantities: exact gradients, tied names allowed, unknown names refused', async () => {
    const r = await curveFit({ ...base, expressions: { b: '0.25*a' }, derived: { total: 'a + b', half: 't1*log(2)' } });
    expect(r.derived?.total.value).toBeCloseTo(1.25 * r.params.a, 12);
    expect(r.derived?.total.stdError).toBeCloseTo(1.25 * r.stdErrors.a, 12);
    expect(r.derived?.half.stdError).toBeCloseTo(Math.LN2 * r.stdErrors.t1, 12);
    const e = errorOf(() => prepareFit({ ...base, derived: { w: 'a*q' } }));
    expect(e.code).toBe('EXPRESSION_INVALID');
    expect(e.message).toMatch(/reads "q"/);
  });

  it('library peaks report centre, FWHM, height and area without being asked (prefixed in sums)', async () => {
    const x = Array.from({ length: 120 }, (_, i) => i / 10);
    const y = x.map(
      (v) => 3 * Math.exp(-((v - 4) ** 2) / (2 * 0.6 ** 2)) + 1.5 / (1 + ((v - 8) / 0.5) ** 2) + 0.01 * Math.cos(5 * v),
    );
    const r = await curveFit({ model: 'gaussian + lorentzian', x, y });
    const d = r.derived ?? {};
    expect(d.g1_center.value).toBeCloseTo(r.params.g1_mu, 12);
    expect(d.g1_fwhm.value).toBeCloseTo(2 * Math.sqrt(2 * Math.LN2) * r.params.g1_s, 12);
    expect(d.g1_fwhm.stdError).toBeCloseTo(2 * Math.sqrt(2 * Math.LN2) * r.stdErrors.g1_s, 12);
    expect(d.l1_fwhm.value).toBeCloseTo(2 * r.params.l1_g, 12);
    expect(d.l1_area.value).toBeCloseTo(Math.PI * r.params.l1_a * r.params.l1_g, 10);
    expect(d.g1_area.value).toBeCloseTo(3 * 0.6 * Math.sqrt(2 * Math.PI), 1);
    const v = await curveFit({
      model: 'voigt',
      x,
      y: x.map((t) => Math.exp(-((t - 6) ** 2) / 2) / Math.sqrt(2 * Math.PI)),
    });
    // A Voigt with a vanishing Lorentzian part: height of a unit-area Gaussian of σ = 1.
    expect(v.derived?.area.value).toBeCloseTo(v.params.a, 12);
    expect(v.derived?.height.value).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 2);
  });
});
