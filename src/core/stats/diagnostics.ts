/**
 * Human-readable warnings about a finished fit: parameters stuck at a bound, strongly
 * correlated pairs, ill-conditioning, non-finite values, and the iteration limit.
 */
import type { FitStatus } from '../api-types';
import { formatNumber } from './format';

export interface DiagnosticsInput {
  /** Free parameter names, in covariance order. */
  paramNames: readonly string[];
  /** Free parameter values, same order. */
  values: ArrayLike<number>;
  /** Bounds per parameter; null/±Infinity for an open side. */
  bounds?: Record<string, [number | null, number | null]>;
  /** Correlation matrix of the free parameters (k × k row-major). */
  correlation?: ArrayLike<number>;
  /** Standard errors of the free parameters. */
  stdErrors?: ArrayLike<number>;
  /** cond(JᵀJ) with parameters scaled to unit size (see covariance.ts): what is judged. */
  conditionNumber?: number;
  /** cond(JᵀJ) in the parameters' own units, quoted alongside when it differs. */
  rawConditionNumber?: number;
  /** Number of non-finite weighted residuals at the solution. */
  nonFiniteResiduals?: number;
  status?: FitStatus;
  iterations?: number;
  /** Relative distance to a bound that counts as "at" it; default 1e-6. */
  boundTolerance?: number;
  /** |r| above which a pair is flagged; default 0.99. */
  correlationThreshold?: number;
  /** Condition number above which the problem is flagged; default 1e12. */
  conditionThreshold?: number;
}

/** Diagnostic sentences, most important first; empty when nothing is suspicious. */
export function fitDiagnostics(input: DiagnosticsInput): string[] {
  const out: string[] = [];
  const names = input.paramNames;
  const k = names.length;

  if (input.status === 'max-iterations') {
    const n = input.iterations === undefined ? '' : ` (${input.iterations} iterations)`;
    out.push(
      `iteration limit reached${n} before convergence: the result may not be the minimum; raise maxIterations or improve the start values`,
    );
  }
  if (input.nonFiniteResiduals) {
    out.push(
      `${input.nonFiniteResiduals} residual${input.nonFiniteResiduals === 1 ? ' is' : 's are'} NaN or Infinity at the solution: the model is undefined at some data points for these parameters`,
    );
  }
  for (let i = 0; i < k; i++) {
    if (!Number.isFinite(input.values[i])) out.push(`parameter '${names[i]}' is ${formatNumber(input.values[i])}`);
    else if (input.stdErrors && Number.isNaN(input.stdErrors[i]))
      out.push(`the standard error of '${names[i]}' could not be computed (NaN)`);
  }
  out.push(...boundMessages(input));
  if (input.correlation) out.push(...correlationMessages(names, input.correlation, input.correlationThreshold ?? 0.99));
  const cond = input.conditionNumber;
  const limit = input.conditionThreshold ?? 1e12;
  if (cond !== undefined && (cond > limit || cond === Infinity)) {
    out.push(
      cond === Infinity
        ? 'JᵀJ is singular (infinite condition number): some parameters are not determined by the data'
        : `JᵀJ is ill-conditioned (condition number ${formatNumber(cond)} with parameters scaled to unit size${rawNote(input.rawConditionNumber, cond)}, above ${formatNumber(limit)}): standard errors may be inaccurate and the parameters poorly determined`,
    );
  }
  return out;
}

function rawNote(raw: number | undefined, scaled: number): string {
  if (raw === undefined || !(Math.abs(raw - scaled) > 1e-3 * scaled)) return '';
  return `; ${formatNumber(raw)} in the parameters' own units`;
}

/** Four decimals, more when that would round a near-±1 value to ±1. */
function formatCorrelation(c: number): string {
  for (const digits of [4, 6, 8]) {
    const s = c.toFixed(digits);
    if (Math.abs(Number(s)) < 1) return s;
  }
  return c.toFixed(8);
}

function boundMessages(input: DiagnosticsInput): string[] {
  const out: string[] = [];
  if (!input.bounds) return out;
  const tol = input.boundTolerance ?? 1e-6;
  input.paramNames.forEach((name, i) => {
    const b = input.bounds?.[name];
    if (!b) return;
    const v = input.values[i];
    const [lo, hi] = b;
    const near = (bound: number | null) =>
      bound !== null && Number.isFinite(bound) && Math.abs(v - bound) <= tol * Math.max(1, Math.abs(bound));
    if (near(lo)) out.push(`parameter '${name}' is at its lower bound ${formatNumber(lo as number)}`);
    else if (near(hi)) out.push(`parameter '${name}' is at its upper bound ${formatNumber(hi as number)}`);
  });
  if (out.length > 0)
    out.push('standard errors of parameters at a bound are unreliable (the covariance assumes an interior minimum)');
  return out;
}

function correlationMessages(names: readonly string[], corr: ArrayLike<number>, threshold: number): string[] {
  const k = names.length;
  const out: string[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const c = corr[i * k + j];
      if (Math.abs(c) > threshold) {
        out.push(
          `parameters '${names[i]}' and '${names[j]}' are strongly correlated (r = ${formatCorrelation(c)}): ` +
            'the data barely distinguish them',
        );
      }
    }
  }
  return out;
}
