/**
 * The distributed batch in one process against a real redis-server on loopback: two BullMQ
 * workers, the coordinator, a poisoned chunk, a corrupted chunk, a restarted coordinator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Job, Queue } from 'bullmq';
import { curveFitBatch } from '../core/fit';
import { fitBatchOf } from '../core/data/batch';
import { runDistributedBatch } from './coordinator';
import { startFitWorker, type RunningWorker } from './fit-worker';
import type { BatchFitter } from './fit-chunk';
import { parseQueueUrl } from './queue-url';
import { connectionFor } from './queue-connection';
import { freePort, startLocalRedis, type LocalRedis } from './testing/local-redis';
import { DECAY_PROBLEM, decayCurves, decayCurvesWithSigma } from './testing/synthetic-curves';
import { chunkJobId, type ChunkJobData } from './chunk-job';
import { batchIdOf } from './coordinator';

let redis: LocalRedis;
beforeAll(async () => {
  redis = await startLocalRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

async function withWorkers<T>(
  n: number,
  queueName: string,
  fn: (workers: RunningWorker[]) => Promise<T>,
  fitter?: BatchFitter,
): Promise<T> {
  const target = parseQueueUrl(redis.url);
  const workers = await Promise.all(
    Array.from({ length: n }, () =>
      startFitWorker({ target, queueName, lockDurationMs: 5000, metricsPort: 0, metricsHost: '127.0.0.1', fitter }),
    ),
  );
  try {
    return await fn(workers);
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
}

describe('distributed batch (BullMQ on a loopback redis-server)', () => {
  it('fits every curve once across two workers, bitwise equal to one process, with metrics', async () => {
    const curves = decayCurves(3000);
    const reference = await curveFitBatch(fitBatchOf(curves, DECAY_PROBLEM), { backend: 'cpu' });
    const progress: number[] = [];
    await withWorkers(2, 'q-equal', async (workers) => {
      const run = await runDistributedBatch({
        target: parseQueueUrl(redis.url),
        queueName: 'q-equal',
        curves,
        problem: DECAY_PROBLEM,
        chunkSize: 400,
        pollMs: 50,
        onProgress: (p) => progress.push(p.curvesDone),
      });
      expect(run.failedChunks).toEqual([]);
      expect(run.result.paramNames).toEqual(reference.paramNames);
      expect(sameBits(run.result.params, reference.params)).toBe(true);
      expect(sameBits(run.result.stdErrors, reference.stdErrors)).toBe(true);
      expect(sameBits(run.result.cost, reference.cost)).toBe(true);
      expect(sameBits(run.result.iterations, reference.iterations)).toBe(true);
      expect(run.status.every((s) => s === 'converged')).toBe(true);
      expect(progress.at(-1)).toBe(3000);
      const fits = workers.reduce(
        (s, w) =>
          s +
          w.metrics.registry.toJSON().metrics.find((m) => m.name === 'fitbench_batch_worker_fits_total')!.series[0]
            .value!,
        0,
      );
      expect(fits).toBe(3000);
      const text = await (await fetch(`http://127.0.0.1:${workers[0].metricsPort}/metrics`)).text();
      expect(text).toMatch(/fitbench_batch_worker_fits_total \d+/);
      expect(text).toMatch(/fitbench_batch_worker_chunks_total\{outcome="completed"\} \d+/);
      await run.cleanup();
      const queue = new Queue('q-equal', { connection: connectionFor(parseQueueUrl(redis.url)) });
      expect(await queue.getJobState(chunkJobId(run.batchId, 0))).toBe('unknown');
      await queue.close();
    });
  });

  it('carries per-curve sigma and start values in the chunks: bitwise equal to one process, with diagnostics', async () => {
    const curves = decayCurvesWithSigma(1200);
    const problem = { ...DECAY_PROBLEM, bounds: { t: [0.5, null] as [number, null] } };
    const reference = await curveFitBatch(fitBatchOf(curves, problem), { backend: 'cpu' });
    const unweighted = await curveFitBatch(fitBatchOf({ ...curves, sigma: undefined, p0: undefined }, problem), {
      backend: 'cpu',
    });
    // The per-curve inputs change the answer: a path that dropped them could not pass.
    expect(sameBits(reference.stdErrors, unweighted.stdErrors)).toBe(false);
    expect(sameBits(reference.iterations, unweighted.iterations)).toBe(false);
    await withWorkers(2, 'q-sigma', async () => {
      const run = await runDistributedBatch({
        target: parseQueueUrl(redis.url),
        queueName: 'q-sigma',
        curves,
        problem,
        chunkSize: 250,
        pollMs: 50,
      });
      expect(run.failedChunks).toEqual([]);
      expect(sameBits(run.result.params, reference.params)).toBe(true);
      expect(sameBits(run.result.stdErrors, reference.stdErrors)).toBe(true);
      expect(sameBits(run.result.cost, reference.cost)).toBe(true);
      expect(sameBits(run.result.iterations, reference.iterations)).toBe(true);
      expect(run.result.diagnostics).toEqual(reference.diagnostics);
      expect(run.result.diagnostics?.atBound.some((v) => v === 1)).toBe(true);
      // Same data without the per-curve inputs is another batch (another id), not these chunks.
      expect(batchIdOf({ ...curves, sigma: undefined }, problem, {}, 250)).not.toBe(run.batchId);
      expect(batchIdOf({ ...curves, p0: undefined }, problem, {}, 250)).not.toBe(run.batchId);
      await run.cleanup();
    });
  });

  it('a GPU worker’s per-curve diagnostics (refitted in float64, …) reach the coordinator’s result', async () => {
    const curves = decayCurves(900);
    // Stands in for the Node WebGPU engine (Dawn does not run here): a webgpu-backend result
    // whose diagnostics mark every seventh curve of the chunk as refitted in float64.
    const gpuLike: BatchFitter = async (batch, options) => {
      const r = await curveFitBatch(batch, { ...options, backend: 'cpu' });
      r.diagnostics!.refittedF64 = Uint8Array.from(r.cost, (_, j) => (j % 7 === 0 ? 1 : 0));
      return { ...r, backend: 'webgpu' };
    };
    await withWorkers(
      1,
      'q-gpu-diagnostics',
      async () => {
        const run = await runDistributedBatch({
          target: parseQueueUrl(redis.url),
          queueName: 'q-gpu-diagnostics',
          curves,
          problem: DECAY_PROBLEM,
          chunkSize: 200,
          pollMs: 50,
        });
        expect(run.result.backend).toBe('webgpu');
        const flags = Array.from(run.result.diagnostics?.refittedF64 ?? []);
        expect(flags).toEqual(Array.from({ length: 900 }, (_, j) => ((j % 200) % 7 === 0 ? 1 : 0)));
        await run.cleanup();
      },
      gpuLike,
    );
  });

  it('reports a poisoned chunk (no usable curve) by id, marks its curves, and fits the rest', async () => {
    const curves = decayCurves(1000);
    curves.y.fill(Number.NaN, 300 * curves.points, 400 * curves.points);
    await withWorkers(1, 'q-poison', async () => {
      const run = await runDistributedBatch({
        target: parseQueueUrl(redis.url),
        queueName: 'q-poison',
        curves,
        problem: DECAY_PROBLEM,
        chunkSize: 100,
        pollMs: 50,
      });
      expect(run.failedChunks.map((f) => f.id)).toEqual([chunkJobId(run.batchId, 3)]);
      expect(run.failedChunks[0]).toMatchObject({ chunk: 3, start: 300, count: 100, attempts: 1 });
      expect(run.failedChunks[0].reason).toMatch(/DATA_NONFINITE/);
      expect(run.status.slice(300, 400).every((s) => s === 'chunk-failed')).toBe(true);
      expect(run.status.filter((s) => s === 'converged').length).toBe(900);
      await run.cleanup();
    });
  });

  it('a damaged chunk fails its checksum as CHUNK_CORRUPT instead of fitting wrong data', async () => {
    const curves = decayCurves(600);
    const target = parseQueueUrl(redis.url);
    const stop = new AbortController();
    // Enqueue with no worker running, then damage chunk 1 in Redis.
    const first = runDistributedBatch({
      target,
      queueName: 'q-corrupt',
      curves,
      problem: DECAY_PROBLEM,
      chunkSize: 200,
      pollMs: 50,
      signal: stop.signal,
    });
    const batchId = batchIdOf(curves, DECAY_PROBLEM, {}, 200);
    const queue = new Queue<ChunkJobData>('q-corrupt', { connection: connectionFor(target) });
    let job: Job<ChunkJobData> | undefined;
    while (!(job = await Job.fromId<ChunkJobData>(queue, chunkJobId(batchId, 1))))
      await new Promise((r) => setTimeout(r, 20));
    const y = Buffer.from(job.data.y.base64, 'base64');
    y[17] ^= 0x40;
    await job.updateData({ ...job.data, y: { ...job.data.y, base64: y.toString('base64') } });
    stop.abort();
    await expect(first).rejects.toMatchObject({ code: 'FIT_ABORTED' });
    await withWorkers(1, 'q-corrupt', async () => {
      const run = await runDistributedBatch({
        target,
        queueName: 'q-corrupt',
        curves,
        problem: DECAY_PROBLEM,
        chunkSize: 200,
        pollMs: 50,
      });
      expect(run.failedChunks.map((f) => f.chunk)).toEqual([1]);
      expect(run.failedChunks[0].reason).toMatch(/CHUNK_CORRUPT/);
      await run.cleanup();
    });
    await queue.close();
  });

  it('a restarted coordinator continues from the chunks already done', async () => {
    const curves = decayCurves(2000);
    const target = parseQueueUrl(redis.url);
    await withWorkers(1, 'q-restart', async () => {
      const stop = new AbortController();
      const first = runDistributedBatch({
        target,
        queueName: 'q-restart',
        curves,
        problem: DECAY_PROBLEM,
        chunkSize: 200,
        pollMs: 20,
        signal: stop.signal,
        onProgress: (p) => p.chunksDone >= 3 && stop.abort(),
      });
      await expect(first).rejects.toMatchObject({ code: 'FIT_ABORTED' });
      const run = await runDistributedBatch({
        target,
        queueName: 'q-restart',
        curves,
        problem: DECAY_PROBLEM,
        chunkSize: 200,
        pollMs: 20,
      });
      expect(run.chunksResumed).toBeGreaterThanOrEqual(3);
      const reference = await curveFitBatch(fitBatchOf(curves, DECAY_PROBLEM), { backend: 'cpu' });
      expect(sameBits(run.result.params, reference.params)).toBe(true);
      await run.cleanup();
    });
  });

  it('an unreachable Redis is QUEUE_UNAVAILABLE naming the server, within the connect timeout', async () => {
    const closed = parseQueueUrl(`redis://127.0.0.1:${await freePort()}`);
    await expect(
      runDistributedBatch({ target: closed, curves: decayCurves(10), problem: DECAY_PROBLEM, connectTimeoutMs: 1500 }),
    ).rejects.toMatchObject({
      code: 'QUEUE_UNAVAILABLE',
      message: expect.stringContaining(`127.0.0.1:${closed.port}`),
    });
  });

  it('says which --queue is wrong before touching the network', () => {
    expect(() => parseQueueUrl('http://x:1')).toThrow(/redis:\/\//);
    expect(parseQueueUrl('redis://:secret@db.example:6380/2')).toEqual({
      host: 'db.example',
      port: 6380,
      db: 2,
      password: 'secret',
    });
  });
});
