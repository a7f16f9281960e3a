/** Shared by the notebook specs (online and offline): the shipped notebooks and what "ran clean" means. */
import { readdirSync, readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { parseNotebook } from '../src/tutorials/notebook-source';

/** The shipped notebooks, read from their sources (the app bundles the same files). */
const DIR = 'src/tutorials/notebooks';
export const NOTEBOOKS = readdirSync(DIR)
  .filter((f) => f.endsWith('.md'))
  .map((f) => parseNotebook(readFileSync(`${DIR}/${f}`, 'utf8')).meta);

export async function libraryFunctions(page: Page): Promise<string[]> {
  await page.waitForFunction(() => Boolean((window as { fitbench?: unknown }).fitbench));
  return page.evaluate(() =>
    Object.entries((window as unknown as { fitbench: Record<string, unknown> }).fitbench)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k),
  );
}

/** Every cell ok (none idle, running or in error) and every stated figure confirmed. */
export async function expectNotebookRanClean(page: Page): Promise<void> {
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
