/**
 * Fits one chunk of curves. On the CPU the chunk is fitted in slices with a turn of the
 * event loop between them, so BullMQ's lock renewal (a timer) keeps running: a long chunk
 * must never look stalled while its worker is alive, or another worker would fit it twice.
 */
import type { BatchResult, FitBatch, FitOptions } from '../core/api-types';
import { fitBatchOf, sliceCurves, type BatchCurves } from '../core/data/batch';
import { curveFitBatch, emptyBatchDiagnostics, placeBatchDiagnostics } from '../core/fit';
import type { BatchProblem, QueuedFitOptions } from './chunk-job';

/** How a worker fits a batch: the CPU core, or the GPU engine in Node (`--backend webgpu`). */
export type BatchFitter = (batch: FitBatch, options: FitOptions) => Promise<BatchResult>;

/** Curves per slice between event-loop turns on the CPU (a few milliseconds of work). */
const CPU_SLICE = 128;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const now = () => performance.now();

/**
 * The results of every curve of the chunk, in order. Progress reports the curves done so
 * far. A fitter error (bad model, GPU lost) propagates; a bad curve is a NaN row, as in
 * curveFitBatch.
 */
export async function fitChunk(
  curves: BatchCurves,
  problem: BatchProblem,
  options: QueuedFitOptions,
  fitter: BatchFitter | 'cpu',
  onProgress?: (done: number) => void | Promise<void>,
): Promise<BatchResult> {
  const t0 = now();
  if (fitter !== 'cpu') {
    const result = await fitter(fitBatchOf(curves, problem), options);
    await onProgress?.(curves.count);
    return result;
  }
  const parts: BatchResult[] = [];
  for (let start = 0; start < curves.count; start += CPU_SLICE) {
    const end = Math.min(curves.count, start + CPU_SLICE);
    parts.push(
      await curveFitBatch(fitBatchOf(sliceCurves(curves, start, end), problem), { ...options, backend: 'cpu' }),
    );
    await onProgress?.(end);
    await yieldToEventLoop();
  }
  return concatResults(parts, now() - t0);
}

/** One BatchResult from consecutive parts (same model, so the same parameter names). */
export function concatResults(parts: BatchResult[], elapsedMs: number): BatchResult {
  const count = parts.reduce((s, r) => s + r.cost.length, 0);
  const p = parts[0].paramNames.length;
  const out: BatchResult = {
    paramNames: parts[0].paramNames,
    params: new Float64Array(count * p),
    stdErrors: new Float64Array(count * p),
    cost: new Float64Array(count),
    converged: new Uint8Array(count),
    iterations: new Uint32Array(count),
    backend: parts[0].backend,
    elapsedMs,
  };
  const diagnostics = parts.every((part) => part.diagnostics) ? emptyBatchDiagnostics(count) : undefined;
  if (diagnostics) out.diagnostics = diagnostics;
  let at = 0;
  for (const part of parts) {
    out.params.set(part.params, at * p);
    out.stdErrors.set(part.stdErrors, at * p);
    out.cost.set(part.cost, at);
    out.converged.set(part.converged, at);
    out.iterations.set(part.iterations, at);
    if (diagnostics) placeBatchDiagnostics(diagnostics, part.diagnostics, at);
    at += part.cost.length;
  }
  return out;
}
