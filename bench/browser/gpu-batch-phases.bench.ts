import { test } from '@playwright/test';
import type { GpuHarness } from '../../src/test-support/harness/gpu-harness';

// Figures, not assertions: where a GPU batch spends its time (pack, upload, compute wait,
// readback, float64 check) in one chunk and in double-buffered chunks, from float64 and from
// float32 curves, on Chromium's WebGPU adapter (SwiftShader here: compute dominates; the
// host-side phases are the ones comparable with a real GPU machine).

declare global {
  interface Window {
    gpuHarness: GpuHarness;
  }
}

test('GPU batch phase timings, 20,000 gauss4 curves × 128 points', async ({ page }) => {
  test.setTimeout(900_000);
  await page.goto('/harness.html');
  await page.waitForFunction(() => Boolean(window.gpuHarness));
  const figures = await page.evaluate(async () => {
    const h = window.gpuHarness;
    const adapter = await h.adapterInfo();
    const r = await h.compareChunking({ model: 'gauss4', curves: 20_000, n: 128, chunkCurves: 4096 });
    return { adapter: adapter.statusLine, ...r };
  });
  console.log(JSON.stringify(figures, null, 1));
  await test
    .info()
    .attach('gpu-batch-phases.json', { body: JSON.stringify(figures, null, 1), contentType: 'application/json' });
});
