import { expect, test } from '@playwright/test';
import type { GpuHarness } from '../src/test-support/harness/gpu-harness';

// Batch fits with the whole LM on the GPU agree curve by curve with CPU f64 fits.

declare global {
  interface Window {
    gpuHarness: GpuHarness;
  }
}

type Batch = Awaited<ReturnType<GpuHarness['fitBatch']>>;

function check(r: Batch, tolStdErrors: number): void {
  const np = r.paramNames.length;
  r.cpu.forEach((c, k) => {
    expect(r.gpu.converged[k], `curve ${k} converged`).toBe(1);
    for (let j = 0; j < np; j++) {
      const diff = Math.abs(r.gpu.params[k * np + j] - c.params[j]) / c.stdErrors[j];
      expect(diff, `curve ${k} ${r.paramNames[j]}`).toBeLessThan(tolStdErrors);
      expect(
        Math.abs(r.gpu.stdErrors[k * np + j] - c.stdErrors[j]) / c.stdErrors[j],
        `curve ${k} se ${r.paramNames[j]}`,
      ).toBeLessThan(0.02);
    }
  });
}

test.beforeEach(async ({ page }) => {
  await page.goto('/harness.html');
  await page.waitForFunction(() => Boolean(window.gpuHarness));
});

test('300 gauss4 curves × 128 points, shared x', async ({ page }) => {
  const r = await page.evaluate(() => window.gpuHarness.fitBatch({ model: 'gauss4', curves: 300, n: 128 }));
  expect(r.gpu.params.length).toBe(300 * 4);
  check(r, 0.02);
});

test('100 exponential decays × 64 points, per-curve x', async ({ page }) => {
  const r = await page.evaluate(() =>
    window.gpuHarness.fitBatch({ model: 'expDecay', curves: 100, n: 64, perCurveX: true }),
  );
  check(r, 0.02);
});

test('50 4PL curves × 96 points', async ({ page }) => {
  const r = await page.evaluate(() => window.gpuHarness.fitBatch({ model: 'fourPL', curves: 50, n: 96 }));
  check(r, 0.02);
});

test('chunked, double-buffered packing gives the one-chunk results bitwise; float32 input equals float64', async ({
  page,
}) => {
  for (const perCurveX of [false, true]) {
    const r = await page.evaluate(
      (perCurveX) =>
        window.gpuHarness.compareChunking({ model: 'gauss4', curves: 700, n: 64, chunkCurves: 128, perCurveX }),
      perCurveX,
    );
    expect(r.chunks).toEqual([1, 6, 6]);
    expect(r.chunkedVsWhole, `perCurveX ${perCurveX}`).toEqual([]);
    expect(r.float32VsFloat64, `perCurveX ${perCurveX}`).toEqual([]);
    expect(r.converged).toBe(700);
    for (const t of [r.timings.whole, r.timings.chunked, r.timings.float32])
      for (const phase of ['packMs', 'uploadMs', 'computeWaitMs', 'readbackMs', 'checkF64Ms', 'totalMs'] as const)
        expect(t[phase], phase).toBeGreaterThanOrEqual(0);
  }
});
