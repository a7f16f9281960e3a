/**
 * The coordinator of a distributed batch (`fitbench batch … --queue redis://…`): splits the
 * curves into chunks, enqueues each as a BullMQ job whose id is derived from the data (so a
 * restarted coordinator finds the chunks already queued or done and only adds what is
 * missing), then collects every chunk's results into one BatchResult. A chunk that fails
 * for good is reported by id and its curves are marked `chunk-failed`, never dropped.
 */
import { Job, Queue, QueueEvents } from 'bullmq';
import type { BatchDiagnostics, BatchResult } from '../core/api-types';
import { emptyBatchDiagnostics, placeBatchDiagnostics } from '../core/fit';
import { sliceCurves, type BatchCurves, type CurveStatus } from '../core/data/batch';
import { curveStatusOf } from '../core/data/batch';
import { FitbenchError } from '../core/errors';
import { RateMeter, type BatchProgressReport } from './batch-progress';
import { digest } from './chunk-codec';
import {
  chunkJobId,
  decodeChunkResult,
  encodeChunk,
  type BatchProblem,
  type ChunkJobData,
  type ChunkResultData,
  type QueuedFitOptions,
} from './chunk-job';
import { DEFAULT_QUEUE_NAME, connectionFor, whenConnected } from './queue-connection';
import type { RedisTarget } from './queue-url';

