/**
 * Text reports of the uncertainty results: the model comparison table (`fitbench compare`)
 * and the profile/bootstrap sections the fit report prints beside the covariance intervals.
 */
import type { FitResult } from '../api-types';
import type { FitComparison } from './compare-fits';

/** The comparison as a table, the F tests, the notes and the one-sentence conclusion. */
export function formatComparison(comparison: FitComparison): string {
  const lines: string[] = ['[[Model Comparison]] (K = parameters + 1; AICc weights)'];
  const width = Math.max(5, ...comparison.models.map((m) => m.name.length));
  const header = [
    'model'.padEnd(width),
    'N',
    'params',
    'chi-square',
    'AIC',
    'AICc',
    'BIC',
    'dAICc',
    'weight',
    'evidence',
  ];
  lines.push(`    ${header.map((h, i) => (i === 0 ? h : h.padStart(i < 3 ? 6 : 12))).join(' ')}`);
  comparison.models.forEach((m, i) => {
    const cells = [
      `${m.name.padEnd(width)}`,
      String(m.nPoints).padStart(6),
      String(m.numParams).padStart(6),
      ...[m.chiSquare, m.aic, m.aicc, m.bic, m.deltaAicc, m.akaikeWeight, m.evidenceRatio].map((v) =>
        fmt(v).padStart(12),
      ),
    ];
    lines.push(`  ${i === comparison.best ? '*' : ' '} ${cells.join(' ')}`);
  });
  if (comparison.nestedTests.length > 0) {
    lines.push('[[Extra-sum-of-squares F tests]]');
    for (const t of comparison.nestedTests)
      lines.push(
        `    ${comparison.models[t.simpler].name} within ${comparison.models[t.complex].name}: F(${t.dfn}, ${t.dfd}) = ${fmt(t.f)}, p = ${fmt(t.pValue)}`,
      );
  }
  for (const note of comparison.notes) lines.push(`    note: ${note}`);
  lines.push(comparison.conclusion);
  return lines.join('\n');
}

/** The profile-likelihood and bootstrap sections of a fit report (empty when neither ran). */
export function formatUncertaintySections(result: FitResult, width: number): string[] {
  const lines: string[] = [];
  const profile = result.profile;
  if (profile) {
    lines.push(`[[Profile-likelihood Intervals]] (F test, other parameters refitted; lmfit conf_interval)`);
    const levels = profile.levels.map((l) => `${(100 * l).toFixed(2)}%`);
    lines.push(`    ${''.padEnd(width + 1)}  ${levels.map((l) => `[${l}]`.padStart(30)).join('')}`);
    for (const name of result.paramNames) {
      const p = profile.params[name];
      if (!p) continue;
      const cells = p.intervals.map((i) => `[${side(i.lower)}, ${side(i.upper)}]`.padStart(30));
      lines.push(`    ${(name + ':').padEnd(width + 1)}  ${cells.join('')}`);
      for (const i of p.intervals) {
        if (i.lowerReason) lines.push(`        ${(100 * i.level).toFixed(2)}% lower open: ${i.lowerReason}`);
        if (i.upperReason) lines.push(`        ${(100 * i.level).toFixed(2)}% upper open: ${i.upperReason}`);
      }
    }
  }
  const boot = result.bootstrap;
  if (boot) {
    lines.push(
      `[[Bootstrap Intervals]] (${boot.kind}, ${boot.resamples} resamples, ${(100 * boot.level).toFixed(0)}%, seed ${boot.seed}${boot.failed ? `, ${boot.failed} failed` : ''})`,
    );
    for (const name of result.paramNames) {
      const b = boot.params[name];
      if (!b) continue;
      const bca = b.bca ? `BCa [${fmt(b.bca[0])}, ${fmt(b.bca[1])}]` : `BCa n/a`;
      lines.push(
        `    ${(name + ':').padEnd(width + 1)}  percentile [${fmt(b.percentile[0])}, ${fmt(b.percentile[1])}]  ${bca}  bias ${fmt(b.bias)}  std ${fmt(b.stdError)}`,
      );
    }
  }
  return lines;
}

function side(v: number | null): string {
  return v === null ? 'open' : fmt(v);
}

function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(4);
  return Number(value.toPrecision(6)).toString();
}
