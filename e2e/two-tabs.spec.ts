import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console-guard';
import { FAR_START, newestJob, openDemo, setStart, waitConverged } from './workbench-helpers';

test('two tabs: the second sees the first tab’s running fit as running elsewhere, cannot resume or discard it, and the first tab’s result is stored', async ({
  context,
}, testInfo) => {
  const first = await context.newPage();
  const errors = collectConsoleErrors(first);
  await openDemo(first, 'demo=gaussian&backend=cpu&chaos=iterationDelayMs:2000');
  await setStart(first, FAR_START);
  await first.getByTestId('fit-button').click();
  await expect(first.getByTestId('fit-status')).toContainText('running');
  await expect.poll(async () => (await newestJob(first)).iteration, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  const job = await newestJob(first);

  // The second tab opens while the first one fits.
  const second = await context.newPage();
  const secondErrors = collectConsoleErrors(second);
  await openDemo(second, 'demo=gaussian&backend=cpu');
  const offer = second.getByTestId(`resume-offer-${job.id}`);
  await expect(offer).toBeVisible();
  await expect(offer).toHaveAttribute('data-status', 'running-elsewhere');
  await expect(offer).toContainText('running in another tab');
  await expect(second.getByTestId('resume-button')).toHaveCount(0);
  await expect(offer.getByRole('button', { name: 'Discard' })).toBeDisabled();
  await second.screenshot({ path: testInfo.outputPath('second-tab.png'), fullPage: true });
  // Still running in the first tab: not interrupted, not discarded.
  expect((await newestJob(first)).status).toBe('running');

  await waitConverged(first);
  // The first tab's result is stored; the second tab's offer goes away (BroadcastChannel / lock release).
  await expect(second.getByTestId(`resume-offer-${job.id}`)).toHaveCount(0, { timeout: 15_000 });
  const stored = await second.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('fitbench');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const get = <T>(store: string) =>
      new Promise<T>((ok, fail) => {
        const r = db.transaction(store).objectStore(store).get(id);
        r.onsuccess = () => ok(r.result as T);
        r.onerror = () => fail(r.error);
      });
    const [record, result] = [await get<{ status: string }>('jobs'), await get<{ kind: string }>('results')];
    return { status: record?.status, result: result?.kind };
  }, job.id);
  expect(stored).toEqual({ status: 'converged', result: 'fit' });
  expect(errors).toEqual([]);
  expect(secondErrors).toEqual([]);
});
