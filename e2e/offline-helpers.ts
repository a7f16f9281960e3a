import { expect, type Page } from '@playwright/test';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { serveStatic } from '../scripts/serve-static.mjs';

/** The built app the suite serves (playwright.config.ts's FITBENCH_DIST). */
export const DIST = process.env.FITBENCH_DIST ?? 'dist';

/**
 * A server of its own for one test, on a free loopback port (127.0.0.1 is a secure context,
 * so service workers run): offline tests close it, to be sure nothing comes from the network.
 */
export async function startServer(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = await serveStatic(root, 0);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closed = false;
  return {
    url,
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A copy of the build that a test may change (a new deployment) without touching dist/. */
export function copyOfBuild(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'fitbench-dist-'));
  cpSync(DIST, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Waits until the service worker has installed (the precache is complete) and controls the page. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  // `ready` resolves once a worker is active, i.e. after its install step precached the build.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** The URLs the service worker precaches, read from the built sw.js. */
export function precachedUrls(dir = DIST): string[] {
  const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
  return [...sw.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1]);
}

/** Every file of the build, relative and '/'-separated, with its size. */
export function buildFiles(dir = DIST): { path: string; size: number }[] {
  const out: { path: string; size: number }[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      const info = statSync(full);
      if (info.isDirectory()) walk(full);
      else out.push({ path: relative(dir, full).split(sep).join('/'), size: info.size });
    }
  };
  walk(dir);
  return out;
}

/** The service's counters the offline tests check: nothing burnt, nothing retried. */
export async function serviceCounters(
  page: Page,
): Promise<{ health: string; budgetJobs: number; remaining: number; retries: number }> {
  return page.evaluate(() => {
    const snap = (
      window as unknown as {
        fitbench: {
          service: {
            snapshot(): {
              health: { state: string };
              budget: { jobs: number; remaining: number };
              metrics: { retries: number };
            };
          };
        };
      }
    ).fitbench.service.snapshot();
    return {
      health: snap.health.state,
      budgetJobs: snap.budget.jobs,
      remaining: snap.budget.remaining,
      retries: snap.metrics.retries,
    };
  });
}

/** The newest job's status and error code. */
export async function newestJobError(page: Page): Promise<{ status: string; code: string | null; message: string }> {
  return page.evaluate(() => {
    const jobs = (
      window as unknown as {
        fitbench: { service: { jobs(): { status: string; error: { code: string; message: string } | null }[] } };
      }
    ).fitbench.service.jobs();
    const j = jobs[0];
    return { status: j.status, code: j.error?.code ?? null, message: j.error?.message ?? '' };
  });
}

/** Loads a demo from `base` and waits until its data and model are in place. */
export async function openDemoAt(page: Page, base: string, query: string): Promise<void> {
  await page.goto(`${base}/?${query}`);
  await expect(page.getByTestId('data-summary')).toBeVisible();
  await expect(page.getByTestId('model-input')).not.toHaveValue('');
}
