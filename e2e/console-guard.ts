import type { Page } from '@playwright/test';

/**
 * Collects console errors and uncaught page errors so a spec can assert there were none.
 * Chromium's own WebGPU warnings about the software adapter are not the app's errors.
 */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}
