/**
 * What the job list needs to know about a job without its data: kind, model and size. The
 * jobs store keeps this next to the status so a scan (the resume offer on page load) never
 * reads the curves, which live in the job-payloads store.
 */
import type { JobSpec, JobSummary } from './db-schema';

/** The summary of a spec; null when the spec is too malformed to describe (it is quarantined). */
export function jobSummaryOf(spec: unknown): JobSummary | null {
  if (spec === null || typeof spec !== 'object') return null;
  const s = spec as Partial<{ kind: unknown; problem: unknown; batch: unknown }>;
  if (s.kind === 'fit') {
    const p = s.problem as { model?: unknown; y?: unknown; datasets?: unknown } | null | undefined;
    if (p === null || typeof p !== 'object' || typeof p.model !== 'string') return null;
    const nPoints = Array.isArray(p.datasets)
      ? (p.datasets as { y?: unknown }[]).reduce((n, d) => n + lengthOf(d?.y), 0)
      : lengthOf(p.y);
    return { kind: 'fit', model: p.model, nPoints };
  }
  if (s.kind === 'batch') {
    const b = s.batch as { model?: unknown; y?: unknown } | null | undefined;
    if (b === null || typeof b !== 'object' || typeof b.model !== 'string' || !Array.isArray(b.y)) return null;
    return { kind: 'batch', model: b.model, nPoints: (b.y as unknown[]).reduce<number>((n, r) => n + lengthOf(r), 0) };
  }
  return null;
}

/** The summary of a spec that passed createJob's checks. */
export function summaryOfSpec(spec: JobSpec): JobSummary {
  const summary = jobSummaryOf(spec);
  if (summary === null) throw new TypeError('a validated job spec has no summary');
  return summary;
}

function lengthOf(a: unknown): number {
  const n = (a as { length?: unknown } | null | undefined)?.length;
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}
