/**
 * Global fits and tied parameters in the page (issue 11): window.fitbench.curveFitGlobal and
 * compareSharing run through the worker runtime and agree with the library in Node; a tied
 * fit (expressions substituted into the model) runs on the WebGPU evaluator.
 */
import { expect, test } from '@playwright/test';
import type { FitResult, GlobalFitResult, GlobalProblem, SharingComparison } from '../src/core/api-types';
import { curveFitGlobal } from '../src/core/fit/curve-fit-global';
import { collectConsoleErrors } from './console-guard';
import { curveFitInPage } from './workbench-helpers';

const xs = Array.from({ length: 60 }, (_, i) => i / 6);
const decay = (a: number, t: number, phase: number) =>
  xs.map((x) => a * Math.exp(-x / t) + 0.02 * Math.sin(7 * x + phase));
const problem: GlobalProblem = {
  datasets: [
    { x: xs, y: decay(2, 1.5, 0), name: 'first' },
    { x: xs, y: decay(3, 1.5, 1), name: 'second' },
  ],
  model: 'a*exp(-x/t)',
  shared: ['t'],
  p0: { a: 1, t: 1 },
  derived: { ratio: 'a_2/a_1' },
};

test('window.fitbench.curveFitGlobal runs in a worker and equals the library', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  await page.waitForFunction(() => Boolean((window as unknown as { fitbench?: unknown }).fitbench));
  const inPage = await page.evaluate(
    (p) =>
      (
        window as unknown as { fitbench: { curveFitGlobal(p: unknown): Promise<GlobalFitResult> } }
      ).fitbench.curveFitGlobal(p),
    problem,
  );
  const inNode = await curveFitGlobal(problem);
  expect(inPage.paramNames).toEqual(['a_1', 't', 'a_2']);
  for (const name of inNode.paramNames) expect(inPage.params[name]).toBeCloseTo(inNode.params[name], 10);
  expect(inPage.datasets.map((d) => d.name)).toEqual(['first', 'second']);
  expect(inPage.derived?.ratio.value).toBeCloseTo(1.5, 1);
  const jobs = await page.evaluate(() =>
    (window as unknown as { fitbench: { service: { jobs(): { status: string }[] } } }).fitbench.service.jobs(),
  );
  expect(jobs.map((j) => j.status)).toContain('converged');

  const comparison = await page.evaluate(
    (p) =>
      (
        window as unknown as { fitbench: { compareSharing(p: unknown, k: string): Promise<SharingComparison> } }
      ).fitbench.compareSharing(p, 't'),
    problem,
  );
  expect(comparison.dfn).toBe(1);
  expect(comparison.conclusion).toMatch(/\bt\b/);
  expect(errors).toEqual([]);
});

test('a tied fit (lmfit expr) runs on the WebGPU evaluator and reports the tied parameter', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  const n = 4000;
  const x = Array.from({ length: n }, (_, i) => -5 + (10 * i) / (n - 1));
  const y = x.map((v) => 3 * Math.exp(-((v - 0.2) ** 2) / (2 * 1.1 ** 2)) + 0.3 + 0.01 * Math.sin(40 * v));
  const tied = {
    model: 'a*exp(-(x-mu)^2/(2*s^2)) + c',
    x,
    y,
    p0: { a: 2.5, mu: 0, s: 1.4 },
    expressions: { c: '0.1*a' },
  };
  const gpu: FitResult = await curveFitInPage(page, tied, { backend: 'webgpu' });
  const cpu: FitResult = await curveFitInPage(page, tied, { backend: 'cpu' });
  expect(gpu.backend).toBe('webgpu');
  expect(gpu.params.c).toBeCloseTo(0.1 * gpu.params.a, 10);
  for (const name of ['a', 'mu', 's', 'c'])
    expect(Math.abs(gpu.params[name] - cpu.params[name])).toBeLessThanOrEqual(0.01 * cpu.stdErrors[name]);
  expect(errors).toEqual([]);
});
