import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors } from './console-guard';
import { gaussianCsv, setParam, waitConverged } from './workbench-helpers';

const MODEL = 'a*exp(-(x-mu)^2/(2*s^2)) + c';
const P0 = { a: 2, mu: 0, s: 1, c: 0 };

/** A 12-row enzyme-kinetics table: substrate concentration, rate, and the rate's uncertainty. */
const ENZYME = [
  'substrate_mM,rate,rate_err',
  ...[0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.5, 2, 3, 4, 6, 8].map((s) => {
    const v = (10 * s) / (0.8 + s);
    return `${s},${v.toFixed(4)},${(0.05 + 0.02 * v).toFixed(4)}`;
  }),
].join('\n');

async function pasteAndFitGaussian(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByTestId('data-input').fill(gaussianCsv().csv);
  await page.getByTestId('model-input').fill(MODEL);
  for (const [name, v] of Object.entries(P0)) await setParam(page, name, v);
  await page.getByTestId('fit-button').click();
  await waitConverged(page);
}

test('1. a Fit that cannot start replaces the old "converged", next to its field and in the status', async ({
  page,
}) => {
  await pasteAndFitGaussian(page);
  // Max iterations "abc".
  await page.getByTestId('max-iterations-input').fill('abc');
  await page.getByTestId('fit-button').click();
  await expect(page.getByTestId('fit-status')).toHaveAttribute('data-state', 'not-started');
  await expect(page.getByTestId('fit-status')).toContainText(
    "not started: Max iterations must be a whole number ≥ 1; got 'abc'",
  );
  await expect(page.getByTestId('fit-status')).not.toContainText('converged');
  await expect(page.getByTestId('max-iterations-error')).toContainText('Max iterations');
  await page.getByTestId('max-iterations-input').fill('');
  // A start outside its bounds.
  await page.getByTestId('param-min-s').fill('2');
  await page.getByTestId('fit-button').click();
  await expect(page.getByTestId('fit-status')).toHaveAttribute('data-state', 'not-started');
  await expect(page.getByTestId('param-error-s')).toContainText('outside its bounds');
  await page.getByTestId('param-min-s').fill('');
  // A rejected file.
  await page
    .getByTestId('open-file-input')
    .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y\n1,2\n3\n') });
  await expect(page.getByTestId('data-error')).toContainText('row 3');
  await page.getByTestId('fit-button').click();
  await expect(page.getByTestId('fit-status')).toHaveAttribute('data-state', 'not-started');
  await expect(page.getByTestId('fit-status')).toContainText('row 3');
});

test('2. a data column used in the model but not ticked as x is flagged, and one click uses it', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('data-input').fill(ENZYME);
  await expect(page.getByTestId('sigma-column')).toHaveValue('rate_err');
  // x defaults to the first column; make another column x, as the user in the issue did.
  await page.getByTestId('x-column-substrate_mM').uncheck();
  await page.getByTestId('x-column-rate_err').check();
  await page.getByTestId('y-column').selectOption('rate');
  await page.getByTestId('model-input').fill('Vmax*substrate_mM/(Km+substrate_mM)');
  await expect(page.getByTestId('model-column-warning')).toContainText("'substrate_mM' is a data column");
  await page.getByTestId('fit-button').click();
  await expect(page.getByTestId('fit-status')).toHaveAttribute('data-state', 'not-started');
  await expect(page.getByTestId('param-row-substrate_mM')).toBeVisible();
  await page.getByTestId('use-column-substrate_mM').click();
  await expect(page.getByTestId('model-column-warning')).toHaveCount(0);
  await expect(page.getByTestId('param-row-substrate_mM')).toHaveCount(0);
  await page.getByTestId('x-column-rate_err').uncheck();
  await page.getByTestId('sigma-column').selectOption('rate_err');
  await setParam(page, 'Vmax', 8);
  await setParam(page, 'Km', 1);
  await page.getByTestId('fit-button').click();
  await waitConverged(page);
  expect(Number(await page.getByTestId('result-param-Km').getAttribute('data-value'))).toBeCloseTo(0.8, 3);
});

