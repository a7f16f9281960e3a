import { expect, test, type Download, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectConsoleErrors } from './console-guard';
import { openDemo, setParam, waitConverged } from './workbench-helpers';

async function downloaded(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const wait = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  const d: Download = await wait;
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(path) };
}

async function fitDemo(page: Page): Promise<void> {
  await openDemo(page, 'demo=gaussian');
  await page.getByTestId('fit-button').click();
  await waitConverged(page);
  await expect(page.getByTestId('residual-chart')).toBeVisible();
}

test('results take-away: bands, heat map, CSV, JSON, SVG, PNG, report, and a scipy script that reproduces the fit', async ({
  page,
}, testInfo) => {
  const errors = collectConsoleErrors(page);
  await fitDemo(page);
  // The model typeset by KaTeX (loaded on demand).
  await expect(page.getByTestId('model-math').locator('.katex')).toBeVisible();
  await expect(page.getByTestId('confidence-band')).toHaveAttribute('d', /^M.+Z$/);
  await expect(page.getByTestId('correlation-heatmap')).toBeVisible();
  await expect(page.getByTestId('correlation-heatmap').locator('td[data-value="1"]')).toHaveCount(3);
  const names = ['a', 'mu', 's'];
  const ui: Record<string, number> = {};
  for (const n of names) ui[n] = Number(await page.getByTestId(`result-param-${n}`).getAttribute('data-value'));

  const csv = await downloaded(page, 'export-results-csv');
  const lines = csv.bytes.toString().trim().split('\n');
  expect(lines[0]).toBe('parameter,value,stderr,ci_lower,ci_upper,vary');
  expect(Number(lines[1].split(',')[1])).toBe(ui.a);
  const json = JSON.parse((await downloaded(page, 'export-results-json')).bytes.toString());
  expect(json.result.params.mu).toBe(ui.mu);
  const svg = (await downloaded(page, 'export-plot-svg')).bytes.toString();
  expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svg).toContain('confidence-band');
  const png = (await downloaded(page, 'export-plot-png')).bytes;
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  const report = await downloaded(page, 'export-report');
  expect(report.name).toMatch(/\.html$/);
  const html = report.bytes.toString();
  expect(html).toContain('[[Variables]]');
  expect(html).toContain('<svg');
  const md = (await downloaded(page, 'export-report-md')).bytes.toString();
  expect(md).toContain('| parameter | value ± std. error |');
  expect(md).toContain('![Fit');

  await page.getByTestId('copy-python').click();
  const script = await page.getByTestId('python-script').inputValue();
  const dir = mkdtempSync(join(tmpdir(), 'fitbench-e2e-py-'));
  writeFileSync(join(dir, 'fit.py'), script);
  const out = execFileSync('python3', [join(dir, 'fit.py')], { encoding: 'utf8' });
  const py = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { params: Record<string, number> };
  for (const n of names) expect(Math.abs(py.params[n] - ui[n]) / Math.abs(ui[n]), n).toBeLessThan(1e-6);

  await page.getByTestId('y-log').check();
  await expect(page.getByTestId('fit-chart').locator('svg[role="img"]')).toHaveAttribute('aria-label', /log y/);
  await page.getByTestId('residual-view').selectOption('qq');
  await expect(page.getByTestId('residual-chart')).toHaveAttribute('data-view', 'qq');
  await page.screenshot({ path: testInfo.outputPath('takeaway.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('undo/redo over edits (buttons and Ctrl+Z / Ctrl+Shift+Z)', async ({ page }) => {
  await openDemo(page, 'demo=exp-decay');
  const model = page.getByTestId('model-input');
  const original = await model.inputValue();
  await model.fill('a*exp(-x/t)');
  await page.waitForTimeout(600);
  await page.getByTestId('method-select').selectOption('trf');
  await page.waitForTimeout(600);
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('method-select')).toHaveValue('auto');
  await expect(model).toHaveValue('a*exp(-x/t)');
  await page.keyboard.press('Control+z');
  await expect(model).toHaveValue(original);
  await page.keyboard.press('Control+Shift+z');
  await expect(model).toHaveValue('a*exp(-x/t)');
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('method-select')).toHaveValue('trf');
});

test('projects: list, rename, duplicate, delete, export and import a file; a share link opens the project', async ({
  page,
  context,
}) => {
  await fitDemo(page);
  await page.getByTestId('project-name').click();
  await page.getByTestId('project-name-input').fill('Peak study');
  await page.getByTestId('project-name-input').press('Enter');
  await expect(page.getByTestId('project-name')).toHaveText('Peak study');
  await page.getByTestId('project-duplicate').click();
  await expect(page.getByTestId('project-name')).toHaveText('Peak study (copy)');
  await expect(page.getByTestId('project-list').locator('option')).toHaveCount(2);
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('project-delete').click();
  await expect(page.getByTestId('project-list').locator('option')).toHaveCount(1);
  await expect(page.getByTestId('project-name')).toHaveText('Peak study');
  await expect(page.getByTestId('result-param-mu')).toBeAttached();

  const file = await downloaded(page, 'project-export');
  await page.getByTestId('project-new').click();
  await expect(page.getByTestId('model-input')).toHaveValue('');
  await page
    .getByTestId('project-import-input')
    .setInputFiles({ name: file.name, mimeType: 'application/json', buffer: file.bytes });
  await expect(page.getByTestId('model-input')).toHaveValue('gaussian');
  await expect(page.getByTestId('result-param-mu')).toBeAttached();
  await page.getByTestId('project-import-input').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(file.bytes.toString().replace('gaussian', 'lorentz')),
  });
  await expect(page.getByTestId('project-error')).toContainText('checksum does not match');

  await page.getByTestId('share-link').click();
  const url = await page.getByTestId('share-link-url').inputValue();
  expect(url).toContain('#/share/');
  const other = await context.newPage();
  await other.goto(url);
  await expect(other.getByTestId('model-input')).toHaveValue('gaussian');
  await expect(other.getByTestId('data-summary')).toContainText('201 rows');
  await expect(other.getByTestId('project-name')).toHaveText(/shared/);
  expect(other.url()).not.toContain('/share/');
});

test('fit history: two models compared side by side with Akaike weights', async ({ page }) => {
  await fitDemo(page);
  await page.getByTestId('model-input').fill('a*exp(-(x-mu)^2/(2*s^2)) + c');
  await setParam(page, 'a', 3);
  await setParam(page, 'mu', 0.5);
  await setParam(page, 's', 1);
  await setParam(page, 'c', 0);
  await page.getByTestId('fit-button').click();
  await waitConverged(page);
  await expect(page.getByTestId('history-row-1')).toBeVisible();
  await page.getByTestId('history-pick-0').check();
  await page.getByTestId('history-pick-1').check();
  await expect(page.getByTestId('fit-comparison')).toBeVisible();
  const w0 = Number(await page.getByTestId('akaike-weight-0').textContent());
  const w1 = Number(await page.getByTestId('akaike-weight-1').textContent());
  expect(w0 + w1).toBeCloseTo(1, 2);
  // Nested (the library gaussian has no offset c): compareFits' F test and its conclusion.
  await expect(page.getByTestId('comparison-conclusion')).toContainText('F test');
  await page.getByTestId('history-show-1').click();
  await expect(page.getByTestId('result-param-c')).toHaveCount(0);
  await expect(page.getByTestId('fit-status')).toContainText('converged');
});
