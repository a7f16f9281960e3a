import { writeFileSync } from 'node:fs';
import { test } from '@playwright/test';
import { decayCsv } from '../../e2e/fixtures/decay-curves';

/**
 * Figures, not assertions: main-thread long tasks of the page load that follows a tab left
 * in the middle of a 100,000-curve batch (issue 14). The batch's chunks in flight stay in
 * IndexedDB as unfinished jobs; the next page marks them interrupted and lists them for the
 * resume offer. Before job data was stored apart from job metadata, that scan structured-
 * cloned every chunk's curves on the main thread. Measured from navigation start until the
 * offer is shown, plus a second of settling.
 */

const CURVES = 100_000;

type Probe = { __longTasks: number[]; __scripts: string[] };

test('page load after leaving a 100,000-curve batch: main-thread long tasks', async ({ page }) => {
  test.setTimeout(600_000);
  await page.addInitScript(() => {
    const w = window as unknown as Probe;
    w.__longTasks = [];
    w.__scripts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask', buffered: true });
    try {
      // What ran in the long frames: parsing the bundle, an IndexedDB callback, a render.
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          const loaf = e as PerformanceEntry & { scripts: { invoker: string; sourceURL: string; duration: number }[] };
          for (const sc of loaf.scripts.filter((x) => x.duration >= 20))
            w.__scripts.push(`${Math.round(sc.duration)} ms ${sc.invoker.split('/').pop()}`);
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    } catch {
      // Long animation frames are newer than long tasks: the tasks still count.
    }
  });
  const csv = test.info().outputPath('decays-100k.csv');
  writeFileSync(csv, decayCsv(CURVES));
  await page.goto('/?backend=cpu#/batch');
  await page.getByTestId('batch-layout').selectOption('rows');
  await page.getByTestId('batch-file-input').setInputFiles(csv);
  await page
    .getByTestId('batch-file-info')
    .getByText(/100,000 curves/)
    .waitFor({ timeout: 120_000 });
  await page.getByTestId('batch-model').fill('a*exp(-x/t)');
  await page.getByTestId('batch-p0').fill('a=1, t=1');
  await page.getByTestId('batch-fit-button').click();
  // Some chunks done, others queued and running: what a tab closed mid-batch leaves behind.
  await page
    .getByTestId('batch-status')
    .getByText(/running: [1-9]/)
    .waitFor({ timeout: 300_000 });
  await page.waitForTimeout(1000);

  const samples: {
    offers: number;
    longTasks: number[];
    longestMs: number;
    loadToOfferMs: number;
    scripts: string[];
  }[] = [];
  for (let i = 0; i < 3; i++) {
    await page.goto('about:blank');
    const t0 = Date.now();
    await page.goto('/?backend=cpu');
    await page.getByTestId('resume-banner').waitFor({ timeout: 60_000 });
    const loadToOfferMs = Date.now() - t0;
    await page.waitForTimeout(1000);
    const { longTasks, scripts } = await page.evaluate(() => {
      const w = window as unknown as Probe;
      return { longTasks: w.__longTasks, scripts: w.__scripts };
    });
    const offers = await page.locator('[data-testid^="resume-offer-"]').count();
    samples.push({ offers, longTasks, longestMs: Math.max(0, ...longTasks), loadToOfferMs, scripts });
  }
  const figures = { note: 'longtask durations in ms; shared 2-core machine, noisy', samples };
  console.log(JSON.stringify(figures));
  await test
    .info()
    .attach('reload-after-batch.json', { body: JSON.stringify(figures, null, 1), contentType: 'application/json' });
});
