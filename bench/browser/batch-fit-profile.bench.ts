import { writeFileSync } from 'node:fs';
import { test } from '@playwright/test';
import { decayCsv } from '../../e2e/fixtures/decay-curves';

/**
 * Figures, not assertions: a CPU profile of the page (CDP Profiler) while it fits 100,000
 * curves on the CPU workers, to see what the main thread does when chunk results arrive.
 * Prints the functions by self and total time, then each busy stretch over 30 ms (contiguous
 * non-idle samples, roughly a long task) with its own top functions, and attaches the
 * .cpuprofile (open it in Chrome DevTools). Names are readable with an unminified build:
 * `npx vite build --minify false --outDir /tmp/dist-prof` and FITBENCH_DIST=/tmp/dist-prof.
 */

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

/** Self and total (inclusive, each function once per stack) milliseconds of `samples`. */
function tally(p: Profile, samples: [number, number][]) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: Node) =>
    `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, ms] of samples) {
    const k = name(byId.get(id) as Node);
    self.set(k, (self.get(k) ?? 0) + ms);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k2 = name(byId.get(cur) as Node);
      if (seen.has(k2)) continue;
      seen.add(k2);
      total.set(k2, (total.get(k2) ?? 0) + ms);
    }
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${v.toFixed(0)} ${k}`);
  return { self: (n: number) => top(self, n), total: (n: number) => top(total, n) };
}

/** Contiguous non-idle stretches of samples: [start ms, duration ms, samples]. */
function busyStretches(p: Profile): { at: number; ms: number; samples: [number, number][] }[] {
  const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const out: { at: number; ms: number; samples: [number, number][] }[] = [];
  let t = 0;
  let cur: { at: number; ms: number; samples: [number, number][] } | null = null;
  p.samples.forEach((id, i) => {
    t += p.timeDeltas[i] / 1000;
    if (idle.has(id)) {
      cur = null;
      return;
    }
    if (!cur) out.push((cur = { at: t, ms: 0, samples: [] }));
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    cur.ms += dt;
    cur.samples.push([id, dt]);
  });
  return out;
}

test('batch page with 100,000 curves: CPU profile of the fit phase', async ({ page }) => {
  test.setTimeout(900_000);
  const csv = test.info().outputPath('decays-100k.csv');
  writeFileSync(csv, decayCsv(100_000));
  await page.addInitScript(() => {
    const w = window as unknown as { __lt: number[] };
    w.__lt = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__lt.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
  await page.goto('/?backend=cpu#/batch');
  await page.getByTestId('batch-layout').selectOption('rows');
  await page.getByTestId('batch-file-input').setInputFiles(csv);
  await page
    .getByTestId('batch-file-info')
    .getByText(/100,000 curves/)
    .waitFor({ timeout: 120_000 });
  await page.getByTestId('batch-model').fill('a*exp(-x/t)');
  await page.getByTestId('batch-p0').fill('a=1, t=1');
  await page.evaluate(() => ((window as unknown as { __lt: number[] }).__lt = []));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const t0 = Date.now();
  await page.getByTestId('batch-fit-button').click();
  await page
    .getByTestId('batch-status')
    .getByText(/^done:/)
    .waitFor({ timeout: 600_000 });
  const fitS = (Date.now() - t0) / 1000;
  const { profile } = await cdp.send('Profiler.stop');
  const lt = await page.evaluate(() => (window as unknown as { __lt: number[] }).__lt);
  const p = profile as unknown as Profile;
  const all = tally(
    p,
    p.samples.map((id, i) => [id, (p.timeDeltas[i + 1] ?? 0) / 1000]),
  );
  const lines = [
    `fit ${fitS} s; long tasks over 50 ms: ${lt.filter((d) => d > 50).length}, longest ${Math.max(0, ...lt)} ms (all: ${lt.join(', ')})`,
    'SELF',
    ...all.self(30),
    'TOTAL',
    ...all.total(30),
  ];
  for (const b of busyStretches(p).filter((s) => s.ms > 30)) {
    const t = tally(p, b.samples);
    lines.push(
      `--- busy ${b.ms.toFixed(0)} ms at ${b.at.toFixed(0)} ms`,
      `self: ${t.self(8).join(' | ')}`,
      `total: ${t.total(14).join(' | ')}`,
    );
  }
  console.log(lines.join('\n'));
  const out = test.info().outputPath('fit.cpuprofile');
  writeFileSync(out, JSON.stringify(profile));
  await test.info().attach('fit.cpuprofile', { path: out, contentType: 'application/json' });
});
