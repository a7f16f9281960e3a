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
