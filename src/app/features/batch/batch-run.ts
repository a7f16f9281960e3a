/**
 * Runs a batch from the page through the fitting service: the curves are split into chunks,
 * each chunk is one `fitBatch` job (so the worker pool fits several at once, on WebGPU or
 * the CPU, with the service's retries), and at most a few chunks are in flight, so packing a
 * chunk for its worker is a short task, never the whole batch at once. Progress, fits per
 * second and ETA are measured as chunks finish; cancel stops the chunks in flight and
 * leaves the rest unfitted.
 */
import type { BatchResult, FitBatch, FitOptions } from '../../../core/api-types';
import { fitBatchOf, sliceCurves, type BatchCurves, type CurveStatus } from '../../../core/data/batch';
import { curveStatusOf } from '../../../core/data/batch';
import { FitbenchError } from '../../../core/errors';
import { classifyFault } from '../../../core/reliability';
import { emptyBatchDiagnostics, placeBatchDiagnostics } from '../../../core/fit/batch-diagnostics';

export interface ChunkHandle {
  result: Promise<BatchResult>;
  cancel(): boolean;
}

export interface BatchRunDeps {
  fitBatch(batch: FitBatch, options?: FitOptions): ChunkHandle;
  now(): number;
  /**
   * Runs `fn` in a later task. With it, each chunk is packed and sent in a task of its own,
   * apart from the click and from the message that brought the previous chunk's result (each
   * costs the page milliseconds); without it, chunks start at once.
   */
  defer?(fn: () => void): void;
}

export interface BatchProblemInput {
  model: string;
  p0: Record<string, number>;
  bounds?: Record<string, [number | null, number | null]>;
}

export interface BatchRunProgress {
  done: number;
  total: number;
  chunksDone: number;
  chunks: number;
  fitsPerSecond: number;
  etaSeconds: number;
}

export interface BatchRunOutcome {
  state: 'done' | 'cancelled' | 'failed';
  result: BatchResult;
  status: CurveStatus[];
  /** Curves per status, counted once here (the page shows them without walking 100,000 statuses). */
  counts: Partial<Record<CurveStatus, number>>;
  /** Why the run failed, or the first chunk that failed (the others went on). */
  error?: string;
  failedChunks: number;
}

/**
 * Curves per chunk. Each chunk is one job of the fitting service, and a job costs the page a
 * few milliseconds however small it is (queueing, locks, snapshots, messages): a big batch
 * goes in about CHUNKS_TARGET chunks so those costs stay few, while a chunk holds at most
 * MAX_CHUNK_VALUES values so copying it for its worker stays a short task. Small batches keep
 * chunks of about 16,000 values (100–500 curves) for a smooth progress bar and a quick cancel.
 */
export function chunkSizeFor(points: number, curves = 0): number {
  const n = Math.max(1, points);
  const small = Math.max(100, Math.min(500, Math.round(16_000 / n)));
  const largest = Math.max(small, Math.floor(MAX_CHUNK_VALUES / n));
  return Math.min(largest, Math.max(small, Math.ceil(curves / CHUNKS_TARGET)));
}

const CHUNKS_TARGET = 48;
const MAX_CHUNK_VALUES = 256_000;

/**
 * Every chunk will fail the same way when the user's set-up is at fault (the model, the
 * parameters, the options), as opposed to one chunk's data: stop at once and say why.
 */
function failsWholeBatch(e: FitbenchError): boolean {
  return classifyFault(e) === 'user' && !/^(DATA|SIGMA|FIT)_/.test(e.code);
}

export interface BatchRun {
  done: Promise<BatchRunOutcome>;
  cancel(): void;
}

