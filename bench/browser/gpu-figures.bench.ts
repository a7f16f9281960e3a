import { test } from '@playwright/test';
import type { GpuHarness } from '../../src/test-support/harness/gpu-harness';

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
    // Issue 5's batch shapes (the CPU check on a sample only: it is the GPU figure that is asked).
    const b10k = await h.fitBatch({ model: 'gauss4', curves: 10_000, n: 100, cpuCheck: 10 });
    const b100k = await h.fitBatch({ model: 'gauss4', curves: 100_000, n: 128, cpuCheck: 10 });
    return {
      adapter: adapter.statusLine,
      single,
      batch: { curves: 1000, n: 128, gpuMs: batch.gpuMs, cpuMs: batch.cpuMs },
      batch10000x100: { gpuMs: b10k.gpuMs, fitsPerSecond: 10_000 / (b10k.gpuMs / 1000) },
      batch100000x128: { gpuMs: b100k.gpuMs, fitsPerSecond: 100_000 / (b100k.gpuMs / 1000) },
    };
  });
  console.log(JSON.stringify(figures));
  await test
    .info()
    .attach('gpu-figures.json', { body: JSON.stringify(figures, null, 1), contentType: 'application/json' });
});
