import { expect, type Page } from '@playwright/test';
import type { FitProblem, FitResult } from '../src/core/api-types';

/** A deterministic small Gaussian-on-a-baseline data set as CSV (the paste test's input). */
export function gaussianCsv(n = 120): { csv: string; x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  for (let i = 0; i < n; i++) {
    const xi = Number((-4 + (8 * i) / (n - 1)).toFixed(6));
    const yi = Number((2.4 * Math.exp(-((xi - 0.4) ** 2) / (2 * 0.9 ** 2)) + 0.3 + 0.05 * (rand() - 0.5)).toFixed(6));
    x.push(xi);
    y.push(yi);
  }
  const csv = ['x,y', ...x.map((xi, i) => `${xi},${y[i]}`)].join('\n');
  return { csv, x, y };
}

/** Runs window.fitbench.curveFit in the page (the same worker runtime as the UI). */
export async function curveFitInPage(
  page: Page,
  problem: FitProblem,
  options: Record<string, unknown> = {},
): Promise<FitResult> {
  await page.waitForFunction(() => Boolean((window as unknown as { fitbench?: unknown }).fitbench));
  return page.evaluate(
    ([p, o]) =>
      (window as unknown as { fitbench: { curveFit(p: unknown, o: unknown): Promise<FitResult> } }).fitbench.curveFit(
        p,
        o,
      ),
    [problem, options] as const,
  );
}

/** The numbers of the result table, by parameter. */
export async function resultNumbers(
  page: Page,
  names: string[],
): Promise<{ params: Record<string, number>; stdErrors: Record<string, number> }> {
  const params: Record<string, number> = {};
  const stdErrors: Record<string, number> = {};
  for (const n of names) {
    params[n] = Number(await page.getByTestId(`result-param-${n}`).textContent());
    stdErrors[n] = Number(await page.getByTestId(`result-stderr-${n}`).textContent());
  }
  return { params, stdErrors };
}

/** |a − b| ≤ tol·max(|a|, |b|, tiny) for every name. */
export function expectClose(a: Record<string, number>, b: Record<string, number>, rel: number): void {
  for (const [name, v] of Object.entries(b)) {
    const scale = Math.max(Math.abs(v), Math.abs(a[name]), 1e-300);
    expect(Math.abs(a[name] - v) / scale, `${name}: ${a[name]} vs ${v}`).toBeLessThanOrEqual(rel);
  }
}

/** Waits until fit-status says the fit converged (fails fast on failed/cancelled). */
export async function waitConverged(page: Page, timeout = 60_000): Promise<void> {
  const status = page.getByTestId('fit-status');
  await expect(status).toHaveAttribute('data-state', /converged|failed|cancelled|not-converged/, { timeout });
  await expect(status).toHaveAttribute('data-state', 'converged');
  await expect(status).toContainText('converged');
}

/** Sets a parameter's start value. */
export async function setParam(page: Page, name: string, value: number): Promise<void> {
  await page.getByTestId(`param-value-${name}`).fill(String(value));
}

/** Opens the service dashboard (#/service) through the header's link. */
export async function openServicePage(page: Page): Promise<void> {
  await page.getByTestId('nav-service').click();
  await expect(page.getByTestId('service-page')).toBeVisible();
}

/** Back to the workbench through the header's link (the page, its data and fit stay). */
export async function openWorkbench(page: Page): Promise<void> {
  await page.getByTestId('nav-workbench').click();
  await expect(page.getByTestId('fit-button')).toBeVisible();
}

/** Applies a partial service configuration through the service dashboard's settings panel. */
export async function applySettings(page: Page, patch: unknown): Promise<void> {
  await openServicePage(page);
  await page.getByTestId('settings-panel').locator('summary').click();
  await page.getByTestId('settings-input').fill(JSON.stringify(patch));
  await page.getByTestId('settings-apply').click();
  await expect(page.getByTestId('settings-error')).toHaveCount(0);
  await openWorkbench(page);
}

/** The newest job's snapshot from window.fitbench.service. */
export async function newestJob(page: Page): Promise<{
  id: string;
  status: string;
  retries: number;
  attempts: number;
  iteration: number;
  resumedFromIteration: number | null;
  lastCheckpointIteration: number | null;
  checkpointsWritten: number;
}> {
  return page.evaluate(() => {
    const jobs = (window as unknown as { fitbench: { service: { jobs(): { id: string }[] } } }).fitbench.service.jobs();
    return JSON.parse(JSON.stringify(jobs[0]));
  });
}

/** Loads a demo and waits until its data and model are in place. */
export async function openDemo(page: Page, query: string): Promise<void> {
  await page.goto(`/?${query}`);
  await expect(page.getByTestId('data-summary')).toBeVisible();
  await expect(page.getByTestId('model-input')).not.toHaveValue('');
}

/** A start far from the answer, so the fit takes enough iterations to interrupt. */
export const FAR_START = { a: 1, mu: -2.5, s: 2.5 };

export async function setStart(page: Page, p0: Record<string, number>): Promise<void> {
  for (const [name, v] of Object.entries(p0)) await setParam(page, name, v);
}

/** Clicks Fit and waits until that new job is final; returns its status. */
export async function fitOnce(page: Page): Promise<string> {
  const count = await page.evaluate(
    () => (window as unknown as { fitbench: { service: { jobs(): unknown[] } } }).fitbench.service.jobs().length,
  );
  await expect(page.getByTestId('fit-button')).toBeEnabled();
  await page.getByTestId('fit-button').click();
  await expect
    .poll(async () => {
      const jobs = await page.evaluate(() =>
        (window as unknown as { fitbench: { service: { jobs(): { status: string }[] } } }).fitbench.service
          .jobs()
          .map((j) => j.status),
      );
      return jobs.length > count && ['converged', 'not-converged', 'failed', 'cancelled'].includes(jobs[0])
        ? jobs[0]
        : 'pending';
    })
    .not.toBe('pending');
  return (await newestJob(page)).status;
}
