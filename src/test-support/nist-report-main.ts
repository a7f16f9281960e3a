/**
 * `npm run report:nist`: runs the NIST StRD suite through curveFit and writes
 * reports/nist-lre.md (the unit test asserts the same bar without writing anything).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatNistReport, runNistCurveFitCase, type NistRow } from './nist-curve-fit';
import { hasNistData, loadNistProblems } from './nist-strd';
import { NIST_DIR } from './shared-folder';

const out = process.argv[2];
if (!out) throw new Error('usage: nist-report <output.md>');
if (!hasNistData()) {
  console.error(`report:nist: no NIST StRD data at ${NIST_DIR} (set FITBENCH_SHARED)`);
  process.exit(2);
}
const rows: NistRow[] = [];
for (const problem of loadNistProblems())
  for (const start of [1, 2] as const) rows.push(await runNistCurveFitCase(problem, start));
mkdirSync(join(out, '..'), { recursive: true });
writeFileSync(out, formatNistReport(rows));
console.log(`report:nist: ${rows.length} cases → ${out}`);
