#!/usr/bin/env node
// Regenerates docs/screenshot.png (the README's picture): the built app with the gaussian
// demo fitted, in Debian's Chromium. Run `npm run build` first.
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { serveStatic } from './serve-static.mjs';

const server = await serveStatic('dist', 0);
const url = `http://127.0.0.1:${server.address().port}/?demo=gaussian`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--enable-unsafe-webgpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await page.goto(url);
  await page.getByTestId('fit-button').click();
  await page.getByTestId('fit-status').filter({ hasText: 'converged' }).waitFor({ timeout: 60_000 });
  await page.waitForTimeout(800);
  mkdirSync('docs', { recursive: true });
  await page.screenshot({ path: 'docs/screenshot.png' });
  console.log('docs/screenshot.png written');
} finally {
  await browser.close();
  server.close();
}
