import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parseNotebook } from '../src/tutorials/notebook-source';
import { expectNotebookRanClean, libraryFunctions, NOTEBOOKS } from './notebook-helpers';
import { collectConsoleErrors } from './console-guard';

test('the notebooks index lists every notebook', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/#/notebooks');
  for (const meta of NOTEBOOKS) await expect(page.getByTestId(`notebook-link-${meta.id}`)).toBeVisible();
  await page.getByTestId(`notebook-link-${NOTEBOOKS[0].id}`).click();
  await expect(page.getByTestId('notebook-run-all')).toBeVisible();
  // Prose is not a cell: only fenced cells are notebook-cells.
  await expect(page.locator('[data-testid="notebook-cell"] p')).toHaveCount(0);
  expect(errors).toEqual([]);
});

for (const meta of NOTEBOOKS) {
  test(`notebook ${meta.id}: run all, no cell in error, every stated figure holds`, async ({ page }) => {
    test.setTimeout(240_000);
    const errors = collectConsoleErrors(page);
    await page.goto(`/#/notebooks/${meta.id}`);
    const available = await libraryFunctions(page);
    // Every feature a shipped notebook needs has landed: none may be left waiting.
    expect(meta.requires.filter((name) => !available.includes(name))).toEqual([]);
    await expect(page.getByTestId('notebook-waiting')).toHaveCount(0);
    await page.getByTestId('notebook-run-all').click();
    await expectNotebookRanClean(page);
    expect(errors).toEqual([]);
  });
}

test('an edited cell persists across a reload; reset cell and reset notebook restore the source', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/#/notebooks/first-fit');
  const first = page.getByTestId('notebook-cell').first();
  const code = first.getByTestId('notebook-cell-code');
  const original = await code.inputValue();
  await code.fill('const answer = 6 * 7;\nshow(`answer ${answer}`);');
  await first.getByTestId('notebook-cell-run').click();
  await expect(first).toHaveAttribute('data-status', 'ok');
  await expect(first.getByTestId('notebook-output')).toContainText('answer 42');
  // The edit is saved (debounced) to IndexedDB: wait for it, then reload.
  await page.waitForTimeout(600);
  await page.reload();
  await expect(page.getByTestId('notebook-cell').first().getByTestId('notebook-cell-code')).toHaveValue(
    'const answer = 6 * 7;\nshow(`answer ${answer}`);',
  );
  // A later cell reads the first cell's variable.
  const second = page.getByTestId('notebook-cell').nth(1);
  await page.getByTestId('notebook-cell').first().getByTestId('notebook-cell-run').click();
  await second.getByTestId('notebook-cell-code').fill('show(answer + 1)');
  await second.getByTestId('notebook-cell-run').click();
  await expect(second.getByTestId('notebook-output')).toContainText('43');
  // The download carries the edits.
  const download = page.waitForEvent('download');
  await page.getByTestId('notebook-download').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('first-fit.md');
  const text = readFileSync(await file.path(), 'utf8');
  expect(text).toContain('```js cell\nconst answer = 6 * 7;');
  expect(parseNotebook(text).meta.id).toBe('first-fit');
  await page.getByTestId('notebook-cell').first().getByTestId('notebook-cell-reset').click();
  await expect(page.getByTestId('notebook-cell').first().getByTestId('notebook-cell-code')).toHaveValue(original);
  await page.getByTestId('notebook-reset').click();
  await expect(second).toHaveAttribute('data-status', 'idle');
  await page.waitForTimeout(600);
  await page.reload();
  await expect(page.getByTestId('notebook-cell').nth(1).getByTestId('notebook-cell-code')).not.toHaveValue(
    'show(answer + 1)',
  );
  expect(errors).toEqual([]);
});

test('a runaway cell is stopped: the kernel restarts and the notebook runs again', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/#/notebooks/first-fit');
  const first = page.getByTestId('notebook-cell').first();
  await first.getByTestId('notebook-cell-code').fill('const before = 1;\nprogress(1, 2, "looping");\nwhile (true) {}');
  await first.getByTestId('notebook-cell-run').click();
  await expect(first).toHaveAttribute('data-status', 'running');
  await expect(first.getByTestId('notebook-progress')).toContainText('looping');
  // The page stays responsive: the loop is in the kernel worker, not on the page's thread.
  await expect(page.getByTestId('notebook-stop')).toBeEnabled();
  await page.getByTestId('notebook-stop').click();
  await expect(first).toHaveAttribute('data-status', 'error');
  await expect(first.getByTestId('notebook-error')).toContainText('kernel restarted');
  await expect(page.getByTestId('notebook-kernel-status')).toContainText('kernel restarted');
  // Variables are gone with the old kernel; a fresh one runs the next cell.
  const second = page.getByTestId('notebook-cell').nth(1);
  await second.getByTestId('notebook-cell-code').fill('show(typeof before)');
  await second.getByTestId('notebook-cell-run').click();
  await expect(second).toHaveAttribute('data-status', 'ok');
  await expect(second.getByTestId('notebook-output')).toContainText('undefined');
  await page.getByTestId('notebook-reset').click();
  expect(errors).toEqual([]);
});

