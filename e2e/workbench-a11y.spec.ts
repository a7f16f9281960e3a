import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openDemo, waitConverged } from './workbench-helpers';

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0]?.target.join(' ')} — ${v.help}`);
}

test('no critical or serious axe violations: empty workbench, fitted workbench with exports and history, notebooks', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('data-input')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await openDemo(page, 'demo=dose-response');
  await page.getByTestId('fit-button').click();
  await waitConverged(page);
  await expect(page.getByTestId('residual-chart')).toBeVisible();
  await expect(page.getByTestId('export-report')).toBeVisible();
  await page.getByTestId('copy-python').click();
  await page.getByTestId('history-pick-0').check();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId('nav-notebooks').click();
  await expect(page.getByTestId('notebooks-page').first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('no critical or serious axe violations: the service dashboard (after a fit, chaos and settings open) and the batch page', async ({
  page,
}) => {
  await openDemo(page, 'demo=exp-decay');
  await page.getByTestId('fit-button').click();
  await waitConverged(page);
  await page.getByTestId('health-state').click();
  await expect(page.getByTestId('error-budget-chart')).toBeVisible();
  // The chart has a name and its numbers as a table.
  const budget = page.getByRole('group', { name: /^Error budget/ });
  await budget.getByText(/^Data table/).click();
  await expect(budget.getByRole('table')).toContainText('budget left');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId('chaos-panel').locator('summary').click();
  await page.getByTestId('settings-panel').locator('summary').click();
  await expect(page.getByTestId('settings-input')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId('nav-batch').click();
  await expect(page.getByTestId('nav-batch')).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('main')).not.toBeEmpty();
  expect(await seriousViolations(page)).toEqual([]);
});

test('keyboard: the header badge is a link to the dashboard with a visible focus ring on the header', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('data-input')).toBeVisible();
  await page.getByTestId('health-state').focus();
  const outline = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement as Element);
    return { style: s.outlineStyle, color: s.outlineColor };
  });
  expect(outline.style).not.toBe('none');
  // White on the header's #1f4e79 (8.6:1), not the page's ring colour, which would vanish there.
  expect(outline.color).toBe('rgb(255, 255, 255)');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('service-page')).toBeVisible();
});

test('keyboard: data, model, Fit and the result are reachable with Tab and Enter; focus is visible', async ({
  page,
}) => {
  await openDemo(page, 'demo=exp-decay');
  await page.getByTestId('model-input').focus();
  // Ctrl+Enter is not needed: Tab to Fit and press Enter.
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'fit-button') break;
  }
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('fit-button');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await waitConverged(page);
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('fit-button');
  await expect(page.getByTestId('header-health')).toHaveText('Healthy');
});
