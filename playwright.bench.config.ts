import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// Browser benchmarks (`npm run bench -- --browser`): figures printed and attached, never
// pass/fail timing assertions. Same server and Chromium as the end-to-end tests.
export default defineConfig({
  ...base,
  testDir: './bench/browser',
  testMatch: /.*\.bench\.ts/,
  timeout: 900_000,
  reporter: [['list']],
  outputDir: './test-results/bench',
});
