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
