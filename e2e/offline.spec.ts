/**
 * Offline first (issue 10): after one online visit the service worker has the whole build,
 * so with the network gone (context offline and the server closed) a reload loads the
 * workbench, fits run on the CPU and on WebGPU, and a checkpointed fit resumes after a
 * reload. A worker script that cannot be loaded offline is WORKER_LOAD_FAILED, not a crash:
 * not retried, and neither health nor the error budget counts it. The build precaches every
 * file the app can ask for, and Chromium finds the app installable.
 */
import { expectNotebookRanClean, NOTEBOOKS } from './notebook-helpers';
import { expect, test } from '@playwright/test';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { collectConsoleErrors } from './console-guard';
import {
  buildFiles,
  copyOfBuild,
  newestJobError,
  openDemoAt,
  precachedUrls,
  serviceCounters,
  startServer,
  waitForServiceWorker,
  DIST,
} from './offline-helpers';
import {
  FAR_START,
  applySettings,
  curveFitInPage,
  newestJob,
  openServicePage,
  openWorkbench,
  setStart,
  waitConverged,
} from './workbench-helpers';

/** What the browser may request: everything but source maps and fonts it never picks (woff, ttf). */
const NEEDED = /\.(html|js|mjs|css|svg|png|ico|webmanifest|woff2|wasm|json|md|csv)$/;

test('the service worker precaches every file of the build the app can request, workers and lazy chunks included', () => {
  const urls = new Set(precachedUrls());
  // sw.js and the Workbox runtime it imports are the service worker itself, stored with its registration.
  const files = buildFiles().filter(
    (f) => NEEDED.test(f.path) && f.path !== 'sw.js' && !/^workbox-[^/]+\.js$/.test(f.path) && !f.path.endsWith('.map'),
  );
  expect(
    files.some((f) => /^assets\/fit\.worker-.*\.js$/.test(f.path)),
    'the fit worker is a file of its own',
  ).toBe(true);
  expect(files.some((f) => /^assets\/gpu-probe\.worker-.*\.js$/.test(f.path))).toBe(true);
  const missing = files.filter((f) => !urls.has(f.path)).map((f) => `${f.path} (${f.size} bytes)`);
  expect(missing, 'files the service worker would not have offline').toEqual([]);
  for (const icon of ['icons/icon-192.png', 'icons/icon-512.png', 'icons/icon-maskable-512.png', 'index.html'])
    expect(urls.has(icon), icon).toBe(true);
});

test('after one online visit: offline reload, CPU and WebGPU fits, checkpoint and resume, all without a network', async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(240_000);
  const server = await startServer(DIST);
  try {
    await openDemoAt(page, server.url, 'demo=gaussian');
    await waitForServiceWorker(page);
    await expect(page.getByTestId('offline-indicator')).toHaveCount(0);

    // No network at all from here: the browser is offline and the server is gone.
    await context.setOffline(true);
    await server.close();
    const errors = collectConsoleErrors(page);
    await page.reload();
    await expect(page.getByTestId('offline-indicator')).toBeVisible();
    await expect(page.getByTestId('data-summary')).toBeVisible();
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready');

    // A fit on the CPU through the workbench.
    await openDemoAt(page, server.url, 'demo=gaussian&backend=cpu');
    await page.getByTestId('fit-button').click();
    await waitConverged(page);
    await expect(page.getByTestId('backend-indicator')).toHaveText('cpu');
    await page.screenshot({ path: testInfo.outputPath('offline-cpu-fit.png'), fullPage: true });

    // A fit on WebGPU, in the workbench and through window.fitbench. Bounds send a fit to the
    // CPU's trust-region method, so the demo's bounds are cleared for the GPU's LM.
    await openDemoAt(page, server.url, 'demo=gaussian&backend=webgpu');
    for (const name of ['a', 'mu', 's', 'c'])
      for (const side of ['min', 'max']) {
        const field = page.getByTestId(`param-${side}-${name}`);
        if ((await field.count()) > 0) await field.fill('');
      }
    await page.getByTestId('fit-button').click();
    await waitConverged(page);
    await expect(page.getByTestId('backend-indicator')).toHaveText('webgpu');
    const x = Array.from({ length: 400 }, (_, i) => i / 40);
    const y = x.map((v) => 3 * Math.exp(-v / 2.5) + 0.4 + 0.01 * Math.sin(7 * v));
    const gpu = await curveFitInPage(
      page,
      { model: 'a*exp(-x/t) + c', x, y, p0: { a: 1, t: 1, c: 0 } },
      { backend: 'webgpu' },
    );
    expect(gpu.backend).toBe('webgpu');
    expect(gpu.converged).toBe(true);
    expect(gpu.params.t).toBeCloseTo(2.5, 1);

    // A slowed fit checkpoints, the page reloads mid-fit (offline), and the fit resumes.
    await openDemoAt(page, server.url, 'demo=gaussian&chaos=iterationDelayMs:400');
    await applySettings(page, { checkpoint: { everyIterations: 2 } });
    await setStart(page, FAR_START);
    await page.getByTestId('fit-button').click();
    await expect
      .poll(
        async () => {
          const j = await newestJob(page);
          return j.status !== 'running' || (j.lastCheckpointIteration ?? 0) >= 2;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    const before = await newestJob(page);
    expect(before.status, 'a checkpoint was written while the fit ran').toBe('running');
    await page.reload();
    await expect(page.getByTestId('resume-button')).toBeVisible();
    await page.getByTestId('resume-button').click();
    await waitConverged(page);
    const resumed = await newestJob(page);
    expect(resumed.id).toBe(before.id);
    expect(resumed.resumedFromIteration).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('health-state')).toHaveText('Healthy');
    await page.screenshot({ path: testInfo.outputPath('offline-resumed.png'), fullPage: true });
    expect(errors).toEqual([]);
  } finally {
    await context.setOffline(false);
    await server.close();
  }
});

