/**
 * Model comparison (DESIGN.md `compareFits`): information criteria, Akaike weights and, for
 * nested pairs, the extra-sum-of-squares F test, with a one-sentence conclusion.
 *
 * Formulas (GraphPad Prism's "Comparing models" and statsmodels' OLS likelihood):
 * - log L = −N/2·(ln(2π) + ln(SS/N) + 1), SS = χ² (the weighted sum of squares);
 * - K = fitted parameters + 1: the residual variance is estimated too (Prism, R's AIC(nls));
 * - AIC = −2 log L + 2K, AICc = AIC + 2K(K+1)/(N − K − 1), BIC = −2 log L + K·ln N;
 * - ΔAICc from the smallest, Akaike weight wᵢ = exp(−Δᵢ/2)/Σ exp(−Δⱼ/2), evidence ratio
 *   w_best/wᵢ (how many times the preferred model is more likely);
 * - nested (simpler s inside complex c): F = ((SSₛ − SS꜀)/(dofₛ − dof꜀)) / (SS꜀/dof꜀),
 *   p = P(F(dofₛ − dof꜀, dof꜀) > F).
 * The figures differ from FitResult.aic (lmfit's n·ln(χ²/n) + 2k) by constants that cancel
 * in every difference: ΔAIC and the weights are the same in both conventions.
 */
import type { FitResult } from '../api-types';
import { FitbenchError } from '../errors';
import { fisherFSf } from '../stats/fisher-f';
import { formatNumber } from '../stats/format';

/** What compareFits reads from a fit: a FitResult, or the same figures from a saved one. */
export type ComparableFit = Pick<FitResult, 'chiSquare' | 'nPoints' | 'dof'> &
  Partial<Pick<FitResult, 'expression' | 'loss' | 'converged'>> & { name?: string };

export interface CompareFitsOptions {
  /**
   * Nested pairs for the F test: `true` takes the fits as listed, simplest first, and tests
   * each against the next; or explicit [simpler, complex] index pairs. Default: no F test.
   */
  nested?: boolean | [number, number][];
  /** Display names, in the order of the fits (default: each fit's name or expression). */
  names?: string[];
  /** Significance level of the F test (default 0.05). */
  alpha?: number;
}

export interface ModelComparisonEntry {
  name: string;
  nPoints: number;
  /** Fitted (free) parameters. */
  numParams: number;
  chiSquare: number;
  logLikelihood: number;
  aic: number;
  aicc: number;
  bic: number;
  deltaAicc: number;
  akaikeWeight: number;
  /** Akaike weight of the preferred model over this one's (1 for the preferred model). */
  evidenceRatio: number;
}

export interface NestedFTest {
  simpler: number;
  complex: number;
  f: number;
  dfn: number;
  dfd: number;
  pValue: number;
  /** Index of the model the test favours at `alpha`. */
  preferred: number;
}

export interface FitComparison {
  models: ModelComparisonEntry[];
  /** Index of the model with the smallest AICc. */
  best: number;
  nestedTests: NestedFTest[];
  /** The conclusion in one sentence. */
  conclusion: string;
  /** Caveats: robust losses, fits that did not converge, AICc undefined for tiny N. */
  notes: string[];
}

/** AIC, AICc, BIC, ΔAICc, Akaike weights, evidence ratios and nested F tests over fits of one data set. */
export function compareFits(results: readonly ComparableFit[], options: CompareFitsOptions = {}): FitComparison {
  if (!Array.isArray(results) || results.length < 2)
    throw new FitbenchError('OPTIONS_INVALID', 'compareFits needs at least two fit results of the same data');
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1))
    throw new FitbenchError('OPTIONS_INVALID', `alpha must lie strictly between 0 and 1, got ${alpha}`, {
      option: 'alpha',
    });
  results.forEach(checkFit);
  const n = results[0].nPoints;
  const other = results.findIndex((r) => r.nPoints !== n);
  if (other >= 0)
    throw new FitbenchError(
      'DATA_LENGTH_MISMATCH',
      `fit ${other + 1} has ${results[other].nPoints} points but fit 1 has ${n}: models can only be compared on the same data`,
    );
  const notes: string[] = [];
  const names = results.map((r, i) => options.names?.[i] ?? r.name ?? r.expression ?? `model ${i + 1}`);
  const base = results.map((r, i) => criteria(r, names[i], notes));
  const finite = base.filter((m) => Number.isFinite(m.aicc));
  const minAicc = finite.length > 0 ? Math.min(...finite.map((m) => m.aicc)) : NaN;
  const likelihoods = base.map((m) => (Number.isFinite(m.aicc) ? Math.exp(-(m.aicc - minAicc) / 2) : 0));
  const total = likelihoods.reduce((s, v) => s + v, 0);
  const best = Number.isFinite(minAicc) ? base.findIndex((m) => m.aicc === minAicc) : 0;
  const models = base.map((m, i) => ({
    ...m,
    deltaAicc: m.aicc - minAicc,
    akaikeWeight: total > 0 ? likelihoods[i] / total : NaN,
    evidenceRatio: Math.exp((m.aicc - minAicc) / 2),
  }));
  const pairs = nestedPairs(options.nested, results.length);
  const nestedTests = pairs.map(([s, c]) => fTest(results, s, c, alpha, notes));
  if (results.some((r) => r.loss !== undefined && r.loss !== 'linear'))
    notes.push('a robust loss was used: the criteria assume Gaussian errors and read χ² as the sum of squares');
  results.forEach((r, i) => {
    if (r.converged === false) notes.push(`fit ${i + 1} (${names[i]}) did not converge: its figures may be misleading`);
  });
  return { models, best, nestedTests, conclusion: conclude(models, best, nestedTests, alpha), notes };
}

