/**
 * `npm run bench -- --distributed`: CPU batch fits per second in one process against the
 * same batch through Redis (BullMQ) with 1 and 2 `fitbench worker` processes, and one worker
 * process with 2 threads. Small curves (2 parameters, 16 points) so the queue's share shows.
 * A benchmark, not a test: it prints figures and writes reports/bench-distributed.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitBatchOf } from '../src/core/data/batch';
import { curveFitBatch } from '../src/core/fit';
import { runDistributedBatch } from '../src/distributed/coordinator';
import { parseQueueUrl } from '../src/distributed/queue-url';
import { startLocalRedis } from '../src/distributed/testing/local-redis';
import { DECAY_PROBLEM, decayCurves } from '../src/distributed/testing/synthetic-curves';

const CLI = process.env.FITBENCH_CLI as string;
const COUNT = Number(process.env.FITBENCH_BENCH_CURVES ?? 100_000);
const CHUNK = 5000;

async function startWorkers(
  url: string,
  queueName: string,
  processes: number,
  concurrency: number,
): Promise<ChildProcess[]> {
  const workers = Array.from({ length: processes }, () =>
    spawn(
      process.execPath,
      [CLI, 'worker', '--queue', url, '--queue-name', queueName, '--concurrency', String(concurrency)],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    ),
  );
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          let text = '';
          w.stderr?.on('data', (d: Buffer) => {
            text += d.toString();
            if (/fitting on cpu/.test(text)) resolve();
          });
        }),
    ),
  );
  return workers;
}

async function main() {
  const curves = decayCurves(COUNT, 16, 21);
  const rows: { setup: string; seconds: number; fitsPerSecond: number }[] = [];
  const t0 = performance.now();
  await curveFitBatch(fitBatchOf(curves, DECAY_PROBLEM), { backend: 'cpu' });
  const single = (performance.now() - t0) / 1000;
  rows.push({ setup: 'one process, no queue', seconds: single, fitsPerSecond: COUNT / single });

  const redis = await startLocalRedis();
  try {
    for (const [processes, concurrency] of [
      [1, 1],
      [2, 1],
      [1, 2],
    ]) {
      const queueName = `bench-${processes}-${concurrency}`;
      const workers = await startWorkers(redis.url, queueName, processes, concurrency);
      const t1 = performance.now();
      const run = await runDistributedBatch({
        target: parseQueueUrl(redis.url),
        queueName,
        curves,
        problem: DECAY_PROBLEM,
        chunkSize: CHUNK,
        pollMs: 50,
      });
      const seconds = (performance.now() - t1) / 1000;
      await run.cleanup();
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(workers.map((w) => new Promise((r) => w.once('exit', r))));
      rows.push({
        setup: `Redis, ${processes} worker process${processes > 1 ? 'es' : ''}${concurrency > 1 ? ` × ${concurrency} threads` : ''}`,
        seconds,
        fitsPerSecond: COUNT / seconds,
      });
    }
  } finally {
    await redis.stop();
  }
  console.log(`${COUNT.toLocaleString('en-US')} curves (a·exp(−x/t), 16 points), chunks of ${CHUNK}:`);
  for (const r of rows)
    console.log(
      `  ${r.setup.padEnd(44)} ${r.seconds.toFixed(2).padStart(7)} s  ${Math.round(r.fitsPerSecond).toLocaleString('en-US').padStart(8)} fits/s`,
    );
  mkdirSync('reports', { recursive: true });
  writeFileSync(
    join('reports', 'bench-distributed.json'),
    `${JSON.stringify({ curves: COUNT, chunk: CHUNK, rows }, null, 2)}\n`,
  );
}

await main();
