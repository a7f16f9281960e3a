import { expect, test, type Page } from '@playwright/test';
import type { GpuHarness } from '../src/test-support/harness/gpu-harness';

// Conformance (the tfjs pattern): the GPU evaluator's cost, gradient Jᵀr and JᵀJ against the
// CPU f64 evaluator on every model of issue 5, within f32 tolerances.

declare global {
  interface Window {
    gpuHarness: GpuHarness;
  }
}

async function openHarness(page: Page): Promise<void> {
  await page.goto('/harness.html');
  await page.waitForFunction(() => Boolean(window.gpuHarness));
}

type NE = Awaited<ReturnType<GpuHarness['evalNormalEquations']>>;

/** Relative error of each quantity against its natural f64 scale. */
function compare(r: NE): { cost: number; costOnly: number; jtj: number; jtr: number } {
  const n = r.paramNames.length;
  const { gpu, cpu } = r;
  let jtj = 0;
  let jtr = 0;
  for (let a = 0; a < n; a++) {
    const scaleG = Math.sqrt(cpu.jtj[a * n + a] * 2 * cpu.cost);
    jtr = Math.max(jtr, Math.abs(gpu.jtr[a] - cpu.jtr[a]) / scaleG);
    for (let b = 0; b < n; b++) {
      const scale = Math.sqrt(cpu.jtj[a * n + a] * cpu.jtj[b * n + b]);
      jtj = Math.max(jtj, Math.abs(gpu.jtj[a * n + b] - cpu.jtj[a * n + b]) / scale);
    }
  }
  return {
    cost: Math.abs(gpu.cost - cpu.cost) / cpu.cost,
    costOnly: Math.abs(gpu.costOnly - cpu.cost) / cpu.cost,
    jtj,
    jtr,
  };
}

test.beforeEach(async ({ page }) => openHarness(page));

test('a WebGPU adapter is available and described', async ({ page }) => {
  const info = await page.evaluate(() => window.gpuHarness.adapterInfo());
  expect(info.statusLine.length).toBeGreaterThan(0);
  expect(info.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
});

for (const model of ['gauss4', 'expDecay', 'fourPL', 'threePeaks']) {
  test(`normal equations match the CPU f64 evaluator: ${model}`, async ({ page }) => {
    const r = await page.evaluate((m) => window.gpuHarness.evalNormalEquations({ model: m, n: 20_000 }), model);
    const e = compare(r);
    expect(e.cost).toBeLessThan(1e-4);
    expect(e.costOnly).toBeLessThan(1e-4);
    expect(e.jtj).toBeLessThan(1e-4);
    expect(e.jtr).toBeLessThan(1e-4);
  });
}

for (const loss of ['soft_l1', 'huber', 'cauchy', 'arctan'] as const) {
  test(`robust loss ${loss} matches the CPU (gauss4, fScale 0.08)`, async ({ page }) => {
    const r = await page.evaluate(
      (l) =>
        window.gpuHarness.evalNormalEquations({ model: 'gauss4', n: 10_000, loss: l, fScale: 0.08, withSigma: false }),
      loss,
    );
    const e = compare(r);
    expect(e.cost).toBeLessThan(1e-4);
    expect(e.jtj).toBeLessThan(1e-4);
    expect(e.jtr).toBeLessThan(1e-4);
  });
}

test('CPU-side reduction of the partials and chunked data give the same sums', async ({ page }) => {
  const r = await page.evaluate(() =>
    Promise.all([
      window.gpuHarness.evalNormalEquations({ model: 'gauss4', n: 50_000, reduction: 'cpu' }),
      window.gpuHarness.evalNormalEquations({ model: 'gauss4', n: 50_000, maxChunkPoints: 8192 }),
    ]),
  );
  for (const one of r) {
    const e = compare(one);
    expect(e.cost).toBeLessThan(1e-4);
    expect(e.jtj).toBeLessThan(1e-4);
    expect(e.jtr).toBeLessThan(1e-4);
  }
});

test('bad input gets a FitbenchError code, not a crash', async ({ page }) => {
  const codes = await page.evaluate(async () => {
    const h = window.gpuHarness;
    return [
      await h.badInput('nan'),
      await h.badInput('length'),
      await h.badInput('sigma'),
      await h.badInput('loss'),
    ].map((e) => e?.code);
  });
  expect(codes).toEqual(['DATA_NONFINITE', 'DATA_LENGTH_MISMATCH', 'SIGMA_INVALID', 'OPTIONS_INVALID']);
});
