import { expect, test } from '@playwright/test';
import type { GpuHarness } from '../src/test-support/harness/gpu-harness';

// Single fits on the GPU agree with the CPU f64 fit within 1% of each parameter's standard
// error (DESIGN.md's rule), from 1e3 to 1e5 points on every model and once at 1e6.

declare global {
  interface Window {
    gpuHarness: GpuHarness;
  }
}

type Fit = Awaited<ReturnType<GpuHarness['fitSingle']>>;

function worstInStdErrors(r: Fit): number {
  let worst = 0;
  for (const [name, v] of Object.entries(r.cpu!.params)) {
    worst = Math.max(worst, Math.abs(r.gpu.params[name] - v) / r.cpu!.stdErrors[name]);
  }
  return worst;
}

test.beforeEach(async ({ page }) => {
  await page.goto('/harness.html');
  await page.waitForFunction(() => Boolean(window.gpuHarness));
});

const CASES: [string, number][] = [
  ['gauss4', 1_000],
  ['gauss4', 100_000],
  ['expDecay', 10_000],
  ['fourPL', 10_000],
  ['threePeaks', 20_000],
];

for (const [model, n] of CASES) {
  test(`${model} at ${n} points: GPU fit within 1% of a standard error of the CPU f64 fit`, async ({ page }) => {
    const r = await page.evaluate(
      ([m, size]) => window.gpuHarness.fitSingle({ model: m as string, n: size as number }),
      [model, n],
    );
    expect(r.gpu.converged).toBe(true);
    expect(r.gpu.backend).toBe('webgpu');
    expect(worstInStdErrors(r)).toBeLessThan(0.01);
    for (const [name, se] of Object.entries(r.cpu!.stdErrors)) {
      expect(Math.abs(r.gpu.stdErrors[name] - se) / se).toBeLessThan(0.01);
    }
  });
}

test('gauss4 at 1e6 points, once', async ({ page }) => {
  test.setTimeout(240_000);
  const r = await page.evaluate(() => window.gpuHarness.fitSingle({ model: 'gauss4', n: 1_000_000 }));
  expect(r.gpu.converged).toBe(true);
  expect(worstInStdErrors(r)).toBeLessThan(0.01);
});

test('f64Finish "always" finishes on the CPU and still agrees', async ({ page }) => {
  const r = await page.evaluate(() =>
    window.gpuHarness.fitSingle({ model: 'expDecay', n: 5_000, f64Finish: 'always' }),
  );
  expect(r.gpu.finishedOnCpu).toBe(true);
  expect(worstInStdErrors(r)).toBeLessThan(1e-3);
});