test('a notebook opened from a file is shown but runs only after the reader trusts it', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  const source = [
    '---',
    'id: from-file',
    'title: A notebook from a file',
    'level: beginner',
    'time: 1 minute',
    'prerequisites: [none]',
    'requires: [curveFit]',
    '---',
    'A fit of a line.',
    '```js cell',
    "const r = await curveFit({ model: 'slope*x + c', x: [0, 1, 2, 3], y: [1, 3, 5, 7], p0: { slope: 1, c: 0 } });",
    'show.table(r);',
    '```',
    'The slope is {{r.params.slope = 2.000}}.',
    'A TypeScript cell: types are stripped in the kernel.',
    '```ts cell',
    'interface Line { slope: number; c: number }',
    'const line: Line = { slope: r.params.slope, c: r.params.c };',
    'const at = (v: number): number => line.slope * v + line.c;',
    'show(`at 10: ${at(10).toFixed(3)}`);',
    '```',
    'At 10 the line is {{at(10) = 21.000}}.',
    '',
  ].join('\n');
  await page.goto('/#/notebooks');
  await page
    .getByTestId('notebook-open-file')
    .setInputFiles({ name: 'line.md', mimeType: 'text/markdown', buffer: Buffer.from(source) });
  await expect(page).toHaveURL(/#\/notebooks\/local-from-file$/);
  await expect(page.getByRole('heading', { name: 'A notebook from a file' })).toBeVisible();
  await expect(page.getByTestId('notebook-trust-prompt')).toContainText('line.md');
  const cell = page.getByTestId('notebook-cell');
  await expect(cell).toHaveCount(2);
  await expect(page.getByTestId('notebook-run-all')).toBeDisabled();
  await expect(cell.first().getByTestId('notebook-cell-run')).toBeDisabled();
  await expect(cell.first()).toHaveAttribute('data-status', 'idle');
  // Still untrusted after a reload.
  await page.reload();
  await expect(page.getByTestId('notebook-trust-prompt')).toBeVisible();
  await page.getByTestId('notebook-trust').click();
  await expect(page.getByTestId('notebook-trust-prompt')).toHaveCount(0);
  await page.getByTestId('notebook-run-all').click();
  await expectNotebookRanClean(page);
  await expect(cell.nth(1).getByTestId('notebook-output')).toContainText('at 10: 21.000');
  // Trust is remembered for this notebook.
  await page.reload();
  await expect(page.getByTestId('notebook-run-all')).toBeEnabled();
  await expect(page.getByTestId('notebook-trust-prompt')).toHaveCount(0);
  // A file that is not a notebook is refused with the reason.
  await page.goto('/#/notebooks');
  await page
    .getByTestId('notebook-open-file')
    .setInputFiles({ name: 'bad.md', mimeType: 'text/markdown', buffer: Buffer.from('# just markdown') });
  await expect(page.getByTestId('notebook-open-error')).toContainText('front matter');
  expect(errors).toEqual([]);
});

test('a notebook opened from a link asks for trust too', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.route('**/shared-notebook.md', (route) =>
    route.fulfill({
      contentType: 'text/markdown',
      body: '---\nid: linked\ntitle: Linked notebook\nlevel: beginner\ntime: 1 minute\nprerequisites: [none]\n---\n```js cell\nshow("hi")\n```\n',
    }),
  );
  await page.goto(`/#/notebooks/open/${encodeURIComponent('/shared-notebook.md')}`);
  await expect(page).toHaveURL(/#\/notebooks\/local-linked$/);
  await expect(page.getByTestId('notebook-trust-prompt')).toContainText('/shared-notebook.md');
  await expect(page.getByTestId('notebook-run-all')).toBeDisabled();
  expect(errors).toEqual([]);
});
