import { describe, expect, it } from 'vitest';
import type { BatchResult, FitBatch } from '../../../core/api-types';
import { curveFitBatch } from '../../../core/fit';
import { FitbenchError } from '../../../core/errors';
import type { BatchCurves } from '../../../core/data/batch';
import { startBatchRun, type BatchRunProgress, type ChunkHandle } from './batch-run';

function curves(count: number, points = 40): BatchCurves {
  const x = Float64Array.from({ length: points }, (_, i) => i / 8);
  const y = new Float64Array(count * points);
  for (let j = 0; j < count; j++)
    for (let i = 0; i < points; i++) y[j * points + i] = (1 + j / count) * Math.exp(-x[i] / (1 + (j % 7) / 7));
  return { count, points, x, xPerCurve: false, y };
}

const problem = { model: 'a*exp(-x/t)', p0: { a: 1, t: 1 } };

/** A fake service: fits on the CPU at once, or holds chunks until released. */
function fakeService(hold = false) {
  const pending: { batch: FitBatch; resolve: (r: BatchResult) => void; reject: (e: unknown) => void }[] = [];
  let cancelled = 0;
  return {
    pending,
    cancelled: () => cancelled,
    fitBatch(batch: FitBatch): ChunkHandle {
      let resolve!: (r: BatchResult) => void;
      let reject!: (e: unknown) => void;
      const result = new Promise<BatchResult>((a, b) => ((resolve = a), (reject = b)));
      if (hold) pending.push({ batch, resolve, reject });
      else curveFitBatch(batch, { backend: 'cpu' }).then(resolve, reject);
      return {
        result,
        cancel: () => {
          cancelled++;
          reject(new FitbenchError('FIT_ABORTED', 'cancelled'));
          return true;
        },
      };
    },
    now: () => performance.now(),
  };
}