export function startBatchRun(
  curves: BatchCurves,
  problem: BatchProblemInput,
  options: FitOptions,
  deps: BatchRunDeps,
  onProgress: (p: BatchRunProgress) => void,
  maxInFlight = 3,
): BatchRun {
  const size = chunkSizeFor(curves.points, curves.count);
  const chunks = Math.ceil(curves.count / size);
  const handles = new Map<number, ChunkHandle>();
  let cancelled = false;
  let fatal: string | null = null;
  let cancelRun: () => void = () => undefined;

  const done = new Promise<BatchRunOutcome>((resolve) => {
    const total = curves.count;
    let paramNames: string[] | null = null;
    let params = new Float64Array(0);
    let stdErrors = new Float64Array(0);
    const cost = new Float64Array(total).fill(Number.NaN);
    const converged = new Uint8Array(total);
    const iterations = new Uint32Array(total);
    const diagnostics = emptyBatchDiagnostics(total);
    const state = new Uint8Array(chunks); // 0 waiting, 1 running, 2 done, 3 failed
    let backend: BatchResult['backend'] = 'cpu';
    let next = 0;
    let finished = 0;
    let curvesDone = 0;
    let firstError: string | undefined;
    let launchScheduled = false;
    let ended = false;
    const t0 = deps.now();
    const samples: { t: number; done: number }[] = [{ t: t0, done: 0 }];

    const report = () => {
      const t = deps.now();
      samples.push({ t, done: curvesDone });
      while (samples.length > 2 && samples[1].t < t - 10_000) samples.shift();
      const first = samples[0];
      const rate = t > first.t ? ((curvesDone - first.done) * 1000) / (t - first.t) : Number.NaN;
      onProgress({
        done: curvesDone,
        total,
        chunksDone: finished,
        chunks,
        fitsPerSecond: rate,
        etaSeconds: rate > 0 ? (total - curvesDone) / rate : Number.NaN,
      });
    };

    const finish = () => {
      if (ended) return;
      ended = true;
      const status: CurveStatus[] = new Array(total);
      const counts: Partial<Record<CurveStatus, number>> = {};
      const r = { cost, converged };
      for (let c = 0; c < chunks; c++) {
        const end = Math.min(total, (c + 1) * size);
        for (let j = c * size; j < end; j++) {
          const s = state[c] === 2 ? curveStatusOf(r, j) : state[c] === 3 ? 'chunk-failed' : 'not-fitted';
          status[j] = s;
          counts[s] = (counts[s] ?? 0) + 1;
        }
      }
      const failedChunks = state.reduce((s, v) => s + (v === 3 ? 1 : 0), 0);
      resolve({
        state: fatal !== null ? 'failed' : cancelled ? 'cancelled' : 'done',
        result: {
          paramNames: paramNames ?? [],
          params,
          stdErrors,
          cost,
          converged,
          iterations,
          backend,
          elapsedMs: deps.now() - t0,
          diagnostics,
        },
        status,
        counts,
        error: fatal ?? firstError,
        failedChunks,
      });
    };

    const place = (c: number, r: BatchResult) => {
      const start = c * size;
      if (paramNames === null) {
        paramNames = r.paramNames;
        params = new Float64Array(total * r.paramNames.length).fill(Number.NaN);
        stdErrors = new Float64Array(total * r.paramNames.length).fill(Number.NaN);
      }
      const p = paramNames.length;
      params.set(r.params, start * p);
      stdErrors.set(r.stdErrors, start * p);
      cost.set(r.cost, start);
      converged.set(r.converged, start);
      iterations.set(r.iterations, start);
      placeBatchDiagnostics(diagnostics, r.diagnostics, start);
      if (r.backend === 'webgpu') backend = 'webgpu';
    };

    const settle = () => {
      if (handles.size === 0 && (cancelled || fatal !== null || next >= chunks)) finish();
    };

    const launch = () => {
      while (!cancelled && fatal === null && next < chunks && handles.size < maxInFlight) {
        const c = next++;
        const start = c * size;
        const slice = sliceCurves(curves, start, Math.min(total, start + size));
        let handle: ChunkHandle;
        try {
          handle = deps.fitBatch(fitBatchOf(slice, problem), options);
        } catch (error) {
          fatal = FitbenchError.fromJSON(error).message;
          break;
        }
        state[c] = 1;
        handles.set(c, handle);
        handle.result.then(
          (r) => {
            handles.delete(c);
            if (cancelled && state[c] !== 1) return settle();
            place(c, r);
            state[c] = 2;
            finished++;
            curvesDone += slice.count;
            report();
            launchSoon();
            settle();
          },
          (error: unknown) => {
            handles.delete(c);
            const e = FitbenchError.fromJSON(error);
            if (e.code === 'FIT_ABORTED' && cancelled) state[c] = 0;
            else {
              state[c] = 3;
              finished++;
              firstError ??= `curves ${start}–${start + slice.count - 1}: ${e.message}`;
              if (failsWholeBatch(e)) fatal ??= e.message;
              report();
            }
            launchSoon();
            settle();
          },
        );
        if (deps.defer) {
          // The next chunk goes in a task of its own (see BatchRunDeps.defer).
          if (handles.size < maxInFlight && next < chunks) launchSoon();
          break;
        }
      }
      settle();
    };

    function launchSoon(): void {
      if (!deps.defer) return launch();
      if (launchScheduled) return;
      launchScheduled = true;
      deps.defer(() => {
        launchScheduled = false;
        launch();
      });
    }

    cancelRun = () => {
      if (cancelled) return;
      cancelled = true;
      for (const handle of handles.values()) handle.cancel();
      settle();
    };
    report();
    launch();
  });
  return { done, cancel: () => cancelRun() };
}
