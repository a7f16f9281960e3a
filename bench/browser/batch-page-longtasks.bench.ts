import { writeFileSync } from 'node:fs';
import { test, type Page } from '@playwright/test';
import { decayCsv, decayNpy } from '../../e2e/fixtures/decay-curves';

/**
 * Figures, not assertions: main-thread long tasks (PerformanceObserver 'longtask', and
 * 'long-animation-frame' for the scripts behind them) on the batch page with 100,000
 * curves, phase by phase: reading the file, fitting on the CPU workers, showing the
 * results, sorting, paging, switching the map's parameter, exporting CSV and Arrow. Two
 * files: a CSV of one curve per row (labels, no grid) and a float32 .npy image of
 * 250 × 400 pixels (grid coordinates: the parameter map). The bar: no task over 50 ms.
 * FITBENCH_CPU_THROTTLE=4 slows the page's main thread fourfold (CDP), as a loaded machine
 * would: tasks that pass on an idle machine show up there, and figures vary less with load.
 */

const CURVES = 100_000;

interface Entry {
  phase: string;
  kind: 'longtask' | 'loaf';
  start: number;
  duration: number;
  scripts?: string[];
}

type Probe = { __phase: string; __entries: Entry[] };

/** Records long tasks and long animation frames (with their scripts) under the current phase label. */
async function installProbe(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as Probe;
    w.__phase = 'start';
    w.__entries = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        w.__entries.push({ phase: w.__phase, kind: 'longtask', start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          const loaf = e as PerformanceEntry & {
            blockingDuration: number;
            scripts: { sourceURL: string; sourceFunctionName: string; invoker: string; duration: number }[];
          };
          if (loaf.blockingDuration <= 0) continue;
          w.__entries.push({
            phase: w.__phase,
            kind: 'loaf',
            start: e.startTime,
            duration: e.duration,
            scripts: loaf.scripts
              .filter((s) => s.duration >= 5)
              .map(
                (s) =>
                  `${Math.round(s.duration)} ms ${s.invoker} ${s.sourceFunctionName || '?'} (${s.sourceURL.split('/').pop()})`,
              ),
          });
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    } catch {
      // Long animation frames are newer than long tasks: without them the tasks still count.
    }
  });
}

const phase = (page: Page, name: string) => page.evaluate((n) => ((window as unknown as Probe).__phase = n), name);

async function measure(page: Page, file: string, layout: 'rows' | 'columns', grid: boolean) {
  // A fresh document each time (the same URL twice would be a same-document navigation).
  await page.goto('about:blank');
  await page.goto('/?backend=cpu#/batch');
  await page.getByTestId('batch-layout').selectOption(layout);
  await phase(page, 'read file');
  await page.getByTestId('batch-file-input').setInputFiles(file);
  await page
    .getByTestId('batch-file-info')
    .getByText(/100,000 curves/)
    .waitFor({ timeout: 120_000 });
  await page.getByTestId('batch-model').fill('a*exp(-x/t)');
  await page.getByTestId('batch-p0').fill('a=1, t=1');
  await phase(page, 'fit');
  const t0 = Date.now();
  await page.getByTestId('batch-fit-button').click();
  await page
    .getByTestId('batch-status')
    .getByText(/^done:/)
    .waitFor({ timeout: 600_000 });
  const fitSeconds = (Date.now() - t0) / 1000;
  await phase(page, 'show results');
  await page.getByTestId('batch-histogram-t').waitFor();
  if (grid) await page.getByTestId('batch-param-map').waitFor();
  await page.waitForTimeout(500);
  await phase(page, 'sort');
  await page.getByTestId('batch-sort-t').click();
  await page.locator('th[aria-sort="ascending"]').waitFor();
  await page.waitForTimeout(300);
  await phase(page, 'page');
  await page.getByTestId('batch-page-next').click();
  await page
    .getByTestId('batch-page-info')
    .getByText(/^51–100/)
    .waitFor();
  await page.waitForTimeout(300);
  if (grid) {
    await phase(page, 'map parameter');
    await page.getByTestId('batch-map-param').selectOption('t');
    await page.waitForTimeout(300);
  }
  for (const format of ['csv', 'arrow'] as const) {
    await phase(page, `export ${format}`);
    await Promise.all([page.waitForEvent('download'), page.getByTestId(`batch-export-${format}`).click()]);
    await page.waitForTimeout(300);
  }
  await phase(page, 'end');
  await page.waitForTimeout(200);
  const entries = await page.evaluate(() => (window as unknown as Probe).__entries);
  const status = (await page.getByTestId('batch-status').textContent()) ?? '';
  const phases: Record<string, { longTasks: number; longestMs: number; over50: number[]; scripts: string[] }> = {};
  for (const e of entries) {
    const p = (phases[e.phase] ??= { longTasks: 0, longestMs: 0, over50: [], scripts: [] });
    if (e.kind === 'longtask') {
      p.longTasks++;
      p.longestMs = Math.max(p.longestMs, e.duration);
      if (e.duration > 50) p.over50.push(Math.round(e.duration));
    } else if (e.duration > 50) for (const s of e.scripts ?? []) if (!p.scripts.includes(s)) p.scripts.push(s);
  }
  for (const p of Object.values(phases)) p.scripts = p.scripts.slice(0, 8);
  const longest = Math.max(0, ...entries.filter((e) => e.kind === 'longtask').map((e) => e.duration));
  return { status, fitSeconds, longestMs: longest, phases };
}

test('batch page with 100,000 curves: main-thread long tasks by phase', async ({ page }) => {
  test.setTimeout(1_500_000);
  await installProbe(page);
  const throttle = Number(process.env.FITBENCH_CPU_THROTTLE ?? 1);
  if (throttle > 1)
    await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: throttle });
  const csv = test.info().outputPath('decays-100k.csv');
  writeFileSync(csv, decayCsv(CURVES));
  const npy = test.info().outputPath('image-250x400.npy');
  writeFileSync(npy, decayNpy(250, 400, 0.01));
  const figures = {
    note: 'longtask durations in ms; a shared 2-core machine under load: figures are noisy',
    cpuThrottle: throttle,
    csvRows: await measure(page, csv, 'rows', false),
    npyImage: await measure(page, npy, 'columns', true),
  };
  console.log(JSON.stringify(figures, null, 1));
  await test
    .info()
    .attach('batch-page-longtasks.json', { body: JSON.stringify(figures, null, 1), contentType: 'application/json' });
});
