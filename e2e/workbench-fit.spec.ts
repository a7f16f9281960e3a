import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console-guard';
import { curveFitInPage, expectClose, gaussianCsv, resultNumbers, setParam, waitConverged } from './workbench-helpers';

const MODEL = 'a*exp(-(x-mu)^2/(2*s^2)) + c';
const P0 = { a: 2, mu: 0, s: 1, c: 0 };

test('paste → fit → converged, and the numbers equal window.fitbench.curveFit on the same data', async ({
  page,
}, testInfo) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  const { csv, x, y } = gaussianCsv();
  await page.getByTestId('data-input').fill(csv);
  await expect(page.getByTestId('data-summary')).toContainText('120 rows');
  await page.getByTestId('model-input').fill(MODEL);
  for (const name of ['a', 'mu', 's', 'c']) await expect(page.getByTestId(`param-row-${name}`)).toBeVisible();
  for (const [name, v] of Object.entries(P0)) await setParam(page, name, v);
  await page.getByTestId('fit-button').click();
  await waitConverged(page);
  await expect(page.getByTestId('backend-indicator')).toHaveText(/^(cpu|webgpu)$/);
  await expect(page.getByTestId('convergence-chart')).not.toHaveAttribute('data-points', '0');
  await expect(page.getByTestId('residual-chart')).toBeVisible();
  const ui = await resultNumbers(page, Object.keys(P0));
  const direct = await curveFitInPage(page, { model: MODEL, x, y, p0: P0 }, { backend: 'auto' });
  expect(direct.converged).toBe(true);
  expectClose(ui.params, direct.params, 1e-9);
  expectClose(ui.stdErrors, direct.stdErrors, 1e-9);
  await expect(page.getByTestId('stat-r-squared')).toHaveText(/^0\.9/);
  await page.screenshot({ path: testInfo.outputPath('paste-fit.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('a library model fills the parameter table with guesses, keeps edits when the model changes', async ({
  page,
}, testInfo) => {
  await page.goto('/');
  const { csv } = gaussianCsv();
  await page.getByTestId('data-input').fill(csv);
  await page.getByTestId('model-library-select').selectOption('gauss4');
  await expect(page.getByTestId('model-input')).toHaveValue('gauss4');
  await expect(page.getByTestId('data-summary')).toContainText('120 rows');
  await expect
    .poll(async () => Math.abs(Number(await page.getByTestId('param-value-mu').inputValue()) - 0.4))
    .toBeLessThan(0.3);
  await expect(page.getByTestId('guess-button')).toBeVisible();
  // An edit survives a model change that keeps the parameter.
  await page.getByTestId('model-input').fill('a*exp(-(x-mu)^2/(2*s^2)) + c');
  await setParam(page, 'mu', 0.25);
  await page.getByTestId('param-max-s').fill('5');
  await page.getByTestId('model-input').fill('a*exp(-(x-mu)^2/(2*s^2)) + c + d*x');
  await expect(page.getByTestId('param-row-d')).toBeVisible();
  await expect(page.getByTestId('param-value-mu')).toHaveValue('0.25');
  await expect(page.getByTestId('param-max-s')).toHaveValue('5');
  await expect(page.getByTestId('param-value-d')).toHaveValue('1');
  await page.getByTestId('fit-button').click();
  await waitConverged(page);
  await page.screenshot({ path: testInfo.outputPath('library-model.png'), fullPage: true });
});

for (const demo of ['gaussian', 'exp-decay', 'dose-response']) {
  test(`/?demo=${demo} loads data and model, and fits`, async ({ page }, testInfo) => {
    const errors = collectConsoleErrors(page);
    await page.goto(`/?demo=${demo}`);
    await expect(page.getByTestId('data-summary')).toBeVisible();
    await expect(page.getByTestId('model-input')).not.toHaveValue('');
    await page.getByTestId('fit-button').click();
    await waitConverged(page);
    await page.screenshot({ path: testInfo.outputPath(`demo-${demo}.png`), fullPage: true });
    expect(errors).toEqual([]);
  });
}

test('"Open file" reads a TSV into the data box', async ({ page }) => {
  await page.goto('/');
  const tsv = 'time\tsignal\n0\t5.1\n1\t3.2\n2\t2.1\n3\t1.5\n4\t1.1\n5\t0.9\n';
  await page
    .getByTestId('open-file-input')
    .setInputFiles({ name: 'decay.tsv', mimeType: 'text/tab-separated-values', buffer: Buffer.from(tsv) });
  await expect(page.getByTestId('data-input')).toHaveValue(tsv);
  await expect(page.getByTestId('data-summary')).toContainText('6 rows');
  await expect(page.getByTestId('y-column')).toHaveValue('signal');
  await page.getByTestId('model-input').fill('a*exp(-time/t) + c');
  await expect(page.getByTestId('param-row-t')).toBeVisible();
  await expect(page.getByTestId('param-row-time')).toHaveCount(0);
  await page.getByTestId('param-value-a').fill('4');
  await page.getByTestId('param-value-t').fill('1.5');
  await page.getByTestId('fit-button').click();
  await waitConverged(page);
});
