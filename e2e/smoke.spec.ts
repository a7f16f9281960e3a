import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console-guard';

test('the app loads with no console errors and reaches a WebGPU adapter from a worker', async ({ page }, testInfo) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Fitbench' })).toBeVisible();
  for (const id of ['data-input', 'model-input', 'fit-button', 'fit-status', 'health-state']) {
    await expect(page.getByTestId(id)).toBeVisible();
  }
  const status = page.getByTestId('gpu-status');
  await expect(status).not.toHaveAttribute('data-state', 'probing');
  await expect(status).toHaveAttribute('data-state', 'available');
  await expect(status).toContainText('WebGPU in workers');
  await page.screenshot({ path: testInfo.outputPath('workbench.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('the notebooks route renders and navigation works', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  await page.getByTestId('nav-notebooks').click();
  await expect(page.getByTestId('notebooks-page')).toBeVisible();
  await expect(page).toHaveURL(/#\/notebooks/);
  await page.getByTestId('nav-workbench').click();
  await expect(page.getByTestId('fit-button')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the old tutorials route leads to the notebooks, whose Try-it links open the workbench', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/#/tutorials');
  await expect(page).toHaveURL(/#\/notebooks$/);
  await page.getByTestId('notebook-link-first-fit').click();
  await expect(page.getByRole('heading', { name: 'Your first fit' })).toBeVisible();
  await page.getByRole('link', { name: /Try it: Open a Gaussian data set/ }).click();
  await expect(page).toHaveURL(/\?demo=gaussian#\/$/);
  await expect(page.getByTestId('model-input')).toHaveValue('gaussian');
  await expect(page.getByTestId('data-input')).toContainText('x,y');
  expect(errors).toEqual([]);
});

test('the service dashboard has its own route; the header badge (one per page) links to it from every route', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/?chaos=iterationDelayMs:5');
  // The workbench is for fitting: no dashboard parts on it.
  await expect(page.getByTestId('fit-button')).toBeVisible();
  await expect(page.getByTestId('error-budget-chart')).toHaveCount(0);
  await expect(page.getByTestId('chaos-panel')).toHaveCount(0);
  for (const route of ['#/', '#/batch', '#/notebooks', '#/service']) {
    await page.evaluate((hash) => (location.hash = hash), route);
    const badge = page.getByTestId('health-state');
    await expect(badge, route).toHaveText('Healthy');
    await expect(badge, route).toHaveCount(1);
  }
  await page.getByTestId('nav-workbench').click();
  await page.getByTestId('health-state').click();
  await expect(page).toHaveURL(/\?chaos=iterationDelayMs:5#\/service$/);
  await expect(page.getByTestId('nav-service')).toHaveAttribute('aria-current', 'page');
  for (const id of ['service-health-state', 'health-history', 'error-budget-chart', 'log-viewer', 'pool-status']) {
    await expect(page.getByTestId(id)).toBeVisible();
  }
  // &chaos= from the URL applies on any route: the dashboard's switches show it.
  await expect(page.getByTestId('chaos-iterationDelayMs')).toHaveValue('5');
  await page.reload();
  await expect(page.getByTestId('service-page')).toBeVisible();
  await expect(page.getByTestId('chaos-iterationDelayMs')).toHaveValue('5');
  expect(errors).toEqual([]);
});
