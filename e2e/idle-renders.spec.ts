import { expect, test, type Page } from '@playwright/test';
import { openDemo, openServicePage, openWorkbench, waitConverged } from './workbench-helpers';

/**
 * An idle page does not re-render (issue 12, defect 7: an idle workbench re-rendered about
 * once a second). React reports every commit to the DevTools hook, in production builds too;
 * the test installs a hook of its own that counts them, and also counts DOM mutations.
 */
declare global {
  interface Window {
    __reactCommits: number;
    __domMutations: number;
  }
}

async function countCommits(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__reactCommits = 0;
    window.__domMutations = 0;
    Object.defineProperty(window, '__REACT_DEVTOOLS_GLOBAL_HOOK__', {
      configurable: true,
      value: {
        isDisabled: false,
        supportsFiber: true,
        renderers: new Map(),
        inject: () => 1,
        onCommitFiberRoot: () => {
          window.__reactCommits += 1;
        },
        onCommitFiberUnmount: () => undefined,
        onPostCommitFiberRoot: () => undefined,
        checkDCE: () => undefined,
      },
    });
    document.addEventListener('DOMContentLoaded', () => {
      new MutationObserver((records) => {
        window.__domMutations += records.length;
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
  });
}

/** React commits and DOM mutations over `ms` of doing nothing. */
async function idleActivity(page: Page, ms: number): Promise<{ commits: number; mutations: number }> {
  // The first visit's one-time event, the service worker's "saved for offline use", is not
  // idle activity; under load it lands seconds after the page, so wait for it explicitly.
  await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready');
  // Let the last update settle (a microtask-batched store flush, a deferred chart) first.
  await page.waitForTimeout(1500);
  const before = await page.evaluate(() => [window.__reactCommits, window.__domMutations]);
  await page.waitForTimeout(ms);
  const after = await page.evaluate(() => [window.__reactCommits, window.__domMutations]);
  return { commits: after[0] - before[0], mutations: after[1] - before[1] };
}

test('an idle workbench, before and after a fit, does not re-render', async ({ page }) => {
  await countCommits(page);
  await openDemo(page, 'demo=gaussian');
  await expect(page.getByTestId('health-state')).toHaveText('Healthy');
  // The hook is live: loading the demo committed.
  expect(await page.evaluate(() => window.__reactCommits)).toBeGreaterThan(0);
  expect(await idleActivity(page, 3500)).toEqual({ commits: 0, mutations: 0 });

  await page.getByTestId('fit-button').click();
  await waitConverged(page);
  await expect(page.getByTestId('residual-chart')).toBeVisible();
  expect(await idleActivity(page, 3500)).toEqual({ commits: 0, mutations: 0 });

  // Back from the dashboard (which is live), the workbench is idle again.
  await openServicePage(page);
  await openWorkbench(page);
  expect(await idleActivity(page, 3500)).toEqual({ commits: 0, mutations: 0 });
});

test('the header badge and the other pages do not re-render while idle either', async ({ page }) => {
  await countCommits(page);
  for (const route of ['#/batch', '#/notebooks']) {
    await page.goto(`/${route}`);
    await expect(page.getByTestId('health-state')).toHaveText('Healthy');
    expect(await idleActivity(page, 2500), route).toEqual({ commits: 0, mutations: 0 });
  }
});
