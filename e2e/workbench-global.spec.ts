/**
 * The workbench's second wave of issue 12: several data sets fitted together (a global fit
 * with a shared parameter) equal window.fitbench.curveFitGlobal on the same problem and come
 * back after a reload; a tied parameter (lmfit expr); the model library browser; the model
 * field's inline error with a caret.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import type { FitResult, GlobalFitResult, GlobalProblem } from '../src/core/api-types';
import { collectConsoleErrors } from './console-guard';
import { curveFitInPage, expectClose, waitConverged } from './workbench-helpers';

const xs = Array.from({ length: 30 }, (_, i) => Number((i * 0.25).toFixed(2)));
function decayCsv(a: number, k: number, c: number, phase: number): { csv: string; y: number[] } {
  const y = xs.map((x, i) => Number((a * Math.exp(-k * x) + c + 0.01 * Math.sin(5 * i + phase)).toFixed(6)));
  return { csv: ['x,y', ...xs.map((x, i) => `${x},${y[i]}`)].join('\n'), y };
}
const A = decayCsv(2, 0.8, 0.1, 0);
const B = decayCsv(1.2, 0.8, 0.3, 1);
const MODEL = 'a*exp(-k*x) + c';

async function resultValues(page: Page, names: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const n of names) out[n] = Number(await page.getByTestId(`result-param-${n}`).getAttribute('data-value'));
  return out;
}

test('two data sets with a shared parameter fit globally, equal curveFitGlobal, and survive a reload', async ({
  page,
}, testInfo) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  await page.getByTestId('data-input').fill(A.csv);
  await page.getByTestId('model-input').fill(MODEL);
  await page.getByTestId('dataset-add').click();
  await expect(page.getByTestId('dataset-tab-1')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('data-input')).toHaveValue('');
  await page.getByTestId('data-input').fill(B.csv);
  await expect(page.getByTestId('data-summary')).toContainText('30 rows');
  for (const [name, v] of Object.entries({ a: 1, k: 0.5, c: 0 }))
    await page.getByTestId(`param-value-${name}`).fill(String(v));
  await page.getByTestId('param-shared-k').check();
  await page.getByTestId('fit-button').click();
  await waitConverged(page);
  await expect(page.getByTestId('fit-chart')).toHaveAttribute('data-datasets', '2');
  await expect(page.getByTestId('plot-dataset-1')).toContainText('data set 2');
  await expect(page.getByTestId('global-dataset-stats').locator('tbody tr')).toHaveCount(2);

  const names = ['a_1', 'a_2', 'k', 'c_1', 'c_2'];
  const shown = await resultValues(page, names);
  const problem: GlobalProblem = {
    model: MODEL,
    datasets: [
      { x: xs, y: A.y, name: 'data set 1' },
      { x: xs, y: B.y, name: 'data set 2' },
    ],
    shared: ['k'],
    p0: { a: 1, k: 0.5, c: 0 },
  };
  const direct = await page.evaluate(
    (p) =>
      (
        window as unknown as { fitbench: { curveFitGlobal(p: unknown): Promise<GlobalFitResult> } }
      ).fitbench.curveFitGlobal(p),
    problem,
  );
  expect([...direct.paramNames].sort()).toEqual([...names].sort());
  expectClose(shown, direct.params, 1e-9);
  expect(shown.k).toBeCloseTo(0.8, 1);
  // The result table groups the shared parameter first, then each data set under its name.
  await expect(page.getByTestId('result-group-shared')).toContainText('shared');
  await expect(page.getByTestId('result-group-1')).toContainText('data set 2');
  const rowOrder = await page
    .getByTestId('result-table')
    .locator('[data-testid^="result-param-"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
  expect(rowOrder).toEqual(['k', 'a_1', 'c_1', 'a_2', 'c_2'].map((n) => `result-param-${n}`));
  // The history says which fits were global.
  await expect(page.getByTestId('history-global-0')).toContainText('global, 2 sets');
  // The exported plot carries the data-set legend (on the page it is HTML beside the chart).
  const download = page.waitForEvent('download');
  await page.getByTestId('export-plot-svg').click();
  const svg = readFileSync(await (await download).path(), 'utf8');
  expect(svg).toContain('data-legend="datasets"');
  expect(svg).toContain('>data set 1</text>');
  expect(svg).toContain('>data set 2</text>');
  writeFileSync(testInfo.outputPath('global-fit.svg'), svg);
  const axe = await new AxeBuilder({ page }).include('section.inputs').include('[data-testid="fit-chart"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id)).toEqual([]);
  for (const width of [390, 2560, 1400]) {
    await page.setViewportSize({ width, height: 1000 });
    await page.screenshot({ path: testInfo.outputPath(`global-${width}.png`), fullPage: true });
  }

  // A reload restores both data sets, the active one, and the shared flag.
  await page.waitForTimeout(900);
  await page.reload();
  await expect(page.getByTestId('dataset-tab-1')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('data-input')).toHaveValue(B.csv);
  await expect(page.getByTestId('param-shared-k')).toBeChecked();
  await expect(page.getByTestId('param-shared-a')).not.toBeChecked();
  await page.getByTestId('dataset-tab-0').click();
  await expect(page.getByTestId('data-input')).toHaveValue(A.csv);
  await expect(page.getByTestId('result-param-k')).toHaveAttribute('data-value', String(shown.k));

  // Removing a data set goes back to a plain fit: the shared column goes.
  await page.getByTestId('dataset-remove-1').click();
  await expect(page.getByTestId('dataset-tab-0')).toHaveCount(0);
  await expect(page.getByTestId('param-shared-k')).toHaveCount(0);
  await expect(page.getByTestId('data-input')).toHaveValue(A.csv);
  expect(errors).toEqual([]);
});

test('a global fit reports derived quantities of its names and explains why it has no profile/bootstrap intervals', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  await page.getByTestId('data-input').fill(A.csv);
  await page.getByTestId('model-input').fill(MODEL);
  await page.getByTestId('dataset-add').click();
  await page.getByTestId('data-input').fill(B.csv);
  await expect(page.getByTestId('data-summary')).toContainText('30 rows');
  for (const [name, v] of Object.entries({ a: 1, k: 0.5, c: 0 }))
    await page.getByTestId(`param-value-${name}`).fill(String(v));
  await page.getByTestId('param-shared-k').check();
  await expect(page.getByTestId('derived-global-hint')).toBeVisible();
  await page.getByTestId('derived-add').click();
  await page.getByTestId('derived-name-0').fill('ratio');
  // A bare per-data-set name is ambiguous in a global fit: the field says what to write.
  await page.getByTestId('derived-expr-0').fill('a/k');
  await expect(page.getByTestId('derived-expr-error-0')).toContainText('write a_1, a_2');
  await page.getByTestId('derived-expr-0').fill('a_1/a_2');
  await expect(page.getByTestId('derived-expr-error-0')).toHaveCount(0);
  await page.getByTestId('fit-button').click();
  await waitConverged(page);
  const shown = await resultValues(page, ['a_1', 'a_2']);
  const ratio = Number(await page.getByTestId('result-derived-ratio').getAttribute('data-value'));
  expect(ratio).toBeCloseTo(shown.a_1 / shown.a_2, 10);
  await expect(page.getByTestId('profile-button')).toBeDisabled();
  await expect(page.getByTestId('bootstrap-button')).toBeDisabled();
  await expect(page.getByTestId('interval-unavailable')).toContainText('global fit of 2 data sets');
  // …and so are their settings.
  for (const id of ['interval-level', 'bootstrap-resamples', 'bootstrap-seed', 'bootstrap-kind'])
    await expect(page.getByTestId(id)).toBeDisabled();
  expect(errors).toEqual([]);
});

test('a tied parameter (expr) is computed from the others, and a bad expr is reported on its row', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('data-input').fill(A.csv);
  await page.getByTestId('model-input').fill(MODEL);
  for (const [name, v] of Object.entries({ a: 1, k: 0.5 }))
    await page.getByTestId(`param-value-${name}`).fill(String(v));
  await page.getByTestId('param-expr-c').fill('a/q');
  await expect(page.getByTestId('param-error-c')).toContainText("'q'");
  await expect(page.getByTestId('param-expr-c')).toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('param-expr-c').fill('a/20');
  await expect(page.getByTestId('param-error-c')).toHaveCount(0);
  await expect(page.getByTestId('param-value-c')).toBeDisabled();
  await page.getByTestId('fit-button').click();
  await waitConverged(page);
  const shown = await resultValues(page, ['a', 'k', 'c']);
  const direct: FitResult = await curveFitInPage(page, {
    model: MODEL,
    x: xs,
    y: A.y,
    p0: { a: 1, k: 0.5 },
    expressions: { c: 'a/20' },
  });
  expectClose(shown, direct.params, 1e-9);
  expect(shown.c).toBeCloseTo(shown.a / 20, 12);
  // The tied value has the delta-method error the core reports, not "fixed".
  await expect(page.getByTestId('result-stderr-c')).not.toHaveText('fixed');
  // Profile and bootstrap refits cannot tie parameters: the panel says so instead of failing.
  await expect(page.getByTestId('profile-button')).toBeDisabled();
  await expect(page.getByTestId('interval-unavailable')).toContainText('c is tied');
});

test('the library browser shows every model with its shape and parameter meanings; picking one fills the model', async ({
  page,
}, testInfo) => {
  await page.goto('/');
  await page.getByTestId('model-library-button').click();
  const dialog = page.getByTestId('model-library');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('polyline.model-shape-curve')).toHaveCount(
    await dialog.locator('[data-testid^="model-library-item-"]').count(),
  );
  await expect(page.getByTestId('model-library-item-gaussian')).toContainText('Gaussian');
  await expect(dialog).toContainText('width (standard deviation σ)');
  const axe = await new AxeBuilder({ page }).include('[data-testid="model-library"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  for (const width of [390, 1400, 2560]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: testInfo.outputPath(`library-${width}.png`) });
  }
  // Escape closes it; focus goes back to the button.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('model-library-button')).toBeFocused();
  // Keyboard only: open, filter, pick.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await page.getByRole('searchbox', { name: 'Filter models' }).fill('hill');
  await expect(page.getByTestId('model-library-item-gaussian')).toHaveCount(0);
  await page.getByTestId('model-library-item-hill').focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('model-input')).toHaveValue('hill');
  // No data yet: the starts are the model's typical values.
  await expect(page.getByTestId('param-value-n')).toHaveValue('2.5');
});

test('a model that does not compile shows the message with a caret under the culprit', async ({ page }, testInfo) => {
  await page.goto('/');
  const model = page.getByTestId('model-input');
  await model.fill('a*exp(-x/t) +* c');
  const error = page.getByTestId('model-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(model).toHaveAttribute('aria-describedby', 'model-error');
  await expect(model).toHaveAttribute('aria-invalid', 'true');
  const position = Number(await error.getAttribute('data-position'));
  await expect(page.getByTestId('model-error-caret')).toHaveText('a*exp(-x/t) +* c'[position]);
  await page.screenshot({ path: testInfo.outputPath('caret-error.png') });
  await model.fill('a*exp(-x/');
  await expect(page.getByTestId('model-error-caret')).toHaveText(' ');
  await model.fill('a*exp(-x/t)');
  await expect(error).toHaveCount(0);
  await expect(model).not.toHaveAttribute('aria-describedby', /.+/);
});
