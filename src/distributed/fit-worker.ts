/**
 * `fitbench worker`: a BullMQ worker that fits chunks from the batch queue until stopped.
 * Leases (job locks) are renewed while a chunk is fitted; a worker that dies loses its
 * lease and another worker's stalled-job check puts the chunk back in the queue.
 */
import { Worker } from 'bullmq';
import type { RedisTarget } from './queue-url';
import { DEFAULT_QUEUE_NAME, connectionFor, whenConnected } from './queue-connection';
import type { ChunkJobData, ChunkResultData } from './chunk-job';
import type { BatchFitter } from './fit-chunk';
import { WORKER_NAME, processChunkJob } from './process-chunk-job';
import { WorkerMetrics } from './worker-metrics';

export interface FitWorkerOptions {
  target: RedisTarget;
  queueName?: string;
  /** Chunks fitted at once. On the CPU with more than one, each runs in its own thread. */
  concurrency?: number;
  /** 'cpu', or a fitter (the Node GPU engine) run in this thread. */
  fitter?: BatchFitter | 'cpu';
  /** The sandboxed processor file (cpu-chunk-processor built to .mjs), for CPU concurrency > 1. */
  processorFile?: URL;
  /** How long a lease lasts without renewal; a dead worker's chunk is re-run after about this long. */
  lockDurationMs?: number;
  /** How often this worker looks for stalled chunks (default: half the lock duration). */
  stalledIntervalMs?: number;
  /** Serve Prometheus metrics on this port (0: any free port). */
  metricsPort?: number;
  metricsHost?: string;
  log?: (line: string) => void;
}

export interface RunningWorker {
  metrics: WorkerMetrics;
  metricsPort?: number;
  name: string;
  /** Finishes the chunks in hand, then disconnects. */
  close(): Promise<void>;
}

export const DEFAULT_LOCK_MS = 30_000;

export async function startFitWorker(options: FitWorkerOptions): Promise<RunningWorker> {
  const metrics = new WorkerMetrics();
  const log = options.log ?? (() => undefined);
  const fitter = options.fitter ?? 'cpu';
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const lockDuration = options.lockDurationMs ?? DEFAULT_LOCK_MS;
  const sandboxed = fitter === 'cpu' && concurrency > 1 && options.processorFile !== undefined;
  const processor = sandboxed
    ? (options.processorFile as URL)
    : (job: { data: ChunkJobData; updateProgress(p: number): Promise<unknown> }) => processChunkJob(job, fitter);
  const worker = new Worker<ChunkJobData, ChunkResultData>(options.queueName ?? DEFAULT_QUEUE_NAME, processor, {
    connection: connectionFor(options.target),
    concurrency,
    useWorkerThreads: sandboxed,
    lockDuration,
    stalledInterval: options.stalledIntervalMs ?? Math.max(500, Math.floor(lockDuration / 2)),
    maxStalledCount: 3,
    name: WORKER_NAME,
  });
  worker.on('active', (job) => {
    metrics.started(job.attemptsMade > 0);
    log(
      `chunk ${job.id}: fitting ${job.data.count} curves${job.attemptsMade > 0 ? ` (attempt ${job.attemptsMade + 1})` : ''}`,
    );
  });
  worker.on('completed', (job) => {
    metrics.completed(job.data.count);
    log(`chunk ${job.id}: done`);
  });
  worker.on('failed', (job, error) => {
    if (!job) return;
    const final = error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    metrics.failed(final);
    log(`chunk ${job.id}: ${final ? 'failed' : 'will be retried'}: ${error.message}`);
  });
  worker.on('stalled', (jobId) => {
    metrics.stalled();
    log(`chunk ${jobId}: its worker lost the lease; back in the queue`);
  });
  let lastError = '';
  worker.on('error', (error) => {
    if (error.message !== lastError) log(`queue error: ${error.message}`);
    lastError = error.message;
  });
  try {
    await whenConnected(options.target, [worker.waitUntilReady()]);
  } catch (error) {
    // close() would wait for reconnects to a server that is not there.
    worker.disconnect().catch(() => undefined);
    throw error;
  }
  let server: Awaited<ReturnType<WorkerMetrics['serve']>> | undefined;
  if (options.metricsPort !== undefined) server = await metrics.serve(options.metricsPort, options.metricsHost);
  return {
    metrics,
    metricsPort: server?.port,
    name: WORKER_NAME,
    async close() {
      await worker.close();
      await new Promise<void>((resolve) => (server ? server.server.close(() => resolve()) : resolve()));
    },
  };
}
