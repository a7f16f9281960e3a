/**
 * `fitbench batch … --queue` (the coordinator) and `fitbench worker`: the CLI over
 * src/distributed. Progress goes to stderr (a bar with fits/s and ETA on a terminal, one
 * line every few seconds otherwise); results go to --out.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extname } from 'node:path';
import type { BatchResult, FitOptions } from '../core/api-types';
import { batchResultToArrow, batchResultToCsv, type BatchCurves, type CurveStatus } from '../core/data/batch';
import { FitbenchError } from '../core/errors';
import { formatProgress, type BatchProgressReport } from '../distributed/batch-progress';
import type { BatchProblem, QueuedFitOptions } from '../distributed/chunk-job';
import { runDistributedBatch } from '../distributed/coordinator';
import { startFitWorker } from '../distributed/fit-worker';
import { parseQueueUrl } from '../distributed/queue-url';
import { batchOnNodeGpu } from './node-gpu';

export interface CoordinatorCommand {
  curves: BatchCurves;
  problem: BatchProblem;
  options: FitOptions;
  queue: string;
  queueName?: string;
  chunk?: number;
  out: string;
}

/** Writes results as Arrow IPC (.arrow, .arrows, .feather, .ipc) or CSV (anything else). */
export function writeResults(
  path: string,
  result: BatchResult,
  curves: Pick<BatchCurves, 'labels' | 'grid'>,
  status?: CurveStatus[],
): void {
  const table = { result, labels: curves.labels, grid: curves.grid, status };
  const arrow = ['.arrow', '.arrows', '.feather', '.ipc'].includes(extname(path).toLowerCase());
  writeFileSync(path, arrow ? batchResultToArrow(table) : batchResultToCsv(table));
}

function queuedOptions(options: FitOptions): QueuedFitOptions {
  const { method, loss, fScale, absoluteSigma, maxIterations, xtol, ftol, gtol } = options;
  const out: QueuedFitOptions = { method, loss, fScale, absoluteSigma, maxIterations, xtol, ftol, gtol };
  for (const key of Object.keys(out) as (keyof QueuedFitOptions)[]) if (out[key] === undefined) delete out[key];
  return out;
}

function progressPrinter(): (p: BatchProgressReport) => void {
  const tty = process.stderr.isTTY;
  let last = 0;
  return (p) => {
    const t = Date.now();
    const finished = p.chunksDone + p.chunksFailed === p.chunks;
    if (tty) process.stderr.write(`\r${formatProgress(p)}\x1b[K${finished ? '\n' : ''}`);
    else if (finished || t - last >= 2000) {
      last = t;
      process.stderr.write(`fitbench: ${formatProgress(p)}\n`);
    }
  };
}

/** Exit code: 0 every curve converged, 1 some did not or a chunk failed. */
export async function runCoordinatorCommand(command: CoordinatorCommand): Promise<number> {
  if (command.options.backend && command.options.backend !== 'cpu' && command.options.backend !== 'auto')
    throw new FitbenchError(
      'OPTIONS_INVALID',
      'with --queue the workers choose the backend: start them with fitbench worker --backend webgpu',
    );
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const run = await runDistributedBatch({
      target: parseQueueUrl(command.queue),
      queueName: command.queueName,
      curves: command.curves,
      problem: command.problem,
      options: queuedOptions(command.options),
      chunkSize: command.chunk,
      onProgress: progressPrinter(),
      log: (line) => process.stderr.write(`fitbench: ${line}\n`),
      signal: stop.signal,
    });
    writeResults(command.out, run.result, command.curves, run.status);
    await run.cleanup();
    const converged = run.status.filter((s) => s === 'converged').length;
    process.stderr.write(
      `fitbench: ${converged}/${command.curves.count} curves converged on ${run.workers.length} worker(s); results in ${command.out}\n`,
    );
    for (const f of run.failedChunks)
      process.stderr.write(
        `fitbench: chunk ${f.id} failed (curves ${f.start}–${f.start + f.count - 1}, ${f.attempts} attempt(s)): ${f.reason}\n`,
      );
    return converged === command.curves.count ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export interface WorkerCommand {
  queue: string;
  queueName?: string;
  backend: 'cpu' | 'webgpu';
  concurrency: number;
  metricsPort?: number;
  lockMs?: number;
}

/** Runs until SIGINT/SIGTERM, then finishes the chunks in hand and exits 0. */
export async function runWorkerCommand(command: WorkerCommand): Promise<number> {
  const log = (line: string) => process.stderr.write(`fitbench worker: ${line}\n`);
  // Built next to the CLI bundle by scripts/build-cli.mjs; without it chunks run in this thread.
  const processorFile = new URL('./cpu-chunk-processor.mjs', import.meta.url);
  const worker = await startFitWorker({
    target: parseQueueUrl(command.queue),
    queueName: command.queueName,
    concurrency: command.concurrency,
    fitter: command.backend === 'webgpu' ? batchOnNodeGpu : 'cpu',
    processorFile: existsSync(fileURLToPath(processorFile)) ? processorFile : undefined,
    lockDurationMs: command.lockMs,
    metricsPort: command.metricsPort,
    log,
  });
  log(
    `${worker.name} fitting on ${command.backend}${command.concurrency > 1 ? ` ×${command.concurrency}` : ''}` +
      (worker.metricsPort !== undefined ? `; metrics on :${worker.metricsPort}/metrics` : ''),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  log('stopping: finishing the chunks in hand');
  await worker.close();
  return 0;
}
