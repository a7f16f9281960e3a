/**
 * GPU jobs through the fitting service (issue 5, "Runtime integration"): window.fitbench with
 * backend 'webgpu' runs in the worker on the GPU evaluator, reports backend webgpu, agrees
 * with the CPU fit, and a device lost mid-fit (chaos loseDeviceAtIteration) is retried and
 * finishes with the right answer.
 */
import { expect, test } from '@playwright/test';
import type { FitResult } from '../src/core/api-types';
import { collectConsoleErrors } from './console-guard';
import { curveFitInPage } from './workbench-helpers';

function gauss4(n: number) {
  let seed = 11;
  const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const xi = -5 + (10 * i) / (n - 1);
    const noise = 0.05 * (rand() + rand() + rand() - 1.5);
    x.push(xi);
    y.push(3 * Math.exp(-((xi - 0.2) ** 2) / (2 * 1.1 ** 2)) + 0.5 + noise);
  }
  return { model: 'a*exp(-(x-mu)^2/(2*s^2)) + c', x, y, p0: { a: 2.5, mu: 0, s: 1.4, c: 0.3 } };
}

function withinStdErrors(gpu: FitResult, cpu: FitResult, fraction: number): void {
  for (const name of cpu.paramNames) {
    const gap = Math.abs(gpu.params[name] - cpu.params[name]);
    expect(
      gap,
      `${name}: GPU ${gpu.params[name]} vs CPU ${cpu.params[name]} (SE ${cpu.stdErrors[name]})`,
    ).toBeLessThanOrEqual(fraction * cpu.stdErrors[name]);
  }
}

test('a webgpu fit through window.fitbench runs on the GPU and agrees with the CPU fit', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  const problem = gauss4(4000);
  const cpu = await curveFitInPage(page, problem, { backend: 'cpu' });
  const gpu = await curveFitInPage(page, problem, { backend: 'webgpu' });
  expect(cpu.backend).toBe('cpu');
  expect(gpu.backend).toBe('webgpu');
  expect(gpu.converged).toBe(true);
  withinStdErrors(gpu, cpu, 0.01);
  expect(errors).toEqual([]);
});

test('a device lost mid-fit is retried and finishes with the right answer', async ({ page }) => {
  await page.goto('/?chaos=loseDeviceAtIteration:2');
  const problem = gauss4(4000);
  const cpu = await curveFitInPage(page, problem, { backend: 'cpu' });
  const gpu = await curveFitInPage(page, problem, { backend: 'webgpu' });
  expect(gpu.converged).toBe(true);
  withinStdErrors(gpu, cpu, 0.01);
  const retries = await page.evaluate(() => {
    const service = (window as unknown as { fitbench: { service: { jobs(): { retries: number; backend: string }[] } } })
      .fitbench.service;
    return service.jobs().map((j) => j.retries);
  });
  expect(retries.some((r) => r >= 1)).toBe(true);
});
