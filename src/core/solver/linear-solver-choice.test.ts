import { describe, expect, it } from 'vitest';
import { compileModel } from '../model/compile-model';
import { createCpuEvaluator } from './cpu-evaluator';
import { minimize } from './minimizer';
import { QR_MAX_RESIDUALS } from './minimizer-types';

const m = QR_MAX_RESIDUALS + 500;

describe("LM's automatic linear solver", () => {
  it('uses QR for small problems', async () => {
    const model = compileModel('a*exp(-b*x) + c');
    const x = Float64Array.from({ length: 200 }, (_, i) => i / 20);
    const y = Float64Array.from(x, (v, i) => 2 * Math.exp(-0.7 * v) + 0.3 + 0.01 * Math.sin(7 * i));
    const s = await minimize(createCpuEvaluator({ model, predictors: [x], y }), new Float64Array([1, 1, 0]));
    expect(s.linearSolver).toBe('qr');
  });

  it('uses the normal equations above QR_MAX_RESIDUALS when JᵀJ is well conditioned', async () => {
    const model = compileModel('a*exp(-b*x) + c');
    const x = Float64Array.from({ length: m }, (_, i) => (10 * i) / m);
    const y = Float64Array.from(x, (v, i) => 2 * Math.exp(-0.7 * v) + 0.3 + 0.01 * Math.sin(7 * i));
    const s = await minimize(createCpuEvaluator({ model, predictors: [x], y }), new Float64Array([1, 1, 0]));
    expect(s.linearSolver).toBe('normal');
    expect(s.converged).toBe(true);
    const q = await minimize(createCpuEvaluator({ model, predictors: [x], y }), new Float64Array([1, 1, 0]), {
      linearSolver: 'qr',
    });
    for (let j = 0; j < 3; j++) expect(s.params[j]).toBeCloseTo(q.params[j], 9);
  });

  it('goes back to QR when the scaled JᵀJ is ill-conditioned at the start', async () => {
    // A cubic on x ∈ [100, 101]: nearly collinear columns, scaled condition ≫ 1e8.
    const model = compileModel('a + b*x + c*x^2 + d*x^3');
    const x = Float64Array.from({ length: m }, (_, i) => 100 + i / m);
    const y = Float64Array.from(x, (v, i) => 1 + 0.5 * (v - 100) - 0.2 * (v - 100) ** 3 + 1e-3 * Math.sin(3 * i));
    const s = await minimize(createCpuEvaluator({ model, predictors: [x], y }), new Float64Array([0, 0, 0, 0]));
    expect(s.linearSolver).toBe('qr');
    expect(s.njev).toBeGreaterThan(1);
  });
});
