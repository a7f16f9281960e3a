import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Weight (issue 12): what a first visit downloads before the workbench runs is index.html's
 * module script and its modulepreloads. The other routes, KaTeX, the spreadsheet reader and
 * the dashboard's chart load when used; this checks they stay out of that set (the size
 * itself is a figure: `npm run bench -- --weight`).
 */
const DIST = process.env.FITBENCH_DIST ?? 'dist';

function initialSources(): string[] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="\.?\/?([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\.?\/?([^"]+)"/g),
  ].map((m) => m[1]);
  expect(files.length).toBeGreaterThan(0);
  // Every chunk with code of ours has a source map (the bundler's tiny runtime has none).
  const mapped = files.filter((f) => existsSync(join(DIST, `${f}.map`)));
  expect(mapped.length).toBeGreaterThan(0);
  return mapped.flatMap((f) => {
    const map = join(DIST, `${f}.map`);
    return (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources.map((s) =>
      s.replace(/^.*?(?=node_modules\/|src\/)/, ''),
    );
  });
}

test('the first visit loads the workbench only: other routes, KaTeX, the xlsx reader, chart code and classic zod load later', () => {
  const sources = initialSources();
  // The workbench itself is there.
  expect(sources).toContain('src/app/features/workbench/workbench-page.tsx');
  const lazy = [
    'src/app/features/service/',
    'src/app/features/batch/batch-page.tsx',
    'src/app/features/notebooks/',
    'src/app/charts/error-budget-chart.tsx',
    // Loaded when first used: the library browser, a global fit's plots, the correlation map.
    'src/app/features/workbench/model-library-dialog.tsx',
    'src/app/features/workbench/global-fit-plots.tsx',
    'src/app/features/workbench/correlation-view.tsx',
    'node_modules/katex/',
    'node_modules/read-excel-file/',
    'node_modules/recharts/',
    // The page validates its configuration and chaos switches with zod/mini; zod's classic
    // (method-chaining, not tree-shakable) API is for the workers and the library.
    'node_modules/zod/v4/classic/',
  ];
  const loaded = lazy.filter((prefix) => sources.some((s) => s.startsWith(prefix)));
  expect(loaded, 'modules that should load on demand but are in the initial set').toEqual([]);
});
