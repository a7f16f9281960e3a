import { test } from '@playwright/test';
import type { GpuHarness } from '../../src/gpu/harness/gpu-harness';

// Figures, not assertions: CPU f64 vs GPU fit wall times by size (the `auto` threshold) and a
// batch timing, in headless Chromium's software WebGPU (`npm run bench -- --browser`).

declare global {
  interface Window {
    gpuHarness: GpuHarness;
  }
}

test('GPU vs CPU timings in headless Chromium', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('/harness.html');
  await page.waitForFunction(() => Boolean(window.gpuHarness));
  const figures = await page.evaluate(async () => {
    const h = window.gpuHarness;
    const adapter = await h.adapterInfo();
    const single = await h.timeBackends({ model: 'gauss4', sizes: [1_000, 10_000, 100_000, 300_000, 1_000_000] });
    const batch = await h.fitBatch({ model: 'gauss4', curves: 1000, n: 128, cpuCheck: 1000 });
    return { adapter: adapter.statusLine, single, batch: { curves: 1000, n: 128, gpuMs: batch.gpuMs, cpuMs: batch.cpuMs } };
  });
  console.log(JSON.stringify(figures));
  await test.info().attach('gpu-figures.json', { body: JSON.stringify(figures, null, 1), contentType: 'application/json' });
});
