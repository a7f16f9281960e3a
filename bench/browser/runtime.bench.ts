import { test } from '@playwright/test';
import type { FitProblem, FitResult } from '../../src/core/api-types';

/**
 * Issue 4's runtime figures in Chromium: the worker runtime's overhead against the core
 * called directly on the same 1e5-point fit, the time to write a checkpoint, and the longest
 * main-thread task while a 1e6-point fit runs with live charts (PerformanceObserver).
 */
type Fitter = { curveFit(p: FitProblem, o?: object): Promise<FitResult> };

function gauss4(n: number): FitProblem {
  const x = new Array<number>(n);
  const y = new Array<number>(n);
  let seed = 3;
  for (let i = 0; i < n; i++) {
    seed = (seed * 16807) % 2147483647;
    x[i] = -5 + (10 * i) / (n - 1);
    y[i] = 3 * Math.exp(-((x[i] - 0.2) ** 2) / (2 * 1.21)) + 0.5 + 0.05 * (seed / 2147483647 - 0.5);
  }
  return { model: 'a*exp(-(x-mu)^2/(2*s^2)) + c', x, y, p0: { a: 2.5, mu: 0, s: 1.4, c: 0.3 } };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

test('runtime overhead, checkpoint writes and main-thread tasks', async ({ page }) => {
  const problem = gauss4(100_000);
  await page.goto('/harness.html');
  await page.waitForFunction(() => Boolean((window as unknown as { coreHarness?: Fitter }).coreHarness));
  const direct = await page.evaluate(async (p) => {
    const h = (window as unknown as { coreHarness: Fitter }).coreHarness;
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      await h.curveFit(p, { backend: 'cpu' });
      times.push(performance.now() - t0);
    }
    return times.slice(1);
  }, problem);

  await page.goto('/');
  await page.waitForFunction(() => Boolean((window as unknown as { fitbench?: Fitter }).fitbench));
  const viaRuntime = await page.evaluate(async (p) => {
    const f = (window as unknown as { fitbench: Fitter & { service: { metrics(): unknown } } }).fitbench;
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      await f.curveFit(p, { backend: 'cpu' });
      times.push(performance.now() - t0);
    }
    return { times: times.slice(1), metrics: f.service.metrics() };
  }, problem);

  await page.goto('/?demo=large');
  const longest = await page.evaluate(async () => {
    const tasks: number[] = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration))).observe({ type: 'longtask', buffered: false });
    const button = document.querySelector<HTMLButtonElement>('[data-testid="fit-button"]');
    const status = () => document.querySelector('[data-testid="fit-status"]')?.getAttribute('data-state') ?? '';
    for (let i = 0; i < 600 && !button; i++) await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    document.querySelector<HTMLButtonElement>('[data-testid="fit-button"]')?.click();
    while (!/converged|failed|cancelled/.test(status()) && performance.now() - t0 < 300_000) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500));
    return { fitWallMs: performance.now() - t0, status: status(), longTasks: tasks.length, longestTaskMs: tasks.length ? Math.max(...tasks) : 0 };
  });

  const figures = {
    fit1e5: { directMedianMs: median(direct), runtimeMedianMs: median(viaRuntime.times), overheadPercent: (100 * (median(viaRuntime.times) - median(direct))) / median(direct) },
    metrics: viaRuntime.metrics,
    large1e6WithCharts: longest,
  };
  console.log(JSON.stringify(figures, null, 1));
  await test.info().attach('runtime-figures.json', { body: JSON.stringify(figures, null, 1), contentType: 'application/json' });
});
