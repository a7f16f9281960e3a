/**
 * The app as an installed, updatable web app (issue 10): Chromium's installability check
 * passes (manifest, icons, service worker), and a new deployment is offered as "reload to
 * update" without swapping code under a running fit: the new service worker waits while a
 * fit runs, the fit finishes on the code it started with, and the new version takes over
 * only on the user's click.
 */
import { expect, test, type Page } from '@playwright/test';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '../playwright.config';
import { copyOfBuild, DIST, openDemoAt, startServer, waitForServiceWorker } from './offline-helpers';
import { FAR_START, newestJob, setStart, waitConverged } from './workbench-helpers';

test('Chromium finds the app installable: no installability errors, a manifest with 192 and 512 px icons', async ({
  playwright,
}) => {
  // Chromium never installs from an incognito profile, and a test's context is one: this
  // check runs in a persistent profile of its own.
  const profile = mkdtempSync(join(tmpdir(), 'fitbench-profile-'));
  const context = await playwright.chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const server = await startServer(DIST);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server.url}/`);
    await waitForServiceWorker(page);
    const cdp = await context.newCDPSession(page);
    const manifest = (await cdp.send('Page.getAppManifest')) as {
      url: string;
      errors: { message: string }[];
      data?: string;
    };
    expect(manifest.url).toMatch(/manifest\.webmanifest$/);
    expect(manifest.errors).toEqual([]);
    const parsed = JSON.parse(manifest.data ?? '{}') as { icons: { src: string; sizes: string; purpose?: string }[] };
    const sizes = parsed.icons.map((i) => `${i.sizes}${i.purpose === 'maskable' ? ' maskable' : ''}`);
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512', '512x512 maskable']));
    // The icons the manifest names are real PNGs of their stated size.
    for (const icon of parsed.icons.filter((i) => i.sizes !== 'any')) {
      const png = readFileSync(join(DIST, icon.src));
      expect(png.subarray(1, 4).toString(), icon.src).toBe('PNG');
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
    }
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
  } finally {
    await context.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

/** Asks the page's service worker which deployment it is (the second one answers). */
async function deploymentOfController(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const controller = navigator.serviceWorker.controller;
        if (!controller) return resolve('none');
        const channel = new MessageChannel();
        channel.port1.onmessage = (e) => resolve(String(e.data));
        controller.postMessage({ type: 'DEPLOYMENT?' }, [channel.port2]);
        setTimeout(() => resolve('first'), 1500);
      }),
  );
}

test('a new deployment waits behind "reload to update" while a fit runs, and takes over on the click', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const build = copyOfBuild();
  const server = await startServer(build.dir);
  try {
    await openDemoAt(page, server.url, 'demo=gaussian&chaos=iterationDelayMs:3000');
    await waitForServiceWorker(page);
    expect(await deploymentOfController(page)).toBe('first');
    await expect(page.getByTestId('update-prompt')).toHaveCount(0);

    // A slow fit is running when the new deployment arrives.
    await setStart(page, FAR_START);
    await page.getByTestId('fit-button').click();
    await expect(page.getByTestId('fit-status')).toContainText('running');
    const job = await newestJob(page);

    // Deployment 2: a service worker with other bytes (it also says which deployment it is).
    appendFileSync(
      join(build.dir, 'sw.js'),
      `\nself.addEventListener('message', (e) => { if (e.data && e.data.type === 'DEPLOYMENT?') e.ports[0].postMessage('second'); });\n`,
    );
    // What the page's hourly check does.
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));

    const prompt = page.getByTestId('update-prompt');
    await expect(prompt).toBeVisible();
    await expect(prompt).toContainText('new version');
    await expect(page.getByTestId('update-reload')).toBeDisabled();
    await expect(page.getByTestId('update-blocked')).toContainText('fit is running');
    await page.screenshot({ path: testInfo.outputPath('update-waits-for-fit.png'), fullPage: true });
    // The new worker waits; the page and its fit keep the code they started with.
    const waiting = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return {
        waiting: r?.waiting?.state ?? null,
        controllerIsActive: navigator.serviceWorker.controller === r?.active,
      };
    });
    expect(waiting).toEqual({ waiting: 'installed', controllerIsActive: true });
    expect(await deploymentOfController(page)).toBe('first');
    expect((await newestJob(page)).status).toBe('running');

    // The fit ends (here: cancelled); the update is offered for real and applied on the click.
    await page.getByTestId('cancel-button').click();
    await expect(page.getByTestId('fit-status')).toHaveAttribute('data-state', 'cancelled');
    expect((await newestJob(page)).id).toBe(job.id);
    await expect(page.getByTestId('update-reload')).toBeEnabled();
    await expect(page.getByTestId('update-blocked')).toHaveCount(0);
    await Promise.all([page.waitForEvent('load'), page.getByTestId('update-reload').click()]);
    await waitForServiceWorker(page);
    expect(await deploymentOfController(page)).toBe('second');
    await expect(page.getByTestId('update-prompt')).toHaveCount(0);
    expect(
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null),
    ).toBeNull();

    // The updated app still fits.
    await openDemoAt(page, server.url, 'demo=gaussian');
    await page.getByTestId('fit-button').click();
    await waitConverged(page);
  } finally {
    await server.close();
    build.remove();
  }
});

test('an update activated in another tab never reloads a tab whose fit runs: that fit finishes on its own code', async ({
  context,
}) => {
  test.setTimeout(180_000);
  const build = copyOfBuild();
  const server = await startServer(build.dir);
  try {
    const idle = await context.newPage();
    const busy = await context.newPage();
    await openDemoAt(idle, server.url, 'demo=gaussian');
    await waitForServiceWorker(idle);
    await openDemoAt(busy, server.url, 'demo=gaussian&chaos=iterationDelayMs:3000');
    await waitForServiceWorker(busy);
    await busy.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await setStart(busy, FAR_START);
    await busy.getByTestId('fit-button').click();
    await expect(busy.getByTestId('fit-status')).toContainText('running');

    appendFileSync(
      join(build.dir, 'sw.js'),
      `\nself.addEventListener('message', (e) => { if (e.data && e.data.type === 'DEPLOYMENT?') e.ports[0].postMessage('second'); });\n`,
    );
    await idle.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    await expect(idle.getByTestId('update-reload')).toBeEnabled();
    await Promise.all([idle.waitForEvent('load'), idle.getByTestId('update-reload').click()]);
    await waitForServiceWorker(idle);
    expect(await deploymentOfController(idle)).toBe('second');

    // The busy tab was not reloaded: it says so, keeps its document and its running fit.
    await expect(busy.getByTestId('update-prompt')).toContainText('another tab');
    await expect(busy.getByTestId('update-reload')).toBeDisabled();
    expect(await busy.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect((await newestJob(busy)).status).toBe('running');
    await waitConverged(busy, 120_000);
    expect(await busy.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await expect(busy.getByTestId('update-reload')).toBeEnabled();
  } finally {
    await server.close();
    build.remove();
  }
});
