import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FitProblem } from '../../core/api-types';
import { curveFit } from '../../core';
import { pythonExpression } from './python-expression';
import { lmfitScript, scipyScript } from './python-script';

function run(script: string): {
  params: Record<string, number>;
  stderr: Record<string, number>;
  chi_square: number;
  derived?: Record<string, { value: number; stderr: number }>;
} {
  const dir = mkdtempSync(join(tmpdir(), 'fitbench-py-'));
  const file = join(dir, 'fit.py');
  writeFileSync(file, script);
  const out = execFileSync('python3', [file], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
}

function seeded(seed: number): () => number {
  return () => {
    seed = (seed * 16807) % 2147483647;
    return (seed - 1) / 2147483646 - 0.5;
  };
}

function expectRelClose(a: Record<string, number>, b: Record<string, number>, rel: number): void {
  for (const [k, v] of Object.entries(b))
    expect(Math.abs(a[k] - v) / Math.max(Math.abs(v), 1e-300), k).toBeLessThan(rel);
}

describe('copy as Python', () => {
  it('prints every operator and function as NumPy with explicit parentheses', () => {
    expect(pythonExpression('a*exp(-(x-mu)^2/(2*s^2)) + c')).toBe(
      '((a * np.exp(((-((x - mu) ** 2)) / (2 * (s ** 2))))) + c)',
    );
    expect(pythonExpression('lambda*log10(x)+erf(x)+atan2(x,1)+pi')).toBe(
      '((((lambda_ * np.log10(x)) + special.erf(x)) + np.arctan2(x, 1)) + np.pi)',
    );
  });

  it('the scipy script reproduces a weighted, bounded fit with a fixed parameter to 1e-6', async () => {
    const r = seeded(3);
    const x = Float64Array.from({ length: 60 }, (_, i) => -4 + (8 * i) / 59);
    const sigma = Float64Array.from(x, (v) => 0.05 + 0.01 * Math.abs(v));
    const y = Float64Array.from(
      x,
      (v, i) => 2.4 * Math.exp(-((v - 0.4) ** 2) / (2 * 0.9 ** 2)) + 0.3 + sigma[i] * 2 * r(),
    );
    const problem: FitProblem = {
      model: 'a*exp(-(x-mu)^2/(2*s^2)) + c',
      x,
      y,
      sigma,
      p0: { a: 2, mu: 0, s: 1, c: 0.3 },
      bounds: { s: [0.1, 5] },
      fixed: ['c'],
    };
    const ours = await curveFit(problem, { backend: 'cpu' });
    expect(ours.converged).toBe(true);
    const py = run(scipyScript({ problem, result: ours }));
    const free = Object.fromEntries(['a', 'mu', 's'].map((n) => [n, ours.params[n]]));
    expectRelClose(py.params, free, 1e-6);
    expectRelClose(py.stderr, Object.fromEntries(['a', 'mu', 's'].map((n) => [n, ours.stdErrors[n]])), 1e-5);
    expect(Math.abs(py.chi_square - ours.chiSquare) / ours.chiSquare).toBeLessThan(1e-8);
  });

  it('the scipy script handles several named predictors and a robust loss', async () => {
    const r = seeded(9);
    const t = Float64Array.from({ length: 80 }, (_, i) => i / 10);
    const temp = Float64Array.from(t, (_, i) => 290 + (i % 7));
    const y = Float64Array.from(t, (v, i) => 5 * Math.exp(-v / 2.5) + 0.01 * temp[i] + 0.05 * r());
    const problem: FitProblem = {
      model: 'A*exp(-t/tau) + k*temp',
      x: { t, temp },
      y,
      p0: { A: 4.5, tau: 2.2, k: 0.012 },
    };
    const ours = await curveFit(problem, { backend: 'cpu', loss: 'soft_l1', fScale: 0.1 });
    expect(ours.converged).toBe(true);
    const py = run(scipyScript({ problem, result: ours, fScale: 0.1 }));
    expectRelClose(py.params, ours.params, 1e-6);
  });

  it('the lmfit script names parameters with bounds and fixed flags', async () => {
    const problem: FitProblem = {
      model: 'a*exp(-x/t) + c',
      x: [0, 1, 2, 3, 4, 5],
      y: [5.1, 3.2, 2.1, 1.5, 1.1, 0.9],
      p0: { a: 4, t: 1.5, c: 0.5 },
      bounds: { t: [0, null] },
      fixed: ['c'],
    };
    const ours = await curveFit(problem, { backend: 'cpu' });
    const script = lmfitScript({ problem, result: ours });
    expect(script).toContain("params['t'].set(value=1.5, vary=True, min=0)");
    expect(script).toContain("params['c'].set(value=0.5, vary=False)");
    expect(script).toContain("model = Model(f, independent_vars=['x'])");
    // Python at least compiles it (lmfit itself is not needed for the test).
    const dir = mkdtempSync(join(tmpdir(), 'fitbench-lmfit-'));
    writeFileSync(join(dir, 'fit.py'), script);
    execFileSync('python3', ['-m', 'py_compile', join(dir, 'fit.py')]);
  });

  it('the scipy script reports the derived quantities with delta-method errors as Fitbench does', async () => {
    const r = seeded(5);
    const x = Float64Array.from({ length: 50 }, (_, i) => i / 5);
    const y = Float64Array.from(x, (v) => 3 * Math.exp(-v / 2) + 0.2 + 0.02 * r());
    const problem: FitProblem = {
      model: 'a*exp(-x/t) + c',
      x,
      y,
      p0: { a: 2.5, t: 1.5, c: 0.2 },
      fixed: ['c'],
      derived: { half_life: 'ln(2)*t', ratio: 'a/(t+c)' },
    };
    const ours = await curveFit(problem, { backend: 'cpu' });
    const py = run(scipyScript({ problem, result: ours }));
    for (const name of ['half_life', 'ratio']) {
      const d = ours.derived?.[name];
      expect(Math.abs((py.derived?.[name].value ?? NaN) - (d?.value ?? NaN)) / (d?.value ?? 1)).toBeLessThan(1e-6);
      expect(Math.abs((py.derived?.[name].stderr ?? NaN) - (d?.stdError ?? NaN)) / (d?.stdError ?? 1)).toBeLessThan(
        1e-4,
      );
    }
    const lmfit = lmfitScript({ problem, result: ours });
    expect(lmfit).toContain("'half_life': lambda a, t, c: (np.log(2) * t),");
    const dir = mkdtempSync(join(tmpdir(), 'fitbench-lmfit-'));
    writeFileSync(join(dir, 'fit.py'), lmfit);
    execFileSync('python3', ['-m', 'py_compile', join(dir, 'fit.py')]);
  });

  it('a tied parameter (expr) is computed, not fitted, in the scipy script, and tied by expr in the lmfit one', async () => {
    const r = seeded(5);
    const x = Float64Array.from({ length: 40 }, (_, i) => i / 5);
    const y = Float64Array.from(x, (v) => 2 * Math.exp(-0.8 * v) + 0.2 + 0.01 * r());
    const problem: FitProblem = {
      model: 'a*exp(-k*x) + c',
      x,
      y,
      p0: { a: 1, k: 0.5 },
      expressions: { c: 'a/10' },
    };
    const ours = await curveFit(problem, { backend: 'cpu' });
    expect(ours.converged).toBe(true);
    const py = run(scipyScript({ problem, result: ours }));
    expectRelClose(py.params, ours.params, 1e-6);
    expect(Object.keys(py.stderr).sort()).toEqual(['a', 'k']);
    expectRelClose(py.stderr, { a: ours.stdErrors.a, k: ours.stdErrors.k }, 1e-5);
    expect(lmfitScript({ problem, result: ours })).toContain("params['c'].set(expr='(a / 10)')");
  });

  it('a derived quantity that reads a tied parameter follows the parameters it is tied to (scipy and lmfit)', async () => {
    const r = seeded(9);
    const x = Float64Array.from({ length: 40 }, (_, i) => i / 5);
    const y = Float64Array.from(x, (v) => 2 * Math.exp(-0.8 * v) + 0.2 + 0.01 * r());
    const problem: FitProblem = {
      model: 'a*exp(-k*x) + c',
      x,
      y,
      p0: { a: 1, k: 0.5 },
      expressions: { c: 'a/10' },
      derived: { offset_rate: 'c*k' },
    };
    const ours = await curveFit(problem, { backend: 'cpu' });
    const d = ours.derived?.offset_rate;
    const py = run(scipyScript({ problem, result: ours }));
    expect(Math.abs((py.derived?.offset_rate.value ?? NaN) / (d?.value ?? NaN) - 1)).toBeLessThan(1e-6);
    expect(Math.abs((py.derived?.offset_rate.stderr ?? NaN) / (d?.stdError ?? NaN) - 1)).toBeLessThan(1e-4);
    const lmfit = lmfitScript({ problem, result: ours });
    expect(lmfit).toContain("values['c'] = (lambda a, k, **_: (a / 10))(**values)");
    const dir = mkdtempSync(join(tmpdir(), 'fitbench-lmfit-'));
    writeFileSync(join(dir, 'fit.py'), lmfit);
    execFileSync('python3', ['-m', 'py_compile', join(dir, 'fit.py')]);
  });
});
