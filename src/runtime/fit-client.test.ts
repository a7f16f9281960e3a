import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { FitProblem, GlobalProblem, IterationState } from '../core/api-types';
import { FitbenchError } from '../core/errors';
import { createCheckpointStore, createJobStore, openDatabase } from '../persistence';
import { createFitClient, type FitClient } from './fit-client';
import { installFitbenchGlobal, type FitbenchGlobal } from './fitbench-global';
import { openServiceStorage } from './service-storage';
import { FakeRunner, flush, MemoryStorage } from '../test-support/runtime-fakes';

const problem: FitProblem = { model: 'a*x', x: [1, 2, 3], y: [2, 4, 6], p0: { a: 1 } };

const clients: FitClient[] = [];
afterEach(() => {
  clients.splice(0).forEach((c) => c.dispose());
});

function client(over: Parameters<typeof createFitClient>[0] = {}) {
  const runner = (over.runner as FakeRunner | undefined) ?? new FakeRunner(2);
  const c = createFitClient({ search: '', storage: new MemoryStorage(), ...over, runner });
  clients.push(c);
  return { client: c, runner };
}

describe('createFitClient', () => {
  it('reads &chaos= from the URL and rejects a bad switch by name', () => {
    const { client: c } = client({ search: '?demo=gaussian&chaos=iterationDelayMs:25,quotaExceeded:1' });
    expect(c.getChaos()).toMatchObject({ iterationDelayMs: 25, quotaExceeded: true });
    expect(() => createFitClient({ search: '?chaos=failRate:1', storage: 'none', runner: new FakeRunner() })).toThrow(
      /failRate/,
    );
  });

  it('takes the default backend from &backend= and lets a fit override it', () => {
    const { client: c, runner } = client({ search: '?demo=large&backend=cpu' });
    expect(c.defaultBackend).toBe('cpu');
    c.fit(problem);
    expect(runner.last.request.backend).toBe('cpu');
    c.fit(problem, { backend: 'webgpu' });
    expect(runner.last.request.backend).toBe('webgpu');
    expect(client({ search: '?backend=gpu' }).client.defaultBackend).toBe('auto');
  });

  it('validates chaos panel edits and applies them to the next job', () => {
    const { client: c, runner } = client();
    expect(() => c.setChaos({ failureRate: 3 })).toThrow(FitbenchError);
    c.setChaos({ failureRate: 1 });
    c.fit(problem);
    expect(runner.last.request.chaos.failureRate).toBe(1);
  });

  it('calls onIteration with every reported state and cancels on "stop"', async () => {
    const { client: c, runner } = client();
    const seen: number[] = [];
    const h = c.fit(problem, {
      onIteration: (s: IterationState) => (seen.push(s.iteration), s.iteration >= 4 ? 'stop' : undefined),
    });
    runner.last.progress(0, 9);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(runner.last.cancelled).toBe(true);
    await expect(h.result).rejects.toMatchObject({ code: 'FIT_ABORTED' });
  });

  it('cancels when the AbortSignal fires, and refuses an already aborted signal', async () => {
    const { client: c, runner } = client();
    const ac = new AbortController();
    const h = c.fit(problem, { signal: ac.signal });
    ac.abort();
    expect(runner.last.cancelled).toBe(true);
    await expect(h.result).rejects.toMatchObject({ code: 'FIT_ABORTED' });
    await expect(c.fit(problem, { signal: ac.signal }).result).rejects.toMatchObject({ code: 'FIT_ABORTED' });
  });

  it('never sends callbacks or signals to the worker', () => {
    const { client: c, runner } = client();
    c.fit(problem, { method: 'trf', onIteration: () => undefined, signal: new AbortController().signal });
    expect(runner.last.request.options).toEqual({ method: 'trf', backend: 'auto' });
  });

  it('exports metrics and the job log', async () => {
    const { client: c, runner } = client();
    const h = c.fit(problem);
    runner.last.succeed();
    await h.result;
    expect(c.metricsPrometheus()).toContain('fitbench_fits_total{outcome="success"} 1');
    expect(c.metricsJson().metrics.length).toBeGreaterThan(5);
    const lines = c
      .logJsonLines(h.jobId)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((r) => r.status)).toEqual(['queued', 'running', 'converged']);
    expect(lines[2]).toMatchObject({ jobId: h.jobId, metrics: { attempts: 1, retries: 0 }, diagnostics: [] });
    expect(typeof lines[2].timestamp).toBe('string');
  });
});

describe('window.fitbench', () => {
  it('routes curveFit through the service and exposes a read-only view of it', async () => {
    const { client: c, runner } = client();
    const target: { fitbench?: FitbenchGlobal } = {};
    const fb = installFitbenchGlobal(c, target);
    expect(target.fitbench).toBe(fb);
    expect(fb.version).toMatch(/^\d+\.\d+\.\d+/);
    const pending = fb.curveFit(problem);
    runner.last.succeed({ params: { a: 2.5 } });
    expect((await pending).params.a).toBe(2.5);
    expect(fb.service.jobs()[0].status).toBe('converged');
    expect(fb.service.metrics().fits).toBe(1);
    expect(fb.service.health().state).toBe('Healthy');
    expect(fb.service.log().length).toBeGreaterThan(0);
    expect(Object.isFrozen(fb.service)).toBe(true);
  });
});

