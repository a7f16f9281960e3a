import { describe, expect, it } from 'vitest';
import { curveFit } from './curve-fit';

const x = Array.from({ length: 20 }, (_, i) => i);

describe('fits far from their start (issue 13, item 5)', () => {
  it('y ≈ 1e20·(2x+1) from a = 1, b = 0 reaches the data instead of converging unmoved with R² < 0', async () => {
    const y = x.map((v) => 1e20 * (2 * v + 1) * (1 + 1e-3 * Math.sin(v)));
    for (const method of ['lm', 'trf'] as const) {
      const fit = await curveFit({ model: 'a*x+b', x, y, p0: { a: 1, b: 0 } }, { method });
      expect(fit.converged).toBe(true);
      expect(fit.params.a / 2e20).toBeCloseTo(1, 2);
      expect(fit.params.b / 1e20).toBeCloseTo(1, 1);
      expect(fit.rSquared).toBeGreaterThan(0.999);
      expect(fit.diagnostics.join('\n')).toMatch(/restarted from a linearized/);
    }
  });

  it('a nonlinear model 20 orders of magnitude from its start reaches the data too', async () => {
    const y = x.map((v) => 1e20 * Math.exp(-v / 5));
    const fit = await curveFit({ model: 'a*exp(-x/t)', x, y, p0: { a: 1, t: 1 } });
    expect(fit.params.a / 1e20).toBeCloseTo(1, 6);
    expect(fit.params.t).toBeCloseTo(5, 6);
  });

  it('says so when a result is still worse than a constant, and does not call an unmoved one converged', async () => {
    // No parameter can help: the model is 0 at every x for any a (a multiplies 0).
    const y = x.map((v) => 5 + v);
    const fit = await curveFit({ model: 'a*0*x', x, y, p0: { a: 1 } });
    expect(fit.rSquared).toBeLessThan(0);
    expect(fit.converged).toBe(false);
    expect(fit.diagnostics.join('\n')).toMatch(/no parameter moved/);
    expect(fit.diagnostics.join('\n')).toMatch(/worse than a constant/);
  });

  it('leaves ordinary fits alone', async () => {
    const y = x.map((v) => 3 * Math.exp(-v / 4) + 0.01 * Math.cos(7 * v));
    const fit = await curveFit({ model: 'a*exp(-x/t)', x, y, p0: { a: 1, t: 1 } });
    expect(fit.converged).toBe(true);
    expect(fit.diagnostics.join('\n')).not.toMatch(/linearized|no parameter moved|worse than a constant/);
  });
});
