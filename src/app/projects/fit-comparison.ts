/**
 * Side-by-side comparison of fits of the same data: AIC, AICc (small-sample corrected),
 * BIC, their differences from the best, and Akaike weights (the relative likelihood of
 * each model, exp(−ΔAICc/2) normalised).
 */
import type { FitResult } from '../../core/api-types';

export interface ComparedFit {
  id: string;
  /** Free parameters (data points − degrees of freedom). */
  k: number;
  n: number;
  aic: number;
  aicc: number;
  bic: number;
  deltaAicc: number;
  akaikeWeight: number;
}

/** AICc = AIC + 2k(k+1)/(n−k−1); infinite when n ≤ k + 1. */
export function aicc(result: Pick<FitResult, 'aic' | 'nPoints' | 'dof'>): number {
  const k = result.nPoints - result.dof;
  const n = result.nPoints;
  return n - k - 1 > 0 ? result.aic + (2 * k * (k + 1)) / (n - k - 1) : Infinity;
}

export function compareFitResults(fits: readonly { id: string; result: FitResult }[]): ComparedFit[] {
  const rows = fits.map(({ id, result }) => ({
    id,
    k: result.nPoints - result.dof,
    n: result.nPoints,
    aic: result.aic,
    aicc: aicc(result),
    bic: result.bic,
  }));
  const best = Math.min(...rows.map((r) => r.aicc));
  const rel = rows.map((r) => (Number.isFinite(r.aicc) ? Math.exp(-(r.aicc - best) / 2) : 0));
  const total = rel.reduce((a, b) => a + b, 0) || 1;
  return rows.map((r, i) => ({ ...r, deltaAicc: r.aicc - best, akaikeWeight: rel[i] / total }));
}
