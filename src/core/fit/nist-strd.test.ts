/**
 * The NIST StRD nonlinear regression suite through the public curveFit, default options:
 * 27 problems × 2 starts. Bar (issue 3): every case ≥ 4 correct digits (LRE) in every
 * parameter and standard error; ≥ 6 digits in the parameters on at least 50 of 54 cases.
 * The LRE table in reports/nist-lre.md is written by `npm run report:nist`, not here.
 */
import { describe, expect, it } from 'vitest';
import { runNistCurveFitCase, type NistRow } from '../../test-support/nist-curve-fit';
import { hasNistData, loadNistProblems } from '../../test-support/nist-strd';

describe.skipIf(!hasNistData())('NIST StRD nonlinear regression through curveFit (default options)', () => {
  it('has all 27 problems', () => expect(loadNistProblems()).toHaveLength(27));

  it('reaches the certified values from both starts', async () => {
    const rows: NistRow[] = [];
    for (const problem of loadNistProblems())
      for (const start of [1, 2] as const) rows.push(await runNistCurveFitCase(problem, start));
    const failing = rows
      .filter((r) => r.paramLre < 4 || r.stdErrLre < 4)
      .map((r) => `${r.name}/start${r.start}: params ${r.paramLre.toFixed(1)}, stdErr ${r.stdErrLre.toFixed(1)}`);
    expect(failing).toEqual([]);
    expect(rows.filter((r) => r.paramLre >= 6).length).toBeGreaterThanOrEqual(50);
  });
});
