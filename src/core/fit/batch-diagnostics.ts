/**
 * Per-curve diagnostics of a batch result (BatchResult.diagnostics), the same for every
 * backend and every way of splitting a batch: a free parameter at a bound, parameters that
 * are not identifiable (a fitted curve with a non-finite standard error), and the GPU's
 * float64 refits (none on the CPU).
 */
import type { BatchDiagnostics, BatchResult, FitBatch } from '../api-types';

/** 1 where a free parameter sits at (within 1e-9 relative of) a bound. */
export function curvesAtBound(batch: Pick<FitBatch, 'bounds' | 'fixed'>, result: BatchResult): Uint8Array {
  const count = result.cost.length;
  const np = result.paramNames.length;
  const out = new Uint8Array(count);
  const bounds = batch.bounds ?? {};
  const fixed = new Set(batch.fixed ?? []);
  result.paramNames.forEach((name, i) => {
    const b = bounds[name];
    if (!b || fixed.has(name)) return;
    const [lo, hi] = [b[0] ?? -Infinity, b[1] ?? Infinity];
    for (let j = 0; j < count; j++) {
      const v = result.params[j * np + i];
      const near = (edge: number) => Number.isFinite(edge) && Math.abs(v - edge) <= 1e-9 * Math.max(1, Math.abs(edge));
      if (near(lo) || near(hi)) out[j] = 1;
    }
  });
  return out;
}

/** 1 for a fitted curve (finite cost) with a free parameter whose standard error is not finite. */
export function curvesNotIdentifiable(batch: Pick<FitBatch, 'fixed'>, result: BatchResult): Uint8Array {
  const count = result.cost.length;
  const np = result.paramNames.length;
  const fixed = new Set(batch.fixed ?? []);
  const free = result.paramNames.map((name, i) => (fixed.has(name) ? -1 : i)).filter((i) => i >= 0);
  const out = new Uint8Array(count);
  for (let j = 0; j < count; j++) {
    if (!Number.isFinite(result.cost[j])) continue;
    for (const i of free) if (!Number.isFinite(result.stdErrors[j * np + i])) out[j] = 1;
  }
  return out;
}

/** The diagnostics of a CPU (float64) batch result: nothing was refitted. */
export function cpuBatchDiagnostics(batch: Pick<FitBatch, 'bounds' | 'fixed'>, result: BatchResult): BatchDiagnostics {
  return {
    atBound: curvesAtBound(batch, result),
    notIdentifiable: curvesNotIdentifiable(batch, result),
    refittedF64: new Uint8Array(result.cost.length),
  };
}

/** Empty diagnostics for `count` curves (curves not fitted: a failed chunk, a cancelled run). */
export function emptyBatchDiagnostics(count: number): BatchDiagnostics {
  return { atBound: new Uint8Array(count), notIdentifiable: new Uint8Array(count), refittedF64: new Uint8Array(count) };
}

/** Copies `part`'s diagnostics (or zeros when it has none) into `into` at curve `start`. */
export function placeBatchDiagnostics(into: BatchDiagnostics, part: BatchDiagnostics | undefined, start: number): void {
  if (!part) return;
  into.atBound.set(part.atBound, start);
  into.notIdentifiable.set(part.notIdentifiable, start);
  into.refittedF64.set(part.refittedF64, start);
}