test('every notebook runs all offline: no cell in error, every stated figure holds', async ({ page, context }) => {
  test.setTimeout(600_000);
  const server = await startServer(DIST);
  try {
    await page.goto(`${server.url}/`);
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await server.close();
    for (const [i, meta] of NOTEBOOKS.entries()) {
      // A fresh document per notebook (the query string makes it a navigation the service worker answers).
      await page.goto(`${server.url}/?offline-run=${i}#/notebooks/${meta.id}`);
      await expect(page.getByTestId('notebook-run-all')).toBeEnabled();
      await page.getByTestId('notebook-run-all').click();
      await expectNotebookRanClean(page);
    }
  } finally {
    await context.setOffline(false);
    await server.close();
  }
});

test.describe('without a service worker', () => {
  test.use({ serviceWorkers: 'block' });

  test('a fit whose worker cannot load offline fails as WORKER_LOAD_FAILED: no retry, no budget burnt, still Healthy', async ({
    page,
    context,
  }, testInfo) => {
    const server = await startServer(DIST);
    try {
      await openDemoAt(page, server.url, 'demo=gaussian');
      // Without a service worker nothing loads offline: the dashboard's code is loaded first.
      await openServicePage(page);
      await openWorkbench(page);
      await context.setOffline(true);
      await expect(page.getByTestId('offline-indicator')).toBeVisible();
      for (let i = 0; i < 3; i++) {
        await page.getByTestId('fit-button').click();
        const status = page.getByTestId('fit-status');
        await expect(status).toHaveAttribute('data-state', 'failed');
        await expect(status).toContainText('offline');
        await expect(status).not.toContainText(/crash|retries/);
        const job = await newestJobError(page);
        expect(job.code).toBe('WORKER_LOAD_FAILED');
      }
      const counters = await serviceCounters(page);
      expect(counters).toEqual({ health: 'Healthy', budgetJobs: 0, remaining: 1, retries: 0 });
      await expect(page.getByTestId('health-state')).toHaveText('Healthy');
      await page.screenshot({ path: testInfo.outputPath('offline-worker-load-failed.png'), fullPage: true });
      await openServicePage(page);
      await expect(page.getByTestId('log-viewer')).toContainText('WORKER_LOAD_FAILED');
      await expect(page.getByTestId('log-viewer')).not.toContainText('WORKER_CRASH');
      await openWorkbench(page);

      // Back online, the next fit loads its worker and converges: nothing to reset.
      await context.setOffline(false);
      await expect(page.getByTestId('offline-indicator')).toHaveCount(0);
      await page.getByTestId('fit-button').click();
      await waitConverged(page);
      expect((await serviceCounters(page)).budgetJobs).toBe(1);
    } finally {
      await context.setOffline(false);
      await server.close();
    }
  });

  test('a fit worker missing on the server (a newer deployment) is WORKER_LOAD_FAILED saying to reload, not retried', async ({
    page,
  }) => {
    const build = copyOfBuild();
    const worker = readdirSync(join(build.dir, 'assets')).find((f) => /^fit\.worker-.*\.js$/.test(f));
    expect(worker).toBeTruthy();
    rmSync(join(build.dir, 'assets', worker as string));
    const server = await startServer(build.dir);
    try {
      await openDemoAt(page, server.url, 'demo=gaussian');
      await page.getByTestId('fit-button').click();
      const status = page.getByTestId('fit-status');
      await expect(status).toHaveAttribute('data-state', 'failed');
      await expect(status).toContainText('404');
      await expect(status).toContainText('Reload the page');
      const job = await newestJobError(page);
      expect(job.code).toBe('WORKER_LOAD_FAILED');
      // Online, a missing script is the service's fault (counted) but retrying cannot fix it.
      expect(await serviceCounters(page)).toMatchObject({ budgetJobs: 1, retries: 0 });
    } finally {
      await server.close();
      build.remove();
    }
  });
});