describe('batch run through the service, chunk by chunk', () => {
  it('fits every curve, in order, equal to one curveFitBatch call, with progress to the end', async () => {
    const data = curves(4000);
    const service = fakeService();
    const progress: BatchRunProgress[] = [];
    const run = startBatchRun(data, problem, {}, service, (p) => progress.push(p));
    const out = await run.done;
    const whole = await curveFitBatch(
      {
        model: problem.model,
        p0: problem.p0,
        x: data.x,
        y: Array.from({ length: 4000 }, (_, j) => data.y.subarray(j * 40, j * 40 + 40)),
      },
      { backend: 'cpu' },
    );
    expect(out.state).toBe('done');
    expect(Array.from(out.result.params)).toEqual(Array.from(whole.params));
    expect(out.status.every((s) => s === 'converged')).toBe(true);
    expect(progress.at(-1)).toMatchObject({ done: 4000, total: 4000, chunksDone: 10, chunks: 10 });
  });

  it('assembles every chunk’s per-curve diagnostics in curve order', async () => {
    const data = curves(1000);
    const service = fakeService();
    const gpuLike = {
      ...service,
      fitBatch(batch: FitBatch): ChunkHandle {
        const handle = service.fitBatch(batch);
        return {
          ...handle,
          result: handle.result.then((r) => {
            r.diagnostics!.refittedF64 = Uint8Array.from(r.cost, (_, j) => (j === 3 ? 1 : 0));
            return r;
          }),
        };
      },
    };
    const out = await startBatchRun(data, { ...problem, bounds: { t: [null, 1.2] } }, {}, gpuLike, () => undefined)
      .done;
    const size = 400; // chunkSizeFor(40 points)
    expect(Array.from(out.result.diagnostics!.refittedF64)).toEqual(
      Array.from({ length: 1000 }, (_, j) => (j % size === 3 ? 1 : 0)),
    );
    const np = 2;
    expect(Array.from(out.result.diagnostics!.atBound)).toEqual(
      Array.from({ length: 1000 }, (_, j) => (Math.abs(out.result.params[j * np + 1] - 1.2) < 1e-9 ? 1 : 0)),
    );
    expect(out.state).toBe('done');
    expect(out.result.diagnostics!.atBound.some((v) => v === 1)).toBe(true);
  });

  it('keeps at most maxInFlight chunks in the service', async () => {
    const service = fakeService(true);
    const run = startBatchRun(curves(10_000), problem, {}, service, () => undefined, 2);
    await Promise.resolve();
    expect(service.pending.length).toBe(2);
    run.cancel();
    expect((await run.done).state).toBe('cancelled');
  });

  it('cancel stops the chunks in flight and leaves the rest not fitted', async () => {
    const service = fakeService(true);
    const run = startBatchRun(curves(5000), problem, {}, service, () => undefined, 2);
    const first = service.pending[0];
    first.resolve(await curveFitBatch(first.batch, { backend: 'cpu' }));
    await new Promise((r) => setTimeout(r, 0));
    run.cancel();
    const out = await run.done;
    expect(out.state).toBe('cancelled');
    expect(service.cancelled()).toBe(2);
    expect(out.status.slice(0, 400).every((s) => s === 'converged')).toBe(true);
    expect(out.status.slice(400).every((s) => s === 'not-fitted')).toBe(true);
  });

  it('a chunk that fails is marked chunk-failed and the others go on; a model error stops the run', async () => {
    const service = fakeService(true);
    const run = startBatchRun(curves(1200), problem, {}, service, () => undefined, 3);
    service.pending[1].reject(new FitbenchError('WORKER_CRASH', 'the worker died three times'));
    for (const c of [0, 2])
      service.pending[c].resolve(await curveFitBatch(service.pending[c].batch, { backend: 'cpu' }));
    const out = await run.done;
    expect(out.state).toBe('done');
    expect(out.failedChunks).toBe(1);
    expect(out.status.slice(400, 800).every((s) => s === 'chunk-failed')).toBe(true);
    expect(out.error).toMatch(/curves 400–799: the worker died/);

    const bad = fakeService(true);
    const stopped = startBatchRun(curves(4000), problem, {}, bad, () => undefined, 1);
    bad.pending[0].reject(new FitbenchError('MODEL_PARSE', 'unexpected ")" at 3'));
    const failed = await stopped.done;
    expect(failed.state).toBe('failed');
    expect(failed.error).toBe('unexpected ")" at 3');
    expect(bad.pending.length).toBe(1);
  });

  it('with a defer, each chunk is sent in a task of its own, apart from the previous chunk’s result', async () => {
    const service = fakeService(true);
    const later: (() => void)[] = [];
    const deps = { ...service, defer: (fn: () => void) => later.push(fn) };
    const data = curves(1200);
    const run = startBatchRun(data, problem, {}, deps, () => undefined, 2);
    // The click sends one chunk; the second waits for its own task.
    expect(service.pending.length).toBe(1);
    later.shift()!();
    expect(service.pending.length).toBe(2);
    expect(later.length).toBe(0);
    // A chunk's result is placed in its own task; the third chunk is not sent from there.
    service.pending[0].resolve(await curveFitBatch(service.pending[0].batch, { backend: 'cpu' }));
    await new Promise((r) => setTimeout(r, 0));
    expect(service.pending.length).toBe(2);
    expect(later.length).toBe(1);
    later.shift()!();
    expect(service.pending.length).toBe(3);
    for (const c of [1, 2]) {
      service.pending[c].resolve(await curveFitBatch(service.pending[c].batch, { backend: 'cpu' }));
      await new Promise((r) => setTimeout(r, 0));
      while (later.length > 0) later.shift()!();
    }
    const out = await run.done;
    const direct = await startBatchRun(data, problem, {}, fakeService(), () => undefined, 2).done;
    expect(out.state).toBe('done');
    expect(Array.from(out.result.params)).toEqual(Array.from(direct.result.params));
    expect(out.status).toEqual(direct.status);
  });
});
