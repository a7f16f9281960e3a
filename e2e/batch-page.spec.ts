import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors } from './console-guard';
import { decayCsv, decayNpy } from './fixtures/decay-curves';

// The batch page: a 20,000-curve file fitted on the CPU workers through the runtime, with a
// progress bar and cancel; a sortable, paged table; histograms; CSV and Arrow exports; a
// parameter map for curves with grid coordinates; a small WebGPU batch on the software adapter.

test.use({ trace: 'off' });

async function status(page: Page): Promise<string> {
  return (await page.getByTestId('batch-status').textContent()) ?? '';
}

test('20,000 curves: cancel mid-run, then fit all; table, histograms and exports', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/?backend=cpu#/batch');
  await page.evaluate(() => {
    (window as unknown as { __longest: number }).__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        (window as unknown as { __longest: number }).__longest = Math.max(
          (window as unknown as { __longest: number }).__longest,
          e.duration,
        );
    }).observe({ type: 'longtask' });
  });
  await page.getByTestId('batch-layout').selectOption('rows');
  // From a file on disk: a buffer would be built inside the page by Playwright, a long task of its own.
  const path = test.info().outputPath('decays.csv');
  writeFileSync(path, decayCsv(20_000, 7));
  await page.getByTestId('batch-file-input').setInputFiles(path);
  await expect(page.getByTestId('batch-file-info')).toContainText('20,000 curves × 16 points');
  await page.getByTestId('batch-model').fill('a*exp(-x/t)');
  await page.getByTestId('batch-p0').fill('a=1, t=1');

  // Cancel once some chunks are in: fitted curves keep their results, the rest are not fitted.
  // On the software WebGPU adapter a chunk takes long enough that the cancel lands mid-run.
  await page.getByTestId('batch-backend').selectOption('webgpu');
  await page.getByTestId('batch-fit-button').click();
  await expect(page.getByTestId('batch-status')).toContainText(/running: [1-9][\d,]*\/20,000 curves/);
  await page.getByTestId('batch-cancel-button').click();
  await expect(page.getByTestId('batch-status')).toContainText('cancelled:');
  expect(await status(page)).toMatch(/not-fitted/);
  await expect(page.getByTestId('batch-fit-button')).toBeEnabled();

  await page.getByTestId('batch-backend').selectOption('cpu');
  await page.getByTestId('batch-fit-button').click();
  await expect(page.getByTestId('batch-status')).toContainText(/^done: 20,000 converged/, { timeout: 120_000 });
  await expect(page.getByTestId('batch-status')).toContainText('on cpu');
  const longest = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
  test
    .info()
    .annotations.push({ type: 'longest main-thread task during load and fits (ms)', description: String(longest) });

  // Histograms of both parameters, a paged table sorted by t.
  await expect(page.getByTestId('batch-histogram-a')).toBeVisible();
  await expect(page.getByTestId('batch-histogram-t')).toBeVisible();
  await expect(page.getByTestId('batch-page-info')).toHaveText('1–50 of 20,000');
  await expect(page.getByTestId('batch-row')).toHaveCount(50);
  await page.getByTestId('batch-sort-t').click();
  await expect(page.getByTestId('batch-results-table').locator('th[aria-sort="ascending"]')).toHaveCount(1);
  const ts = (await page.getByTestId('batch-cell-t').allTextContents()).map(Number);
  expect(ts).toEqual([...ts].sort((p, q) => p - q));
  await page.getByTestId('batch-sort-t').click();
  await expect(page.getByTestId('batch-results-table').locator('th[aria-sort="descending"]')).toHaveCount(1);
  const desc = (await page.getByTestId('batch-cell-t').allTextContents()).map(Number);
  expect(desc[0]).toBeGreaterThanOrEqual(ts[ts.length - 1]);
  await page.getByTestId('batch-page-next').click();
  await expect(page.getByTestId('batch-page-info')).toHaveText('51–100 of 20,000');

  // Exports: CSV with a row per curve, Arrow IPC starting with its magic bytes.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('batch-export-csv').click()]);
  const csvText = readFileSync((await csv.path()) as string, 'utf8')
    .trim()
    .split('\n');
  expect(csvText[0]).toBe(
    'curve,label,a,t,stderr_a,stderr_t,cost,converged,iterations,at_bound,not_identifiable,refitted_f64,status',
  );
  expect(csvText.length).toBe(20_001);
  expect(csv.suggestedFilename()).toBe('decays-results.csv');
  const [arrow] = await Promise.all([page.waitForEvent('download'), page.getByTestId('batch-export-arrow').click()]);
  const bytes = readFileSync((await arrow.path()) as string);
  expect(bytes.subarray(0, 6).toString('latin1')).toBe('ARROW1');
  expect(errors).toEqual([]);
});

test('an image of curves (.npy rows × cols × points) gets a parameter map', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/?backend=cpu#/batch');
  await page
    .getByTestId('batch-file-input')
    .setInputFiles({ name: 'image.npy', mimeType: 'application/octet-stream', buffer: decayNpy(12, 20) });
  await expect(page.getByTestId('batch-file-info')).toContainText(
    '240 curves × 16 points (float32, with grid coordinates)',
  );
  await page.getByTestId('batch-fit-button').click();
  await expect(page.getByTestId('batch-status')).toContainText(/^done: 240 converged/);
  const map = page.getByTestId('batch-param-map');
  await expect(map).toBeVisible();
  expect(await map.getAttribute('width')).toBe('20');
  expect(await map.getAttribute('height')).toBe('12');
  await expect(map).toHaveAttribute('data-param', 'a');
  await page.getByTestId('batch-map-param').selectOption('t');
  await expect(map).toHaveAttribute('data-param', 't');
  expect(errors).toEqual([]);
});

test('a file that is not a batch says why, and nothing can be fitted', async ({ page }) => {
  await page.goto('/?backend=cpu#/batch');
  await page
    .getByTestId('batch-file-input')
    .setInputFiles({ name: 'broken.npy', mimeType: 'application/octet-stream', buffer: Buffer.from('not numpy') });
  await expect(page.getByTestId('batch-read-error')).toContainText('.npy file');
  await expect(page.getByTestId('batch-fit-button')).toBeDisabled();
});

test('a small batch on WebGPU (software adapter): every curve checked in float64 and converged', async ({ page }) => {
  await page.goto('/?backend=webgpu#/batch');
  await page.getByTestId('batch-layout').selectOption('rows');
  await page
    .getByTestId('batch-file-input')
    .setInputFiles({ name: 'small.csv', mimeType: 'text/csv', buffer: Buffer.from(decayCsv(64, 7)) });
  await page.getByTestId('batch-fit-button').click();
  await expect(page.getByTestId('batch-status')).toContainText(/^done: 64 converged/, { timeout: 90_000 });
  await expect(page.getByTestId('batch-status')).toContainText('on webgpu');
  // The GPU chunks' per-curve diagnostics reach the table and the export.
  await expect(page.getByTestId('batch-cell-flags')).toHaveCount(50);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('batch-export-csv').click()]);
  const lines = readFileSync((await csv.path()) as string, 'utf8')
    .trim()
    .split('\n');
  expect(lines[0]).toMatch(/,iterations,at_bound,not_identifiable,refitted_f64,status$/);
  expect(lines).toHaveLength(65);
  for (const line of lines.slice(1)) expect(line).toMatch(/,[01],[01],[01],converged$/);
});
