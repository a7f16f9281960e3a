import { expect, test } from '@playwright/test';
import type { GpuHarness } from '../src/test-support/harness/gpu-harness';

// A device lost mid-fit (the loseDeviceAtIteration chaos switch) surfaces as the transient
// GPU_DEVICE_LOST error, notifies the listeners, and a re-acquired device fits correctly.

declare global {
  interface Window {
    gpuHarness: GpuHarness;
  }
}

test('a lost device recovers', async ({ page }) => {
  await page.goto('/harness.html');
  await page.waitForFunction(() => Boolean(window.gpuHarness));
  const r = await page.evaluate(() =>
    window.gpuHarness.loseDeviceAndRecover({ model: 'gauss4', n: 20_000, atIteration: 2 }),
  );
  expect(r.failure?.code).toBe('GPU_DEVICE_LOST');
  expect(r.notified).toBe(1);
  expect(r.lostFlag).toBe(true);
  expect(r.lostAfter).toBe(false);
  expect(r.generation).toBe(2);
  expect(r.recovered.converged).toBe(true);
  for (const [name, v] of Object.entries(r.cpu.params)) {
    expect(Math.abs(r.recovered.params[name] - v) / r.cpu.stdErrors[name]).toBeLessThan(0.01);
  }
});
