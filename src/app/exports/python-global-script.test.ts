import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GlobalProblem } from '../../core/api-types';
import { curveFitGlobal } from '../../core';
import { scipyGlobalScript } from './python-global-script';

function run(script: string): {
  params: Record<string, number>;
  stderr: Record<string, number>;
  chi_square: number;
  derived?: Record<string, { value: number; stderr: number }>;
} {
  const dir = mkdtempSync(join(tmpdir(), 'fitbench-pyg-'));
  const file = join(dir, 'fit.py');
  writeFileSync(file, script);
  const out = execFileSync('python3', [file], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
}

function noise(seed: number): () => number {
  return () => {
    seed = (seed * 16807) % 2147483647;
    return (seed - 1) / 2147483646 - 0.5;
  };
}

describe('copy a global fit as Python', () => {
  it('the scipy script reproduces a weighted global fit with a shared, a bounded and a fixed parameter', async () => {
    const r = noise(11);
    const x = Float64Array.from({ length: 40 }, (_, i) => (5 * i) / 39);
    const make = (a: number, k: number, c: number) =>
      Float64Array.from(x, (v) => a * Math.exp(-k * v) + c + 0.02 * r());
    const sigma = Float64Array.from(x, () => 0.02);
    const problem: GlobalProblem = {
      model: 'a*exp(-k*x) + c',
      datasets: [
        { x, y: make(2, 0.8, 0.1), sigma, name: 'cold' },
        { x, y: make(1.2, 0.8, 0.1), sigma, name: 'warm' },
      ],
      shared: ['k'],
      p0: { a: 1, k: 0.5, c: 0.1 },
      bounds: { k: [0, 10] },
      fixed: ['c_2'],
    };
    const ours = await curveFitGlobal(problem, { backend: 'cpu' });
    expect(ours.converged).toBe(true);
    const script = scipyGlobalScript({ problem, result: ours, title: 'Two temperatures' });
    expect(script).toContain("names = ['a_1', 'a_2', 'k', 'c_1']");
    const py = run(script);
    for (const name of ['a_1', 'a_2', 'k', 'c_1']) {
      expect(Math.abs(py.params[name] - ours.params[name]) / Math.abs(ours.params[name]), name).toBeLessThan(1e-6);
      expect(Math.abs(py.stderr[name] - ours.stdErrors[name]) / ours.stdErrors[name], name).toBeLessThan(1e-4);
    }
    expect(Math.abs(py.chi_square - ours.chiSquare) / ours.chiSquare).toBeLessThan(1e-8);
  });

  it('the scipy script reports derived quantities of the global names with delta-method errors as Fitbench does', async () => {
    const r = noise(5);
    const x = Float64Array.from({ length: 30 }, (_, i) => (4 * i) / 29);
    const make = (a: number) => Float64Array.from(x, (v) => a * Math.exp(-0.7 * v) + 0.05 * r());
    const problem: GlobalProblem = {
      model: 'a*exp(-k*x)',
      datasets: [
        { x, y: make(2), name: 'one' },
        { x, y: make(1.5), name: 'two' },
      ],
      shared: ['k'],
      p0: { a: 1, k: 0.5 },
      derived: { ratio: 'a_1/a_2', tau: '1/k' },
    };
    const ours = await curveFitGlobal(problem, { backend: 'cpu' });
    const py = run(scipyGlobalScript({ problem, result: ours }));
    for (const name of ['ratio', 'tau']) {
      const d = ours.derived?.[name];
      expect(Math.abs((py.derived?.[name].value ?? NaN) / (d?.value ?? NaN) - 1), name).toBeLessThan(1e-6);
      expect(Math.abs((py.derived?.[name].stderr ?? NaN) / (d?.stdError ?? NaN) - 1), name).toBeLessThan(1e-4);
    }
  });

  it('says what it cannot write', () => {
    const problem: GlobalProblem = {
      model: 'a*x',
      datasets: [{ x: [1, 2], y: [1, 2] }],
      expressions: { b: 'a' },
    };
    expect(() => scipyGlobalScript({ problem, result: { params: {} } as never })).toThrow(/tied expressions/);
  });
});
