import { describe, expect, it } from 'vitest';
import type { LossName } from '../api-types';
import { FitbenchError } from '../errors';
import { createLoss, LOSS_NAMES, robustScaling } from './loss-functions';

/** scipy.optimize._lsq.least_squares formulas for ρ(z) at unit scale. */
const SCIPY_RHO: Record<LossName, (z: number) => number> = {
  linear: (z) => z,
  soft_l1: (z) => 2 * ((1 + z) ** 0.5 - 1),
  huber: (z) => (z <= 1 ? z : 2 * z ** 0.5 - 1),
  cauchy: (z) => Math.log1p(z),
  arctan: (z) => Math.atan(z),
};

describe('robust losses', () => {
  const out = new Float64Array(3);
  for (const name of LOSS_NAMES) {
    for (const c of [1, 0.3, 2.5]) {
      it(`${name} with fScale ${c}: ρ = C²·ρ(s/C²), and ρ′, ρ″ match finite differences`, () => {
        const loss = createLoss(name, c);
        for (const s of [0.01, 0.5, 0.95 * c * c, 1.7 * c * c, 9, 40]) {
          loss.evaluate(s, out);
          expect(out[0]).toBeCloseTo(c * c * SCIPY_RHO[name](s / (c * c)), 12);
          expect(loss.rho(s)).toBe(out[0]);
          const h = 1e-6 * Math.max(1, s);
          const d1 = (loss.rho(s + h) - loss.rho(s - h)) / (2 * h);
          expect(out[1]).toBeCloseTo(d1, 6);
          const tmp = new Float64Array(3);
          loss.evaluate(s + h, tmp);
          const up = tmp[1];
          loss.evaluate(s - h, tmp);
          const d2 = (up - tmp[1]) / (2 * h);
          expect(out[2]).toBeCloseTo(d2, 5);
        }
      });
    }
  }

  it('linear loss is the identity', () => {
    const loss = createLoss('linear', 3);
    loss.evaluate(2.5, out);
    expect([...out]).toEqual([2.5, 1, 0]);
  });

  it('scales residual and Jacobian row as scipy scale_for_robust_loss_function', () => {
    const loss = createLoss('soft_l1', 1);
    const r = 2;
    loss.evaluate(r * r, out);
    const f = new Float64Array(2);
    robustScaling(r, out, f);
    const js = Math.sqrt(out[1] + 2 * out[2] * r * r);
    expect(f[1]).toBeCloseTo(js, 15);
    expect(f[0]).toBeCloseTo(out[1] / js, 15);
    // Gradient of ½ρ(r²) w.r.t. r is ρ′·r = (scaled r)·(row factor).
    expect(r * f[0] * f[1]).toBeCloseTo(out[1] * r, 14);
    // Where ρ′ + 2ρ″r² ≤ 0 (cauchy far out) the factor is clamped at √ε, not NaN.
    const cauchy = createLoss('cauchy', 1);
    cauchy.evaluate(100, out);
    robustScaling(10, out, f);
    expect(f[1]).toBeCloseTo(Math.sqrt(2.220446049250313e-16), 20);
  });

  it('rejects unknown names and bad scales', () => {
    expect(() => createLoss('l3' as LossName)).toThrow(FitbenchError);
    for (const bad of [0, -1, NaN, Infinity]) {
      try {
        createLoss('huber', bad);
        throw new Error('no throw');
      } catch (e) {
        expect((e as FitbenchError).code).toBe('OPTIONS_INVALID');
        expect((e as FitbenchError).message).toMatch(/fScale/);
      }
    }
  });
});