test('3. a reload restores data, model, columns, parameters, options and the result', async ({ page }) => {
  await pasteAndFitGaussian(page);
  await page.getByTestId('method-select').selectOption('trf');
  await page.getByTestId('param-max-s').fill('5');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  const a = await page.getByTestId('result-param-a').getAttribute('data-value');
  await page.reload();
  await expect(page.getByTestId('data-input')).toHaveValue(gaussianCsv().csv);
  await expect(page.getByTestId('model-input')).toHaveValue(MODEL);
  await expect(page.getByTestId('param-max-s')).toHaveValue('5');
  await expect(page.getByTestId('method-select')).toHaveValue('trf');
  await expect(page.getByTestId('y-column')).toHaveValue('y');
  await expect(page.getByTestId('result-param-a')).toHaveAttribute('data-value', a ?? '');
  await expect(page.getByTestId('fit-status')).toHaveAttribute('data-state', 'converged');
  await expect(page.getByTestId('residual-chart')).toBeVisible();
});

test('4. at 390 px the page does not widen, values are rounded by their error, the fit plot has x ticks', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await pasteAndFitGaussian(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  const shown = await page
    .getByTestId('result-table')
    .locator('tbody tr')
    .first()
    .locator('[aria-hidden="true"]')
    .textContent();
  expect(shown).toMatch(/^\d+\.\d{1,5} ± 0\.\d{1,5}$/);
  const full = await page.getByTestId('result-param-a').textContent();
  expect(full?.replace(/[-.]/g, '').length).toBeGreaterThan(10);
  const xTicks = await page.getByTestId('fit-chart').locator('svg g.x-ticks text').count();
  expect(xTicks).toBeGreaterThanOrEqual(3);
  await page.screenshot({ path: testInfo.outputPath('390.png'), fullPage: true });
});

test('5. focus stays on Fit after Enter; no unnamed chart elements are tab stops', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('data-input').fill(gaussianCsv().csv);
  await page.getByTestId('model-input').fill(MODEL);
  for (const [name, v] of Object.entries(P0)) await setParam(page, name, v);
  await page.getByTestId('fit-button').focus();
  await page.keyboard.press('Enter');
  await waitConverged(page);
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('fit-button');
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.chart *, .chart')]
      .filter((el) => el.tabIndex >= 0 && !['SUMMARY', 'BUTTON', 'INPUT', 'SELECT', 'A'].includes(el.tagName))
      // A zoomable plot is a tab stop on purpose, with a name that says what it is and which keys work.
      .filter((el) => !(el.getAttribute('aria-label') ?? '').trim())
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  expect(unnamed).toEqual([]);
});

test('6. decimal commas, a units row, comment lines, σ named rate_err, and the missing-values control', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  const text = [
    '# kinetics run 3',
    'substrate;rate;rate_err',
    'mM;µM/s;µM/s',
    ...[0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.5, 2, 3, 4, 6, 8].map((s) => {
      const v = (10 * s) / (0.8 + s);
      return `${String(s).replace('.', ',')};${v.toFixed(4).replace('.', ',')};0,1`;
    }),
    '10;;0,1',
  ].join('\n');
  await page.getByTestId('data-input').fill(text);
  await expect(page.getByTestId('data-summary')).toContainText('13 rows');
  await expect(page.getByTestId('data-summary')).toContainText('decimal comma');
  await expect(page.getByTestId('sigma-column')).toHaveValue('rate_err');
  await expect(page.getByTestId('columns-error')).toContainText('Drop rows with missing values');
  await expect(page.getByTestId('missing-count')).toContainText('1 row');
  await page.getByTestId('drop-missing').check();
  await expect(page.getByTestId('columns-error')).toHaveCount(0);
  await expect(page.getByTestId('missing-count')).toContainText('1 row dropped');
  await page.getByTestId('model-input').fill('Vmax*x/(Km+x)');
  await setParam(page, 'Vmax', 8);
  await setParam(page, 'Km', 1);
  await page.getByTestId('fit-button').click();
  await waitConverged(page);
  expect(Number(await page.getByTestId('result-param-Vmax').getAttribute('data-value'))).toBeCloseTo(10, 3);
  expect(errors).toEqual([]);
});
