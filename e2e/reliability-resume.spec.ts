import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console-guard';
import {
  FAR_START,
  applySettings,
  openServicePage,
  expectClose,
  newestJob,
  openDemo,
  resultNumbers,
  setStart,
  waitConverged,
} from './workbench-helpers';

const NAMES = ['a', 'mu', 's'];

test('reload mid-fit → resume-button → converged with the same result as an uninterrupted fit', async ({
  page,
}, testInfo) => {
  // The uninterrupted reference, same data (the seeded demo) and start.
  await openDemo(page, 'demo=gaussian');
  await setStart(page, FAR_START);
  await page.getByTestId('fit-button').click();
  await waitConverged(page);
  const reference = await resultNumbers(page, NAMES);
  const referenceIterations = Number(await page.getByTestId('stat-iterations').textContent());
  expect(referenceIterations).toBeGreaterThan(6);
  testInfo.annotations.push({ type: 'iterations', description: String(referenceIterations) });

  // The same fit, slowed down, interrupted by a reload after a checkpoint past the first.
  await openDemo(page, 'demo=gaussian&chaos=iterationDelayMs:400');
  await applySettings(page, { checkpoint: { everyIterations: 2 } });
  await setStart(page, FAR_START);
  await page.getByTestId('fit-button').click();
  await expect(page.getByTestId('fit-status')).toContainText('running');
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
  // A checkpoint must be committed while the fit still runs, or a reload has nothing to resume from.
  expect(before.status, 'a checkpoint past iteration 2 reached the page while the fit was running').toBe('running');
  await page.reload();

  const errors = collectConsoleErrors(page);
  const resume = page.getByTestId('resume-button');
  await expect(resume).toBeVisible();
  await expect(page.getByTestId('resume-banner')).toContainText('checkpoint at iteration');
  await page.screenshot({ path: testInfo.outputPath('resume-offer.png'), fullPage: true });
  await resume.click();
  await expect(page.getByTestId('fit-status')).toContainText(/running|converged/);
  await waitConverged(page);
  const resumed = await newestJob(page);
  expect(resumed.id).toBe(before.id);
  expect(resumed.resumedFromIteration).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('fit-status')).toContainText('resumed from iteration');
  await expect(page.getByTestId('convergence-chart')).not.toHaveAttribute('data-points', '0');
  const after = await resultNumbers(page, NAMES);
  expectClose(after.params, reference.params, 1e-9);
  expectClose(after.stdErrors, reference.stdErrors, 1e-9);
  await expect(page.getByTestId('resume-button')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('resumed.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('a worker crash is retried from the checkpoint: converged, one retry, at most one interval lost', async ({
  page,
}, testInfo) => {
  const crashAt = 6;
  const every = 2;
  await openDemo(page, `demo=gaussian&chaos=crashWorkerAtIteration:${crashAt},iterationDelayMs:50`);
  await applySettings(page, { checkpoint: { everyIterations: every } });
  await setStart(page, FAR_START);
  await page.getByTestId('fit-button').click();
  await waitConverged(page);
  const job = await newestJob(page);
  expect(job.retries).toBe(1);
  expect(job.attempts).toBe(2);
  expect(job.resumedFromIteration).not.toBeNull();
  expect(job.resumedFromIteration as number).toBeGreaterThanOrEqual(crashAt - every);
  await openServicePage(page);
  await expect(page.getByTestId('metric-retries')).toHaveText('1');
  await expect(page.getByTestId('log-viewer')).toContainText('retrying');
  await expect(page.getByTestId('log-viewer')).toContainText('WORKER_CRASH');
  await page.screenshot({ path: testInfo.outputPath('crash-retried.png'), fullPage: true });
});