export interface CoordinatorOptions {
  target: RedisTarget;
  queueName?: string;
  curves: BatchCurves;
  problem: BatchProblem;
  options?: QueuedFitOptions;
  /** Curves per chunk (default 10,000). */
  chunkSize?: number;
  /** Tries per chunk for transient faults (default 5), with exponential backoff and jitter. */
  attempts?: number;
  /** First retry delay in ms (default 1000), doubled each time, ±50% jitter. */
  backoffMs?: number;
  pollMs?: number;
  /** Give up with QUEUE_UNAVAILABLE when Redis does not answer within this (default 10 s). */
  connectTimeoutMs?: number;
  onProgress?: (progress: BatchProgressReport) => void;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface FailedChunk {
  /** The BullMQ job id. */
  id: string;
  chunk: number;
  start: number;
  count: number;
  reason: string;
  attempts: number;
}

export interface DistributedBatch {
  batchId: string;
  result: BatchResult;
  status: CurveStatus[];
  failedChunks: FailedChunk[];
  chunksResumed: number;
  /** Workers (host:pid) that fitted chunks. */
  workers: string[];
  /** Removes this batch's jobs from Redis: call once the results are safely written. */
  cleanup(): Promise<void>;
}

export const DEFAULT_CHUNK_SIZE = 10_000;

/** The batch id: a digest of everything that decides the results, so equal batches share ids. */
export function batchIdOf(
  curves: BatchCurves,
  problem: BatchProblem,
  options: QueuedFitOptions,
  chunkSize: number,
): string {
  return digest([
    JSON.stringify(problem),
    JSON.stringify(options),
    String(chunkSize),
    `${curves.count}x${curves.points}:${curves.xPerCurve}`,
    curves.x,
    curves.y,
    // Per-curve sigma and start values change the results: they are part of the batch's identity.
    ...(curves.sigma ? ['sigma', curves.sigma] : []),
    ...(curves.p0 ? ['p0', JSON.stringify(curves.p0.names), curves.p0.values] : []),
  ]).slice(0, 24);
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runDistributedBatch(opts: CoordinatorOptions): Promise<DistributedBatch> {
  const { curves, problem } = opts;
  const options = opts.options ?? {};
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < 1)
    throw new FitbenchError('OPTIONS_INVALID', `--chunk must be a whole number ≥ 1, got ${chunkSize}`);
  const log = opts.log ?? (() => undefined);
  const batchId = batchIdOf(curves, problem, options, chunkSize);
  const chunks = Math.ceil(curves.count / chunkSize);
  const ids = Array.from({ length: chunks }, (_, i) => chunkJobId(batchId, i));
  const queue = new Queue<ChunkJobData, ChunkResultData>(opts.queueName ?? DEFAULT_QUEUE_NAME, {
    connection: connectionFor(opts.target),
  });
  const events = new QueueEvents(opts.queueName ?? DEFAULT_QUEUE_NAME, { connection: connectionFor(opts.target) });
  // Connection errors surface as QUEUE_UNAVAILABLE (at start) or as ioredis reconnecting (later).
  let lastError = '';
  const onError = (error: Error) => {
    if (error.message !== lastError) log(`queue connection: ${error.message}`);
    lastError = error.message;
  };
  queue.on('error', onError);
  events.on('error', onError);
  const activeProgress = new Map<string, number>();
  events.on('progress', ({ jobId, data }) => {
    if (jobId.startsWith(batchId) && typeof data === 'number') activeProgress.set(jobId, data);
  });
  try {
    await whenConnected(opts.target, [queue.waitUntilReady(), events.waitUntilReady()], opts.connectTimeoutMs);
    // Enqueue what is not there yet: a restarted coordinator re-adds nothing already queued,
    // running or done (and BullMQ ignores a duplicate job id anyway).
    const states = await inGroups(ids, 64, (id) => queue.getJobState(id));
    const missing = ids.map((_, i) => i).filter((i) => states[i] === 'unknown');
    const chunksResumed = states.filter((s) => s === 'completed').length;
    if (missing.length < chunks)
      log(
        `batch ${batchId}: continuing: ${chunks - missing.length} of ${chunks} chunks already queued (${chunksResumed} done)`,
      );
    for (let g = 0; g < missing.length; g += 8) {
      const group = missing.slice(g, g + 8).map((i) => {
        const start = i * chunkSize;
        const slice = sliceCurves(curves, start, Math.min(curves.count, start + chunkSize));
        return {
          name: 'chunk',
          data: encodeChunk(batchId, i, start, slice, problem, options),
          opts: {
            jobId: ids[i],
            attempts: opts.attempts ?? 5,
            backoff: { type: 'exponential', delay: opts.backoffMs ?? 1000, jitter: 0.5 },
            removeOnComplete: false,
            removeOnFail: false,
          },
        };
      });
      await queue.addBulk(group);
    }
    if (missing.length > 0) log(`batch ${batchId}: queued ${missing.length} chunk(s) of up to ${chunkSize} curves`);

    const assembly = new ResultAssembly(curves.count);
    const failedChunks: FailedChunk[] = [];
    const workers = new Set<string>();
    const pending = new Set(ids.map((_, i) => i));
    const meter = new RateMeter();
    let doneCurves = 0;
    let chunksDone = 0;
    while (pending.size > 0) {
      if (opts.signal?.aborted)
        throw new FitbenchError('FIT_ABORTED', `stopped; the chunks stay queued: run the same command to continue`);
      const list = [...pending];
      const now = await inGroups(list, 64, (i) => queue.getJobState(ids[i]));
      for (let k = 0; k < list.length; k++) {
        const i = list[k];
        if (now[k] === 'completed') {
          const job = await Job.fromId<ChunkJobData, ChunkResultData>(queue, ids[i]);
          if (!job?.returnvalue) continue;
          assembly.place(job.returnvalue, i * chunkSize, Math.min(chunkSize, curves.count - i * chunkSize));
          workers.add(job.returnvalue.worker);
          doneCurves += job.returnvalue.count;
          chunksDone++;
          pending.delete(i);
          activeProgress.delete(ids[i]);
        } else if (now[k] === 'failed') {
          const job = await Job.fromId<ChunkJobData, ChunkResultData>(queue, ids[i]);
          const start = i * chunkSize;
          const count = Math.min(chunkSize, curves.count - start);
          const failure: FailedChunk = {
            id: ids[i],
            chunk: i,
            start,
            count,
            reason: job?.failedReason ?? 'unknown',
            attempts: job?.attemptsMade ?? 0,
          };
          failedChunks.push(failure);
          assembly.fail(start, count);
          log(
            `chunk ${failure.id} (curves ${start}–${start + count - 1}) failed after ${failure.attempts} attempt(s): ${failure.reason}`,
          );
          pending.delete(i);
          activeProgress.delete(ids[i]);
        } else if (now[k] === 'unknown') {
          throw new FitbenchError(
            'CHUNK_FAILED',
            `chunk ${ids[i]} disappeared from the queue (removed by someone else?): run the command again to re-queue it`,
            { chunk: i },
          );
        }
      }
      const inFlight = [...activeProgress.values()].reduce((s, v) => s + v, 0);
      const t = Date.now();
      meter.add(t, doneCurves + inFlight);
      const rate = meter.perSecond();
      const curvesDone = Math.min(curves.count, doneCurves + inFlight);
      opts.onProgress?.({
        curves: curves.count,
        curvesDone: failedChunks.reduce((s, f) => s + f.count, curvesDone),
        chunks,
        chunksDone,
        chunksFailed: failedChunks.length,
        chunksResumed,
        fitsPerSecond: rate,
        etaSeconds: rate > 0 ? (curves.count - curvesDone) / rate : Number.NaN,
      });
      if (pending.size > 0) await wait(opts.pollMs ?? 250);
    }
    failedChunks.sort((a, b) => a.chunk - b.chunk);
    return {
      batchId,
      result: assembly.result(),
      status: assembly.status(),
      failedChunks,
      chunksResumed,
      workers: [...workers].sort(),
      async cleanup() {
        const q = new Queue(opts.queueName ?? DEFAULT_QUEUE_NAME, { connection: connectionFor(opts.target) });
        try {
          await inGroups(ids, 64, (id) => q.remove(id));
        } finally {
          await q.close();
        }
      },
    };
  } finally {
    // A server that never answered leaves close() waiting on reconnects: do not wait long.
    await Promise.race([
      Promise.all([events.close().catch(() => undefined), queue.close().catch(() => undefined)]),
      wait(2000).then(() => {
        events.disconnect().catch(() => undefined);
        queue.disconnect().catch(() => undefined);
      }),
    ]);
  }
}

/** Runs `fn` over `items`, `size` at a time in parallel, keeping the order. */
async function inGroups<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let g = 0; g < items.length; g += size) out.push(...(await Promise.all(items.slice(g, g + size).map(fn))));
  return out;
}

