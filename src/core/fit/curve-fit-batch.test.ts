import { describe, expect, it } from 'vitest';
import { curveFit } from './curve-fit';
import { curveFitBatch } from './curve-fit-batch';

const model = 'a*exp(-(x-mu)^2/(2*s^2)) + c';
const n = 64;
const curves = 6;
const xs = Array.from({ length: curves }, (_, j) =>
  Float64Array.from({ length: n }, (_, i) => -4 + (8 * i) / (n - 1) + 0.01 * j),
);
const ys = xs.map((x, j) =>
  Float64Array.from(
    x,
    (v, i) => (2 + 0.1 * j) * Math.exp(-((v - 0.2) ** 2) / (2 * 1.1 ** 2)) + 0.5 + 0.03 * Math.sin(3 * i + j),
  ),
);
const p0 = { a: 2.5, mu: 0, s: 1.4, c: 0.3 };

describe('curveFitBatch (CPU)', () => {
  it('matches curveFit curve by curve (reused evaluator, per-curve x)', async () => {
    const batch = await curveFitBatch({ model, x: xs, y: ys, p0 });
    for (let j = 0; j < curves; j++) {
      const single = await curveFit({ model, x: xs[j], y: ys[j], p0 });
      single.paramNames.forEach((name, k) => {
        expect(batch.params[j * 4 + k]).toBeCloseTo(single.params[name], 7);
        expect(batch.stdErrors[j * 4 + k] / single.stdErrors[name]).toBeCloseTo(1, 6);
      });
      expect(batch.converged[j]).toBe(1);
    }
  });

  it('a curve with NaN (or too short) gets a NaN row; its neighbours are unaffected', async () => {
    const y = ys.map((c) => c.slice());
    y[2][5] = Number.NaN;
    const x = xs.map((c) => c.slice());
    x[4] = x[4].subarray(0, 3);
    y[4] = y[4].subarray(0, 3);
    const batch = await curveFitBatch({ model, x, y, p0 });
    const clean = await curveFitBatch({ model, x: xs, y: ys, p0 });
    for (const bad of [2, 4]) {
      expect(Number.isNaN(batch.params[bad * 4])).toBe(true);
      expect(batch.converged[bad]).toBe(0);
    }
    for (const good of [0, 1, 3, 5]) expect(batch.params[good * 4 + 1]).toBe(clean.params[good * 4 + 1]);
  });

  it('shared x, σ and fixed parameters take the full path with the same answers', async () => {
    const sigma = ys.map((c) => c.map(() => 0.05));
    const batch = await curveFitBatch({ model, x: xs[0], y: ys, sigma, p0, fixed: ['c'] });
    const single = await curveFit({ model, x: xs[0], y: ys[3], sigma: sigma[3], p0, fixed: ['c'] });
    expect(batch.params[3 * 4]).toBeCloseTo(single.params.a, 7);
    expect(batch.params[3 * 4 + 3]).toBe(0.3);
    expect(batch.stdErrors[3 * 4 + 3]).toBe(0);
  });
});
