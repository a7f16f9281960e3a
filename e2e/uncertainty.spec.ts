/**
 * Issue 13 in the page: window.fitbench's profileIntervals, bootstrap, compareFits and
 * multistart run through the worker runtime (the refits are batch jobs of the service,
 * listed beside the fits) and give the same answers as the library.
 */
import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console-guard';

test('profile, bootstrap, comparison and multistart through window.fitbench', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  await page.waitForFunction(() => 'fitbench' in window);
  const out = await page.evaluate(async () => {
    type Api = {
      curveFit(
        p: unknown,
        o?: unknown,
      ): Promise<{ params: Record<string, number>; chiSquare: number; multistart?: { starts: number } }>;
      profileIntervals(
        p: unknown,
        r: unknown,
        o?: unknown,
      ): Promise<{ params: Record<string, { intervals: { lower: number | null; upper: number | null }[] }> }>;
      bootstrap(
        p: unknown,
        r: unknown,
        o?: unknown,
      ): Promise<{ samples: Record<string, number[]>; params: Record<string, { percentile: [number, number] }> }>;
      compareFits(r: unknown[], o?: unknown): { best: number; nestedTests: { pValue: number }[] };
      service: { jobs(): { kind: string; status: string }[] };
    };
    const fb = (window as unknown as { fitbench: Api }).fitbench;
    const x = Array.from({ length: 60 }, (_, i) => i / 10);
    const y = x.map((v, i) => 2 * Math.exp(-1.3 * v) + 0.02 * Math.sin(17 * i));
    const problem = { model: 'a*exp(-k*x)', x, y, p0: { a: 1, k: 1 } };
    const fit = await fb.curveFit(problem, { backend: 'cpu' });
    const profile = await fb.profileIntervals(problem, fit, { levels: [0.6826894921370859, 0.9544997361036416] });
    const boot = await fb.bootstrap(problem, fit, { resamples: 200, seed: 3 });
    const offset = await fb.curveFit(
      { ...problem, model: 'a*exp(-k*x) + c', p0: { a: 1, k: 1, c: 0 } },
      { backend: 'cpu' },
    );
    const comparison = fb.compareFits([fit, offset], { nested: true });
    const fr = await fb.curveFit(
      {
        model: 'a + (2 - x)*(((5 - b)*b - 2)*b) + (x - 1)*(((b + 1)*b - 14)*b)',
        x: [1, 2],
        y: [13, 29],
        p0: { a: 5, b: -20 },
      },
      { multistart: { starts: 128 } },
    );
    return {
      k: fit.params.k,
      kProfile: profile.params.k.intervals,
      kBoot: boot.params.k.percentile,
      samples: boot.samples.k.length,
      pValue: comparison.nestedTests[0].pValue,
      frChi: fr.chiSquare,
      frStarts: fr.multistart?.starts,
      batchJobs: fb.service.jobs().filter((j) => j.kind === 'batch' && j.status === 'converged').length,
    };
  });
  expect(out.kProfile[0].lower as number).toBeLessThan(out.k);
  expect(out.kProfile[0].upper as number).toBeGreaterThan(out.k);
  expect(out.kProfile[1].upper as number).toBeGreaterThan(out.kProfile[0].upper as number);
  expect(out.kBoot[0]).toBeLessThan(out.k);
  expect(out.kBoot[1]).toBeGreaterThan(out.k);
  expect(out.samples).toBe(200);
  expect(out.pValue).toBeGreaterThan(0);
  expect(out.frChi).toBeLessThan(1e-12);
  expect(out.frStarts).toBe(128);
  expect(out.batchJobs).toBeGreaterThan(2);
  expect(errors).toEqual([]);
});

test('a bootstrap on the webgpu backend refits its resamples on the GPU and agrees with the CPU one', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  await page.waitForFunction(() => 'fitbench' in window);
  const out = await page.evaluate(async () => {
    type Boot = { backend: string; failed: number; params: Record<string, { percentile: [number, number] }> };
    type Api = {
      curveFit(p: unknown, o?: unknown): Promise<{ stdErrors: Record<string, number> }>;
      bootstrap(p: unknown, r: unknown, o?: unknown): Promise<Boot>;
    };
    const fb = (window as unknown as { fitbench: Api }).fitbench;
    const x = Array.from({ length: 256 }, (_, i) => -5 + (10 * i) / 255);
    const y = x.map((v, i) => 3 * Math.exp(-((v - 0.2) ** 2) / 2.42) + 0.5 + 0.05 * Math.sin(13 * i));
    const problem = { model: 'a*exp(-(x-mu)^2/(2*s^2)) + c', x, y, p0: { a: 2.5, mu: 0, s: 1.4, c: 0.3 } };
    const fit = await fb.curveFit(problem, { backend: 'cpu' });
    const cpu = await fb.bootstrap(problem, fit, { resamples: 300, seed: 5, fitOptions: { backend: 'cpu' } });
    const gpu = await fb.bootstrap(problem, fit, { resamples: 300, seed: 5, fitOptions: { backend: 'webgpu' } });
    return { cpu, gpu, se: fit.stdErrors };
  });
  expect(out.cpu.backend).toBe('cpu');
  expect(out.gpu.backend).toBe('webgpu');
  expect(out.gpu.failed).toBe(0);
  for (const name of Object.keys(out.cpu.params)) {
    for (const k of [0, 1])
      expect(Math.abs(out.gpu.params[name].percentile[k] - out.cpu.params[name].percentile[k])).toBeLessThan(
        0.05 * out.se[name],
      );
  }
  expect(errors).toEqual([]);
});
