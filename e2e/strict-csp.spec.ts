import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors } from './console-guard';
import { openDemo, waitConverged } from './workbench-helpers';

/** Every `securitypolicyviolation` the page or its workers report, collected from the first script on. */
async function watchViolations(page: Page): Promise<{ violations: () => Promise<string[]> }> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  const reports: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) reports.push(m.text());
  });
  return {
    violations: async () => [
      ...reports,
      ...(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)),
    ],
  };
}

test('the app ships a strict CSP (header and meta tag) and the whole fit flow runs under it without a violation', async ({
  page,
}, testInfo) => {
  const { violations } = await watchViolations(page);
  const errors = collectConsoleErrors(page);
  const response = await page.goto('/?demo=gaussian');
  const header = response?.headers()['content-security-policy'] ?? '';
  for (const directive of [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "img-src 'self' blob: data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ])
    expect(header).toContain(directive);
  expect(header).not.toContain('unsafe-eval');
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("script-src 'self'");

  // The flow: a demo fit on the CPU (workers compile kernels under their own policy), the
  // curve and residuals drawn on the page (interpreted, no eval), a second fit via window.fitbench.
  await openDemo(page, 'demo=gaussian&backend=cpu');
  await page.getByTestId('fit-button').click();
  await waitConverged(page);
  await expect(page.getByTestId('convergence-chart')).not.toHaveAttribute('data-points', '0');
  await expect(page.getByTestId('result-param-a')).not.toBeEmpty();
  const scripted = await page.evaluate(async () => {
    const fb = (
      window as unknown as { fitbench: { curveFit(p: unknown, o?: unknown): Promise<{ converged: boolean }> } }
    ).fitbench;
    const x = Array.from({ length: 30 }, (_, i) => i / 3);
    const r = await fb.curveFit({
      model: 'a*exp(-x/t)+c',
      x,
      y: x.map((v) => 3 * Math.exp(-v / 2) + 0.5),
      p0: { a: 1, t: 1, c: 0 },
    });
    // 3000 points: the worker compiles the model's WebAssembly kernel too (512 rows and up).
    const xs = Array.from({ length: 3000 }, (_, i) => i / 300);
    const big = await fb.curveFit({
      model: 'a1*exp(-x/t1) + a2*exp(-x/t2) + c',
      x: xs,
      y: xs.map((v) => 2 * Math.exp(-v / 0.5) + Math.exp(-v / 3) + 0.1 + 0.001 * Math.sin(40 * v)),
      p0: { a1: 1.5, t1: 0.7, a2: 1.5, t2: 2, c: 0 },
    });
    return r.converged && big.converged;
  });
  expect(scripted).toBe(true);
  // A notebook cell runs in its kernel worker, under the worker's own policy.
  await page.goto('/#/notebooks/first-fit');
  const cell = page.getByTestId('notebook-cell').first();
  await cell.getByTestId('notebook-cell-code').fill('const answer = 6 * 7;\nshow(`answer ${answer}`);');
  await cell.getByTestId('notebook-cell-run').click();
  await expect(cell).toHaveAttribute('data-status', 'ok');
  await expect(cell.getByTestId('notebook-output')).toContainText('answer 42');
  await page.screenshot({ path: testInfo.outputPath('csp.png'), fullPage: true });
  expect(await violations()).toEqual([]);
  expect(errors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);

  // The policy is in force (so the empty list above means something): an injected inline
  // script does not run, and the page reports it.
  await page.addScriptTag({ content: 'window.__inlineRan = true;' }).catch(() => undefined);
  expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
  await expect.poll(async () => (await violations()).length).toBeGreaterThan(0);
});