/** Chunk results placed by curve index into one BatchResult. */
class ResultAssembly {
  private paramNames: string[] | null = null;
  private params = new Float64Array(0);
  private stdErrors = new Float64Array(0);
  private readonly cost: Float64Array;
  private readonly converged: Uint8Array;
  private readonly iterations: Uint32Array;
  private readonly failed: Uint8Array;
  private readonly diagnostics: BatchDiagnostics;
  private backend: BatchResult['backend'] = 'cpu';
  private readonly t0 = Date.now();

  constructor(private readonly count: number) {
    this.cost = new Float64Array(count).fill(Number.NaN);
    this.converged = new Uint8Array(count);
    this.iterations = new Uint32Array(count);
    this.failed = new Uint8Array(count);
    this.diagnostics = emptyBatchDiagnostics(count);
  }

  place(data: ChunkResultData, start: number, count: number): void {
    if (data.start !== start || data.count !== count)
      throw new FitbenchError(
        'CHUNK_CORRUPT',
        `the result of chunk ${data.chunk} covers curves ${data.start}+${data.count}, expected ${start}+${count}`,
      );
    const r = decodeChunkResult(data);
    if (this.paramNames === null) {
      this.paramNames = r.paramNames;
      this.params = new Float64Array(this.count * r.paramNames.length).fill(Number.NaN);
      this.stdErrors = new Float64Array(this.count * r.paramNames.length).fill(Number.NaN);
    } else if (r.paramNames.join(',') !== this.paramNames.join(','))
      throw new FitbenchError(
        'CHUNK_CORRUPT',
        `chunk ${data.chunk} has parameters ${r.paramNames.join(', ')}, others ${this.paramNames.join(', ')}`,
      );
    const p = r.paramNames.length;
    if (r.params.length !== count * p || r.cost.length !== count)
      throw new FitbenchError('CHUNK_CORRUPT', `the result of chunk ${data.chunk} does not hold ${count} curves`);
    this.params.set(r.params, start * p);
    this.stdErrors.set(r.stdErrors, start * p);
    this.cost.set(r.cost, start);
    this.converged.set(r.converged, start);
    this.iterations.set(r.iterations, start);
    if (r.diagnostics && r.diagnostics.atBound.length !== count)
      throw new FitbenchError('CHUNK_CORRUPT', `the diagnostics of chunk ${data.chunk} do not hold ${count} curves`);
    placeBatchDiagnostics(this.diagnostics, r.diagnostics, start);
    if (r.backend === 'webgpu') this.backend = 'webgpu';
  }

  fail(start: number, count: number): void {
    this.failed.fill(1, start, start + count);
  }

  result(): BatchResult {
    return {
      paramNames: this.paramNames ?? [],
      params: this.params,
      stdErrors: this.stdErrors,
      cost: this.cost,
      converged: this.converged,
      iterations: this.iterations,
      backend: this.backend,
      elapsedMs: Date.now() - this.t0,
      diagnostics: this.diagnostics,
    };
  }

  status(): CurveStatus[] {
    const r = { cost: this.cost, converged: this.converged };
    return Array.from({ length: this.count }, (_, j) => (this.failed[j] ? 'chunk-failed' : curveStatusOf(r, j)));
  }
}