function checkFit(r: ComparableFit, i: number): void {
  if (r === null || typeof r !== 'object')
    throw new FitbenchError('OPTIONS_INVALID', `fit ${i + 1} is not a fit result`, { fit: i + 1 });
  const ok = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (!ok(r.chiSquare) || !(r.chiSquare >= 0) || !ok(r.nPoints) || !ok(r.dof) || r.dof > r.nPoints || r.dof < 0)
    throw new FitbenchError(
      'OPTIONS_INVALID',
      `fit ${i + 1} lacks a finite chiSquare, nPoints or dof (0 ≤ dof ≤ nPoints): pass FitResult objects`,
      { fit: i + 1 },
    );
}

function criteria(r: ComparableFit, name: string, notes: string[]) {
  const n = r.nPoints;
  const numParams = n - r.dof;
  const k = numParams + 1;
  // A perfect fit (SS = 0) would give log L = +∞; floor it as lmfit does (1e-250 per point).
  const ss = Math.max(r.chiSquare, 1e-250 * n);
  const logLikelihood = (-n / 2) * (Math.log(2 * Math.PI) + Math.log(ss / n) + 1);
  const aic = -2 * logLikelihood + 2 * k;
  const denominator = n - k - 1;
  if (denominator <= 0)
    notes.push(`${name}: AICc is undefined with ${n} points and ${numParams} parameters (needs N > K + 1)`);
  const aicc = denominator > 0 ? aic + (2 * k * (k + 1)) / denominator : NaN;
  return {
    name,
    nPoints: n,
    numParams,
    chiSquare: r.chiSquare,
    logLikelihood,
    aic,
    aicc,
    bic: -2 * logLikelihood + k * Math.log(n),
  };
}

function nestedPairs(nested: CompareFitsOptions['nested'], count: number): [number, number][] {
  if (nested === undefined || nested === false) return [];
  if (nested === true) return Array.from({ length: count - 1 }, (_, i) => [i, i + 1] as [number, number]);
  if (!Array.isArray(nested))
    throw new FitbenchError('OPTIONS_INVALID', 'nested must be true or a list of [simpler, complex] index pairs', {
      option: 'nested',
    });
  for (const pair of nested) {
    const valid =
      Array.isArray(pair) &&
      pair.length === 2 &&
      pair.every((v) => Number.isInteger(v) && v >= 0 && v < count) &&
      pair[0] !== pair[1];
    if (!valid)
      throw new FitbenchError(
        'OPTIONS_INVALID',
        `nested pair ${JSON.stringify(pair)} must name two different fits by index (0…${count - 1})`,
        { option: 'nested' },
      );
  }
  return nested.map(([s, c]) => [s, c]);
}

function fTest(results: readonly ComparableFit[], s: number, c: number, alpha: number, notes: string[]): NestedFTest {
  const simple = results[s];
  const complex = results[c];
  const dfn = simple.dof - complex.dof;
  const dfd = complex.dof;
  if (!(dfn > 0) || !(dfd > 0))
    throw new FitbenchError(
      'OPTIONS_INVALID',
      `fits ${s + 1} and ${c + 1} cannot be a nested pair [simpler, complex]: the simpler must have fewer parameters (dof ${simple.dof} vs ${complex.dof}) and the complex model dof > 0`,
      { option: 'nested' },
    );
  const f = (simple.chiSquare - complex.chiSquare) / dfn / (complex.chiSquare / dfd);
  if (f < 0)
    notes.push(
      `fit ${c + 1} has a larger χ² than the simpler fit ${s + 1} it contains: it probably stopped at a local minimum`,
    );
  const pValue = Number.isNaN(f) ? NaN : f === Infinity ? 0 : fisherFSf(f, dfn, dfd);
  return { simpler: s, complex: c, f, dfn, dfd, pValue, preferred: pValue < alpha ? c : s };
}

function formatP(p: number): string {
  if (!(p >= 1e-4)) return p === 0 ? 'p < 1e-300' : `p = ${p.toExponential(2)}`;
  return `p = ${Number(p.toPrecision(3))}`;
}

function formatRatio(r: number): string {
  if (!Number.isFinite(r)) return 'overwhelmingly';
  return r >= 1e4 ? `${r.toExponential(1)} times` : `${Number(r.toPrecision(3))} times`;
}

function conclude(models: ModelComparisonEntry[], best: number, tests: NestedFTest[], alpha: number): string {
  const winner = models[best];
  if (!Number.isFinite(winner.aicc)) return 'AICc is undefined for these fits (too few points for the parameters)';
  const runnerUp = models
    .map((m, i) => ({ m, i }))
    .filter(({ i }) => i !== best)
    .sort((a, b) => a.m.deltaAicc - b.m.deltaAicc || a.i - b.i)[0];
  let sentence =
    `${winner.name} is preferred by AICc (Akaike weight ${formatNumber(Number((winner.akaikeWeight * 100).toPrecision(3)))}%` +
    (runnerUp ? `, ${formatRatio(runnerUp.m.evidenceRatio)} more likely than ${runnerUp.m.name})` : ')');
  if (tests.length > 0) {
    const parts = tests.map((t) => {
      const verdict =
        t.preferred === t.complex
          ? `rejects ${models[t.simpler].name} for ${models[t.complex].name}`
          : `does not reject ${models[t.simpler].name} at α = ${alpha}`;
      return `${verdict} (F(${t.dfn}, ${t.dfd}) = ${formatNumber(t.f)}, ${formatP(t.pValue)})`;
    });
    sentence += `; the extra-sum-of-squares F test ${parts.join('; ')}`;
  }
  return `${sentence}.`;
}
