import { readdirSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parseNotebook } from '../src/tutorials/notebook-source';
import { collectConsoleErrors } from './console-guard';

/** The shipped notebooks, read from their sources (the app bundles the same files). */
const DIR = 'src/tutorials/notebooks';
const NOTEBOOKS = readdirSync(DIR)
  .filter((f) => f.endsWith('.md'))
  .map((f) => parseNotebook(readFileSync(`${DIR}/${f}`, 'utf8')).meta);

async function libraryFunctions(page: Page): Promise<string[]> {
  await page.waitForFunction(() => Boolean((window as { fitbench?: unknown }).fitbench));
  return page.evaluate(() =>
    Object.entries((window as unknown as { fitbench: Record<string, unknown> }).fitbench)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k),
  );
}

/** Every cell ok (none idle, running or in error) and every stated figure confirmed. */
async function expectNotebookRanClean(page: Page): Promise<void> {
  const cells = page.getByTestId('notebook-cell');
  const count = await cells.count();
  expect(count).toBeGreaterThan(0);
  // The last cell finishes last: wait for it, then read them all.
  await expect(cells.nth(count - 1)).toHaveAttribute('data-status', /ok|error/, { timeout: 180_000 });
  const statuses = await cells.evaluateAll((els) => els.map((el) => el.getAttribute('data-status')));
  const errors = await page.getByTestId('notebook-error').allTextContents();
  expect({ statuses: statuses.filter((s) => s !== 'ok'), errors }).toEqual({ statuses: [], errors: [] });
  const numbers = await page.getByTestId('notebook-number').evaluateAll((els) =>
    els.map((el) => ({
      expression: el.getAttribute('data-expression'),
      expected: el.getAttribute('data-expected'),
      actual: el.getAttribute('data-actual'),
      status: el.getAttribute('data-status'),
    })),
  );
  expect(numbers.filter((n) => n.status !== 'ok')).toEqual([]);
}

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
    const waitingFor = meta.requires.filter((name) => !available.includes(name));
    if (waitingFor.length > 0) {
      // Not landed yet: the notebook says what it waits for and runs nothing.
      await expect(page.getByTestId('notebook-waiting')).toContainText(`Waiting for ${waitingFor.join(', ')}`);
      await expect(page.getByTestId('notebook-run-all')).toBeDisabled();
      return;
    }
    await expect(page.getByTestId('notebook-waiting')).toHaveCount(0);
    await page.getByTestId('notebook-run-all').click();
    await expectNotebookRanClean(page);
    expect(errors).toEqual([]);
  });
}