describe('window.fitbench global fits', () => {
  it('routes curveFitGlobal through the service as a fit job, each data set copied to Float64Arrays', async () => {
    const { client: c, runner } = client();
    const fb = installFitbenchGlobal(c, {});
    const global: GlobalProblem = {
      datasets: [
        { x: [1, 2, 3], y: [2, 4, 6] },
        { x: { x: [1, 2] }, y: [3, 6], sigma: [0.1, 0.2], name: 'second' },
      ],
      model: 'a*x',
      shared: [],
      p0: { a: 1 },
    };
    const pending = fb.curveFitGlobal(global);
    const request = runner.last.request;
    expect(request.kind).toBe('fit');
    const sent = (request as { problem: GlobalProblem }).problem;
    expect(sent.datasets[0].y).toBeInstanceOf(Float64Array);
    expect((sent.datasets[1].x as Record<string, Float64Array>).x).toBeInstanceOf(Float64Array);
    expect(sent.datasets[1].sigma).toBeInstanceOf(Float64Array);
    expect(sent.datasets[1].name).toBe('second');
    expect(fb.service.jobs()[0].nPoints).toBe(5);
    runner.last.succeed({ params: { a_1: 2, a_2: 3 } });
    expect((await pending).params.a_2).toBe(3);
  });

  it('rejects a malformed global problem before queueing it', () => {
    const { client: c } = client();
    const bad = { datasets: [{ x: [1], y: 'no' }], model: 'a*x' } as unknown as GlobalProblem;
    expect(() => c.fitGlobal(bad)).toThrow(/datasets\[0\]\.y/);
  });
});

describe('resume after a reload (fake-indexeddb)', () => {
  it('offers the unfinished job and resumes it from its newest checkpoint', async () => {
    const indexedDB = new IDBFactory();
    const name = 'fitbench-resume-test';
    // First page: the job starts, the worker writes a checkpoint, the page goes away.
    const first = client({ storage: await openServiceStorage({ name, indexedDB }) });
    const { jobId } = first.client.fit(problem);
    // What the worker does: save the job record, then checkpoints.
    const opened = await openDatabase({ name, indexedDB });
    if (!opened.ok) throw opened.error;
    const firstRequest = first.runner.last.request;
    await createJobStore(opened.db).createJob({
      jobId,
      spec: { kind: 'fit', problem, options: firstRequest.options },
      backend: 'auto',
      status: 'running',
    });
    const store = createCheckpointStore(opened.db);
    await store.writeCheckpoint(jobId, {
      iteration: 14,
      params: { a: 1.9 },
      lambda: 0.01,
      bestCost: 0.2,
      nfev: 15,
      history: Array.from({ length: 15 }, (_, i) => 1 / (i + 1)),
      method: 'lm',
    });
    opened.db.close();

    // Second page: a new client over the same database.
    const second = client({ storage: await openServiceStorage({ name, indexedDB }) });
    const offers = await second.client.listResumable();
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({
      jobId,
      kind: 'fit',
      status: 'interrupted',
      model: 'a*x',
      nPoints: 3,
      checkpointIteration: 14,
    });
    const h = await second.client.resume(jobId);
    const req = second.runner.last.request;
    expect(h.jobId).toBe(jobId);
    expect(req.kind === 'fit' && req.resumeFrom?.iteration).toBe(14);
    expect(req.kind === 'fit' && req.resumeFrom?.history).toHaveLength(15);
    expect(second.client.job(jobId)?.resumedFromIteration).toBe(14);
    second.runner.last.succeed({}, undefined);
    await h.result;
    await flush(50);
    expect(await second.client.listResumable()).toEqual([]);
  });

  it('discards an offer on request', async () => {
    const indexedDB = new IDBFactory();
    const opened = await openDatabase({ name: 'fitbench-discard', indexedDB });
    if (!opened.ok) throw opened.error;
    const { jobId } = await createJobStore(opened.db).createJob({
      spec: { kind: 'fit', problem, options: {} },
      backend: 'auto',
      status: 'running',
    });
    opened.db.close();
    const second = client({ storage: await openServiceStorage({ name: 'fitbench-discard', indexedDB }) });
    expect((await second.client.listResumable()).map((o) => o.jobId)).toEqual([jobId]);
    await second.client.discard(jobId);
    expect(await second.client.listResumable()).toEqual([]);
  });

  it('says why checkpoints are off when IndexedDB is missing', async () => {
    const storage = await openServiceStorage({ indexedDB: null });
    const { client: c } = client({ storage });
    expect(c.getSnapshot().checkpoints.enabled).toBe(false);
    expect(c.getSnapshot().checkpoints.reason).toMatch(/IndexedDB is not available/);
    expect(await c.listResumable()).toEqual([]);
  });
});
