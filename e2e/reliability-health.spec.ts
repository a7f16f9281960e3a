import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console-guard';
import { applySettings, fitOnce, openDemo, openServicePage, openWorkbench, waitConverged } from './workbench-helpers';

// Short timings so the whole cycle takes seconds: two outcomes decide, Failed lasts 2 s,
// and the error budget forgets errors after 8 s. No retries: each injected fault fails its job.
const FAST = {
  retry: { maxRetries: 0 },
  health: { windowSize: 4, minSamples: 2, recoveryAfterMs: 2000 },
  slo: { windowMs: 8000, burnWindowMs: 4000 },
};

test('failureRate:1 → Degraded → Failed; failures stop → Recovery → Healthy, the budget burns and recovers', async ({
  page,
}, testInfo) => {
  await openDemo(page, 'demo=gaussian&chaos=failureRate:1');
  // The chaos switch from the URL shows on the service dashboard; the header's badge is on every route.
  await openServicePage(page);
  await expect(page.getByTestId('chaos-failureRate')).toHaveValue('1');
  await openWorkbench(page);
  await applySettings(page, FAST);
  const badge = page.getByTestId('health-state');
  const budget = page.getByTestId('error-budget-chart');
  await expect(badge).toHaveText('Healthy');
  await expect(badge).toHaveCount(1);

  expect(await fitOnce(page)).toBe('failed');
  await expect(page.getByTestId('fit-status')).toContainText('failed');
  await expect(page.getByTestId('fit-status')).toContainText('Injected fault');
  await expect(badge).toHaveText('Healthy');
  expect(await fitOnce(page)).toBe('failed');
  await expect(badge).toHaveText('Degraded');
  await page.screenshot({ path: testInfo.outputPath('degraded.png'), fullPage: true });
  expect(await fitOnce(page)).toBe('failed');
  await expect(badge).toHaveText('Failed');
  // The dashboard: the same state in its own badge and history, the budget spent.
  await openServicePage(page);
  await expect(badge).toHaveText('Failed');
  await expect(page.getByTestId('service-health-state')).toHaveText('Failed');
  await expect(page.getByTestId('health-history')).toContainText('Degraded');
  await expect(budget).toHaveAttribute('data-remaining', '0.0000');
  await page.screenshot({ path: testInfo.outputPath('failed.png'), fullPage: true });

  // The failures stop: the switch goes off in the chaos panel.
  await page.getByTestId('chaos-failureRate').fill('0');
  await expect(page.getByTestId('chaos-error')).toHaveCount(0);
  await expect(badge).toHaveText('Recovery', { timeout: 10_000 });
  await openWorkbench(page);
  expect(await fitOnce(page)).toBe('converged');
  expect(await fitOnce(page)).toBe('converged');
  await expect(badge).toHaveText('Healthy');
  await openServicePage(page);
  await expect(budget).toHaveAttribute('data-remaining', '1.0000', { timeout: 20_000 });
  await page.screenshot({ path: testInfo.outputPath('recovered.png'), fullPage: true });

  const states = await page.evaluate(() =>
    (
      window as unknown as { fitbench: { service: { snapshot(): { healthHistory: { to: string }[] } } } }
    ).fitbench.service
      .snapshot()
      .healthHistory.map((t) => t.to),
  );
  expect(states).toEqual(['Degraded', 'Failed', 'Recovery', 'Healthy']);
  const samples = Number(await budget.getAttribute('data-samples'));
  expect(samples).toBeGreaterThan(3);
  await expect(page.getByTestId('metric-success-rate')).toContainText('of 5');
});

test('quotaExceeded:1 → the fit still converges and the page says checkpoints are off', async ({ page }, testInfo) => {
  const errors = collectConsoleErrors(page);
  await openDemo(page, 'demo=exp-decay&chaos=quotaExceeded:1');
  await page.getByTestId('fit-button').click();
  await waitConverged(page);
  // Said on the workbench, beside the fit, and on the service dashboard.
  const notice = page.getByTestId('checkpoints-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(/checkpoints are off/i);
  await openServicePage(page);
  await expect(page.getByTestId('chaos-quotaExceeded')).toBeChecked();
  await expect(notice).toContainText(/checkpoints are off/i);
  await expect(page.getByTestId('metric-checkpoints')).toHaveText('0');
  await page.screenshot({ path: testInfo.outputPath('quota.png'), fullPage: true });
  expect(errors).toEqual([]);
});
