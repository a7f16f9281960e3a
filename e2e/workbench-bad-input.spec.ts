import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console-guard';

test('malformed CSV and a bad model: messages next to the fields, nothing typed is lost', async ({
  page,
}, testInfo) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  const data = page.getByTestId('data-input');
  const model = page.getByTestId('model-input');

  // A text cell in a numeric column: the message names its row and column.
  const bad = 'x,y\n1,2.0\n2,3.9\n3,abc\n4,8.1\n5,9.8\n';
  await data.fill(bad);
  const dataError = page.getByTestId('columns-error').or(page.getByTestId('data-error'));
  await expect(dataError).toBeVisible();
  await expect(dataError).toContainText('row 4');
  await expect(dataError).toContainText("'y'");
  await expect(data).toHaveValue(bad);

  // A ragged row is a parse error of the table itself.
  const ragged = 'x,y\n1,2\n2,3,4\n3,5\n';
  await data.fill(ragged);
  await expect(page.getByTestId('data-error')).toBeVisible();
  await expect(page.getByTestId('data-error')).toContainText('row 3');
  await expect(data).toHaveValue(ragged);

  // An unfinished expression: the caret points at the problem, the text stays.
  await data.fill('x,y\n0,1\n1,0.5\n2,0.26\n3,0.13\n4,0.07\n');
  await expect(page.getByTestId('data-error')).toHaveCount(0);
  await expect(page.getByTestId('columns-error')).toHaveCount(0);
  const typed = 'a*exp(-x/';
  await model.fill(typed);
  const modelError = page.getByTestId('model-error');
  await expect(modelError).toBeVisible();
  await expect(modelError).toContainText('^');
  await expect(modelError).toContainText('position');
  await expect(model).toHaveValue(typed);

  // An unknown function is named.
  await model.fill('a*expp(-x/t)');
  await expect(modelError).toContainText('expp');

  // Fixed: the rows appear; a bound that is not a number is reported on its row.
  await model.fill('a*exp(-x/t)');
  await expect(modelError).toHaveCount(0);
  await page.getByTestId('param-min-t').fill('zero');
  await expect(page.getByTestId('param-error-t')).toContainText('zero');
  await expect(page.getByTestId('param-min-t')).toHaveValue('zero');
  await page.getByTestId('fit-button').click();
  await expect(page.getByTestId('fit-status')).toContainText('not started');
  // Inverted bounds are refused before anything runs.
  await page.getByTestId('param-min-t').fill('5');
  await page.getByTestId('param-max-t').fill('1');
  await expect(page.getByTestId('param-error-t')).toContainText('above');
  await page.getByTestId('param-min-t').fill('0');
  await page.getByTestId('param-max-t').fill('');
  await expect(page.getByTestId('param-error-t')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('bad-input.png'), fullPage: true });

  await page.getByTestId('fit-button').click();
  await expect(page.getByTestId('fit-status')).toContainText('converged');
  expect(errors).toEqual([]);
});

test('an unknown demo and a bad chaos switch are reported, and the page still works', async ({ page }) => {
  await page.goto('/?demo=nope&chaos=failureRat:1');
  await expect(page.getByTestId('demo-error')).toContainText('Unknown demo "nope"');
  await expect(page.getByTestId('url-problem')).toContainText('failureRat');
  await expect(page.getByTestId('fit-button')).toBeVisible();
});
