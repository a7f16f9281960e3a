#!/usr/bin/env node
// Regenerates the app's PNG icons (public/icons/) from the logo drawn below, rasterized by
// Debian's Chromium: 192 and 512 px "any" icons (rounded tile) and a 512 px maskable one
// (full-bleed background, the curve inside the central 80 % safe zone). The web app
// manifest names them; Chromium's installability check needs PNGs of these sizes.
import { chromium } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';

/** The logo on a 32×32 grid: a fitted curve through four data points. */
const ART =
  '<path d="M4 24 C10 24 12 6 16 6 S22 24 28 24" stroke="#ffd166" stroke-width="3" fill="none"/>' +
  '<circle cx="9" cy="20" r="1.6" fill="#fff"/><circle cx="14" cy="9" r="1.6" fill="#fff"/>' +
  '<circle cx="19" cy="10" r="1.6" fill="#fff"/><circle cx="24" cy="22" r="1.6" fill="#fff"/>';

function anyIcon() {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1f4e79"/>${ART}</svg>`;
}

/** Maskable: square background to the edges, art scaled to 70 % around the centre. */
function maskableIcon() {
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#1f4e79"/>' +
    `<g transform="translate(16 16) scale(0.7) translate(-16 -15)">${ART}</g></svg>`
  );
}

const ICONS = [
  { file: 'icon-192.png', size: 192, svg: anyIcon() },
  { file: 'icon-512.png', size: 512, svg: anyIcon() },
  { file: 'icon-maskable-512.png', size: 512, svg: maskableIcon() },
];

mkdirSync('public/icons', { recursive: true });
writeFileSync('public/icons/icon.svg', anyIcon() + '\n');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  for (const icon of ICONS) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    const body = icon.svg.replace('<svg ', `<svg width="${icon.size}" height="${icon.size}" `);
    await page.setContent(`<html><body style="margin:0;background:transparent">${body}</body></html>`);
    await page.screenshot({
      path: `public/icons/${icon.file}`,
      omitBackground: true,
      clip: { x: 0, y: 0, width: icon.size, height: icon.size },
    });
    await page.close();
    console.log(`public/icons/${icon.file} (${icon.size}×${icon.size})`);
  }
} finally {
  await browser.close();
}
