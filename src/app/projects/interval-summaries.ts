/**
 * The core's profile and bootstrap results reduced to what a fit keeps (fit-intervals.ts).
 * Loaded with the uncertainty code, on the first interval run.
 */
import { fisherFCdf } from '../../core/stats/fisher-f';
import type { BootstrapResult, ProfileIntervals } from '../../core/uncertainty';
import type { BootstrapSummary, ProfileParamSummary, ProfileSummary } from './fit-intervals';

const HISTOGRAM_BINS = 30;

/** Δχ² where lmfit's criterion F.cdf((χ²/χ²_best − 1)·dof, 1, dof) reaches `level` (bisection). */
export function profileThreshold(level: number, chiSquare: number, dof: number): number {
  if (!(dof > 0) || !(chiSquare > 0)) return NaN;
  let lo = 0;
  let hi = 1;
  while (fisherFCdf(hi, 1, dof) < level && hi < 1e12) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (fisherFCdf(mid, 1, dof) < level) lo = mid;
    else hi = mid;
  }
  return (chiSquare * ((lo + hi) / 2)) / dof;
}

/** The summary at `level` (one of the profile's levels). */
export function profileSummaryOf(p: ProfileIntervals, level: number, elapsedMs: number): ProfileSummary {
  const params: Record<string, ProfileParamSummary> = {};
  for (const [name, prof] of Object.entries(p.params)) {
    const at = prof.intervals.find((i) => i.level === level) ?? prof.intervals[0];
    const out: ProfileParamSummary = {
      lower: at?.lower ?? null,
      upper: at?.upper ?? null,
      values: [...prof.trace.values],
      deltaChiSquare: prof.trace.chiSquare.map((c) => c - p.chiSquare),
    };
    if (at?.lowerReason) out.lowerReason = at.lowerReason;
    if (at?.upperReason) out.upperReason = at.upperReason;
    params[name] = out;
  }
  return {
    level,
    threshold: profileThreshold(level, p.chiSquare, p.dof),
    chiSquare: p.chiSquare,
    dof: p.dof,
    refits: p.refits,
    backend: p.backend,
    elapsedMs,
    params,
  };
}

function histogram(values: readonly number[]): { min: number; max: number; counts: number[] } {
  const finite = values.filter(Number.isFinite);
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  if (finite.length === 0) return { min: NaN, max: NaN, counts };
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const width = (max - min) / HISTOGRAM_BINS;
  for (const v of finite) counts[width > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.floor((v - min) / width)) : 0]++;
  return { min, max, counts };
}

export function bootstrapSummaryOf(b: BootstrapResult): BootstrapSummary {
  const params: BootstrapSummary['params'] = {};
  for (const name of b.paramNames) {
    const q = b.params[name];
    if (!q) continue;
    params[name] = {
      lower: q.percentile[0],
      upper: q.percentile[1],
      bca: q.bca,
      stdError: q.stdError,
      bias: q.bias,
      histogram: histogram(b.samples[name] ?? []),
    };
  }
  return {
    level: b.level,
    kind: b.kind,
    resamples: b.resamples,
    seed: b.seed,
    failed: b.failed,
    backend: b.backend,
    elapsedMs: b.elapsedMs,
    params,
  };
}
