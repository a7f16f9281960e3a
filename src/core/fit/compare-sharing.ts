/**
 * Prism's "do the data sets share this parameter?": the global fit with the parameter
 * shared (the simpler, nested model) against the fit with one value per data set, by the
 * extra-sum-of-squares F test and by AICc, with a sentence that states the conclusion.
 */
import type { FitOptions, GlobalFitResult, GlobalProblem, SharingComparison } from '../api-types';
import { FitbenchError } from '../errors';
import { regularizedIncompleteBeta } from '../stats';
import { curveFitGlobal } from './curve-fit-global';

/** Significance level of the F test's verdict (Prism's default). */
const ALPHA = 0.05;

/** P(F > f) for F(dfn, dfd). */
export function fDistributionSf(f: number, dfn: number, dfd: number): number {
  if (!(f > 0)) return 1;
  if (f === Infinity) return 0;
  const x = dfd / (dfd + dfn * f);
  return regularizedIncompleteBeta(dfd / 2, dfn / 2, x, (dfn * f) / (dfd + dfn * f));
}

/** AICc with K = free parameters + 1 (the noise variance counts, as in Prism and Burnham & Anderson). */
function aicc(result: GlobalFitResult): number {
  const n = result.nPoints;
  const k = n - result.dof + 1;
  const chi = Math.max(result.chiSquare, 1e-250 * n);
  const correction = n - k - 1 > 0 ? (2 * k * (k + 1)) / (n - k - 1) : Infinity;
  return n * Math.log(chi / n) + 2 * k + correction;
}

const fmt = (v: number): string => (Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v));
const fmtP = (p: number): string => (p < 1e-4 ? 'p < 0.0001' : `p = ${fmt(p)}`);

/** Fits `problem` with `parameter` shared and unshared and compares the two fits. */
export async function compareSharing(
  problem: GlobalProblem,
  parameter: string,
  options: FitOptions = {},
  /** Runs one global fit (the page passes its worker runtime's). */
  fit: (problem: GlobalProblem, options: FitOptions) => Promise<GlobalFitResult> = curveFitGlobal,
): Promise<SharingComparison> {
  if (typeof parameter !== 'string' || parameter === '')
    throw new FitbenchError('OPTIONS_INVALID', 'compareSharing needs the name of the parameter to test');
  if (!Array.isArray(problem?.datasets) || problem.datasets.length < 2)
    throw new FitbenchError('OPTIONS_INVALID', 'compareSharing needs at least two data sets');
  const others = (problem.shared ?? []).filter((s) => s !== parameter);
  const { onIteration: _ignored, ...quiet } = options;
  void _ignored;
  const [shared, separate] = await Promise.all([
    fit({ ...problem, shared: [...others, parameter] }, quiet),
    fit({ ...problem, shared: others }, quiet),
  ]);
  const dfn = shared.dof - separate.dof;
  const dfd = separate.dof;
  if (!(dfn > 0))
    throw new FitbenchError(
      'OPTIONS_INVALID',
      `sharing "${parameter}" does not remove any free parameter (is it fixed or tied?): nothing to compare`,
      { parameter },
    );
  const ssShared = shared.chiSquare;
  const ssSeparate = separate.chiSquare;
  const f = dfd > 0 ? Math.max(0, (ssShared - ssSeparate) / dfn / (ssSeparate / dfd)) : Number.NaN;
  const pValue = dfd > 0 ? fDistributionSf(f, dfn, dfd) : Number.NaN;
  const deltaAICc = aicc(shared) - aicc(separate);
  const sharedProbability = 1 / (1 + Math.exp(deltaAICc / 2));
  const byF = pValue < ALPHA ? 'separate' : 'shared';
  const preferred: 'shared' | 'separate' = Number.isNaN(pValue) ? (deltaAICc <= 0 ? 'shared' : 'separate') : byF;
  const fText = `F(${dfn}, ${dfd}) = ${fmt(f)}, ${fmtP(pValue)}`;
  const aicText = `ΔAICc = ${fmt(deltaAICc)}, a ${fmt(100 * sharedProbability)}% chance that the shared model is the better one`;
  const conclusion =
    preferred === 'separate'
      ? `The data sets do not share one value of ${parameter}: fitting it separately is significantly better (${fText}; ${aicText}).`
      : `The data are consistent with one ${parameter} shared by all data sets: separate values do not fit significantly better (${fText}; ${aicText}).`;
  return {
    parameter,
    f,
    dfn,
    dfd,
    pValue,
    deltaAICc,
    sharedProbability,
    preferred,
    conclusion,
    shared,
    separate,
  };
}
