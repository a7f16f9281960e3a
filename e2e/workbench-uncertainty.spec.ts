/**
 * Derived quantities, profile and bootstrap intervals in the workbench: the numbers the
 * result table shows are window.fitbench's (the library's) on the same problem, they are
 * kept with the project, and the page stays accessible with them on screen.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { FitProblem, FitResult } from '../src/core/api-types';
import { collectConsoleErrors } from './console-guard';
import { openDemo, waitConverged } from './workbench-helpers';

const NAMES = ['a', 'mu', 's'];

/** The shown fit's problem and result as the project file holds them (typed arrays decoded). */
async function shownFit(page: Page): Promise<{ problem: FitProblem; result: FitResult }> {
  const wait = page.waitForEvent('download');
  await page.getByTestId('project-export').click();
  const text = readFileSync(await (await wait).path(), 'utf8');
  const file = JSON.parse(text, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && '$f64' in v ? (v as { $f64: number[] }).$f64 : v,
  ) as { snapshot: { shown: { problem: FitProblem; result: FitResult } } };
  return file.snapshot.shown;
}

function relClose(a: number, b: number, rel: number, what: string): void {
  expect(Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(
    rel,
  );
}

async function bounds(page: Page, kind: 'profile' | 'bootstrap', name: string): Promise<[number, number]> {
  const cell = page.getByTestId(`result-${kind}-${name}`);
  return [Number(await cell.getAttribute('data-lower')), Number(await cell.getAttribute('data-upper'))];
}

test('derived quantity, profile and bootstrap intervals equal the library; kept on reload; accessible', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const errors = collectConsoleErrors(page);
  await openDemo(page, 'demo=gaussian&backend=cpu');
  await page.getByTestId('derived-add').click();
  await page.getByTestId('derived-name-0').fill('fwhm2');
  await page.getByTestId('derived-expr-0').fill('2.3548*q');
  await expect(page.getByTestId('derived-expr-error-0')).toContainText("'q' is not a parameter");
  await page.getByTestId('fit-button').click();
  await expect(page.getByTestId('fit-status')).toContainText('fwhm2');
  await page.getByTestId('derived-expr-0').fill('2.3548*s');
  await expect(page.getByTestId('derived-expr-error-0')).toHaveCount(0);
  await page.getByTestId('fit-button').click();
  await waitConverged(page);

  // Derived: the delta method on the fit's own numbers, and window.fitbench on the same problem.
  const { problem, result } = await shownFit(page);
  expect(problem.derived).toEqual({ fwhm2: '2.3548*s' });
  const shown = Number(await page.getByTestId('result-derived-fwhm2').getAttribute('data-value'));
  const shownErr = Number(await page.getByTestId('result-derived-stderr-fwhm2').getAttribute('data-value'));
  relClose(shown, 2.3548 * result.params.s, 1e-12, 'fwhm2 = 2.3548 s');
  relClose(shownErr, 2.3548 * result.stdErrors.s, 1e-9, 'its delta-method error');
  const lib = await page.evaluate(
    async ([p, r]) => {
      type Fb = {
        curveFit(p: unknown, o: unknown): Promise<FitResult>;
        profileIntervals(
          p: unknown,
          r: unknown,
          o: unknown,
        ): Promise<{ params: Record<string, { intervals: { lower: number | null; upper: number | null }[] }> }>;
        bootstrap(p: unknown, r: unknown, o: unknown): Promise<{ params: Record<string, { percentile: number[] }> }>;
      };
      const fb = (window as unknown as { fitbench: Fb }).fitbench;
      const refit = await fb.curveFit(p, { backend: 'cpu' });
      const profile = await fb.profileIntervals(p, r, { levels: [0.95] });
      const boot = await fb.bootstrap(p, r, { resamples: 200, seed: 5, level: 0.95 });
      return { derived: refit.derived?.fwhm2, profile: profile.params, boot: boot.params };
    },
    [problem, result] as const,
  );
  relClose(shown, lib.derived?.value ?? NaN, 1e-9, 'fwhm2 against window.fitbench');
  relClose(shownErr, lib.derived?.stdError ?? NaN, 1e-9, 'its error against window.fitbench');
  // A library gaussian brings its own derived quantities too.
  await expect(page.getByTestId('result-derived-fwhm')).toBeAttached();

  // Profile intervals through the service, as window.fitbench computes them.
  await page.getByTestId('profile-button').click();
  await expect(page.getByTestId('result-profile-mu')).toBeVisible({ timeout: 90_000 });
  for (const n of NAMES) {
    const [lo, hi] = await bounds(page, 'profile', n);
    relClose(lo, lib.profile[n].intervals[0].lower ?? NaN, 1e-9, `profile lower ${n}`);
    relClose(hi, lib.profile[n].intervals[0].upper ?? NaN, 1e-9, `profile upper ${n}`);
    expect(lo).toBeLessThan(result.params[n]);
    expect(hi).toBeGreaterThan(result.params[n]);
    await expect(page.getByTestId(`profile-plot-${n}`).locator('svg')).toHaveAttribute('aria-label', /Profile of/);
  }

  // Bootstrap with a seed: the same intervals twice, and window.fitbench's.
  await page.getByTestId('bootstrap-resamples').fill('200');
  await page.getByTestId('bootstrap-seed').fill('5');
  await page.getByTestId('bootstrap-button').click();
  await expect(page.getByTestId('result-bootstrap-mu')).toBeVisible({ timeout: 90_000 });
  const first = await bounds(page, 'bootstrap', 'mu');
  for (const n of NAMES) {
    const [lo, hi] = await bounds(page, 'bootstrap', n);
    relClose(lo, lib.boot[n].percentile[0], 1e-9, `bootstrap lower ${n}`);
    relClose(hi, lib.boot[n].percentile[1], 1e-9, `bootstrap upper ${n}`);
  }
  await page.getByTestId('bootstrap-button').click();
  await expect(page.getByTestId('interval-status')).toHaveText('', { timeout: 90_000 });
  expect(await bounds(page, 'bootstrap', 'mu')).toEqual(first);
  await expect(page.getByTestId('bootstrap-histogram-mu')).toBeVisible();
  await expect(page.getByTestId('history-intervals-0')).toContainText('profile + bootstrap intervals');

  // A bad setting names itself; nothing runs.
  await page.getByTestId('bootstrap-resamples').fill('3');
  await page.getByTestId('bootstrap-button').click();
  await expect(page.getByTestId('interval-error')).toContainText('Resamples must be');
  await page.getByTestId('bootstrap-resamples').fill('200');

  const axe = await new AxeBuilder({ page }).analyze();
  expect(
    axe.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`),
  ).toEqual([]);

  // The project keeps the definitions and the intervals.
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await page.goto('/');
  await expect(page.getByTestId('derived-name-0')).toHaveValue('fwhm2');
  await expect(page.getByTestId('derived-expr-0')).toHaveValue('2.3548*s');
  await expect(page.getByTestId('result-derived-fwhm2')).toHaveAttribute('data-value', String(shown));
  expect(await bounds(page, 'bootstrap', 'mu')).toEqual(first);
  await expect(page.getByTestId('result-profile-s')).toBeAttached();
  expect(errors).toEqual([]);
});

test('a bootstrap can be cancelled; the result table stays usable at 390 px', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 900 });
  await openDemo(page, 'demo=exp-decay&backend=cpu&chaos=iterationDelayMs:20');
  await page.getByTestId('fit-button').click();
  await waitConverged(page);
  await page.getByTestId('bootstrap-resamples').fill('2000');
  await page.getByTestId('bootstrap-button').click();
  await expect(page.getByTestId('interval-cancel')).toBeVisible();
  await page.getByTestId('interval-cancel').click();
  await expect(page.getByTestId('interval-error')).toHaveText('Bootstrap cancelled.');
  await expect(page.getByTestId('bootstrap-button')).toBeEnabled();
  await page.getByTestId('profile-button').click();
  await expect(page.getByTestId('interval-status')).toHaveText('', { timeout: 90_000 });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});
