/**
 * Every shipped notebook, run in Node against the core library (the browser runs them
 * against the fitting service: e2e/notebooks.spec.ts). Catches a broken cell or a stated
 * figure that drifted without starting a browser. Notebooks that drive the fitting service
 * itself (fitbench.service, chaos) or the GPU only run in the browser.
 * `NOTEBOOK_PRINT=1` prints every checked figure with its live value (for authors).
 */
import { describe, expect, it } from 'vitest';
import * as core from '../core';
import { CellScope } from '../worker/cell-evaluator';
import { cellHelpers, createShow } from '../worker/notebook-display';
import { checkValue, parseMarkdown, type Inline } from './notebook-markdown';
import { parseChaos } from '../runtime/chaos';
import { NOTEBOOKS } from './notebook-catalog';
import { checksByCell, notebookCells } from './notebook-source';

const library: Record<string, unknown> = {};
for (const name of [
  'curveFit',
  'curveFitBatch',
  'curveFitGlobal',
  'compareSharing',
  'profileIntervals',
  'bootstrap',
  'compareFits',
]) {
  const fn = (core as Record<string, unknown>)[name];
  if (typeof fn === 'function') library[name] = fn;
}
const BROWSER_ONLY = /fitbench\.service/;

describe('shipped notebooks', () => {
  it('has at least ten, with unique ids and the tutorial template sections', () => {
    expect(NOTEBOOKS.length).toBeGreaterThanOrEqual(10);
    expect(new Set(NOTEBOOKS.map((n) => n.meta.id)).size).toBe(NOTEBOOKS.length);
    for (const nb of NOTEBOOKS) {
      const prose = nb.blocks.map((b) => (b.kind === 'prose' ? b.markdown : '')).join('\n');
      for (const section of ['## What you will learn', '## Checklist', '## Troubleshooting', '## FAQ', '## Glossary'])
        expect(prose, `${nb.meta.id}: ${section}`).toContain(section);
      expect(nb.meta.level && nb.meta.time && nb.meta.prerequisites.length > 0, nb.meta.id).toBeTruthy();
      expect(notebookCells(nb).length, nb.meta.id).toBeGreaterThanOrEqual(3);
    }
  });

  it('links into the workbench only through its URL contract (?demo=, &backend=, &chaos=)', () => {
    const hrefs: string[] = [];
    const visit = (nodes: Inline[]) =>
      nodes.forEach((n) => {
        if (n.kind === 'link') hrefs.push(n.href);
        if ('children' in n) visit(n.children);
      });
    for (const nb of NOTEBOOKS)
      for (const block of nb.blocks)
        if (block.kind === 'prose')
          for (const b of parseMarkdown(block.markdown)) {
            if (b.kind === 'paragraph' || b.kind === 'heading' || b.kind === 'quote') visit(b.children);
            if (b.kind === 'list') b.items.forEach(visit);
          }
    const tryIt = hrefs.filter((h) => h.startsWith('?'));
    expect(tryIt.length).toBeGreaterThanOrEqual(4);
    for (const href of tryIt) {
      const url = new URL(href, 'http://localhost/');
      for (const key of url.searchParams.keys()) expect(['demo', 'backend', 'chaos']).toContain(key);
      expect(['gaussian', 'exp-decay', 'dose-response', 'large']).toContain(url.searchParams.get('demo'));
      const chaos = url.searchParams.get('chaos');
      if (chaos) expect(() => parseChaos(chaos)).not.toThrow();
      expect(url.hash).toBe('#/');
    }
  });

  for (const nb of NOTEBOOKS) {
    const code = notebookCells(nb)
      .map((c) => c.code)
      .join('\n');
    const runnable = nb.meta.requires.every((r) => r in library) && !BROWSER_ONLY.test(code);
    it.skipIf(!runnable)(
      `${nb.meta.id}: every cell runs and every stated figure holds`,
      { timeout: 60_000 },
      async () => {
        const outputs: unknown[] = [];
        const fitbench = { ...library, version: core.FITBENCH_VERSION };
        const scope = new CellScope({
          ...library,
          fitbench,
          show: createShow((e) => outputs.push(e)),
          progress: () => undefined,
          // Node has no WebGPU: the notebooks take their CPU path.
          navigator: {},
          ...cellHelpers,
        });
        const checks = checksByCell(nb);
        const cells = notebookCells(nb);
        const wrong: string[] = [];
        for (let k = 0; k < cells.length; k++) {
          await scope.run(cells[k].code);
          for (const check of checks[k]) {
            const value = scope.evaluate(check.expression);
            if (process.env.NOTEBOOK_PRINT)
              console.log(`${nb.meta.id} [${k + 1}] ${check.expression} = ${String(value)} (stated ${check.text})`);
            if (!checkValue(check, value)) wrong.push(`${check.expression} = ${String(value)}, stated ${check.text}`);
          }
        }
        expect(wrong).toEqual([]);
        expect(outputs.length).toBeGreaterThan(0);
      },
    );
  }
});
