import { test } from '@playwright/test';
import type { FitProblem, FitResult } from '../../src/core/api-types';

/**
 * Issue 4's runtime figures in Chromium: the worker runtime's overhead against the core
 * called directly on the same 1e5-point fit, with the service's own metrics. (The longest
 * main-thread task during the 1e6-point demo fit is reported by e2e/workbench-large.spec.ts.)
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

test('runtime overhead against the core on the same 1e5-point fit', async ({ page }) => {
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

  /** Median wall time of window.fitbench.curveFit on a page opened at `path`. */
  const viaRuntime = async (path: string) => {
    await page.goto(path);
    await page.waitForFunction(() => Boolean((window as unknown as { fitbench?: Fitter }).fitbench));
    return page.evaluate(async (p) => {
      const f = (window as unknown as { fitbench: Fitter & { service: { metrics(): unknown } } }).fitbench;
      const times: number[] = [];
      for (let i = 0; i < 6; i++) {
        const t0 = performance.now();
        await f.curveFit(p, { backend: 'cpu' });
        times.push(performance.now() - t0);
      }
      return { times: times.slice(1), metrics: f.service.metrics() };
    }, problem);
  };
  // The runtime alone (no workbench mounted), then with the workbench's live service panel
  // re-rendering on the same main thread.
  const runtimeOnly = await viaRuntime('/#/tutorials');
  const withWorkbench = await viaRuntime('/');

  const figures = {
    fit1e5: {
      directMedianMs: median(direct),
      runtimeMedianMs: median(runtimeOnly.times),
      overheadPercent: (100 * (median(runtimeOnly.times) - median(direct))) / median(direct),
      withWorkbenchMedianMs: median(withWorkbench.times),
    },
    metrics: withWorkbench.metrics,
  };
  console.log(JSON.stringify(figures, null, 1));
  await test
    .info()
    .attach('runtime-figures.json', { body: JSON.stringify(figures, null, 1), contentType: 'application/json' });
});
