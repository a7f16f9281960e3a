import { expose } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { FitWorkerApi, FitRunRequest, RunOutcome, WorkerEvent } from '../worker/worker-api';
import type { FitProblem } from '../core/api-types';
import { WORKER_READY_MESSAGE } from '../worker/worker-api';
import { countsAgainstService, decideRetry, DEFAULT_CONFIG } from '../core/reliability';
import { poolSize, WorkerPool, type WorkerLike } from './worker-pool';
import type { HeartbeatMessage } from '../worker/heartbeat-api';

/** A "worker" in this thread: comlink over a MessageChannel, with a switch to crash it. */
class PortWorker implements WorkerLike {
  terminated = false;
  private readonly errors = new EventTarget();
  readonly cancels: string[] = [];

  constructor(
    private readonly port: MessagePort,
    inner: MessagePort,
    api: (w: PortWorker) => FitWorkerApi,
    /** false: the script "never loaded" (no ready message, no API). */
    loads = true,
  ) {
    if (!loads) return;
    expose(api(this), inner);
    inner.postMessage(WORKER_READY_MESSAGE);
  }

  postMessage(message: unknown, transfer: Transferable[]): void {
    if (!this.terminated) this.port.postMessage(message, transfer);
  }

  start(): void {
    this.port.start();
  }

  addEventListener(type: string, listener: (e: Event) => void): void {
    if (type === 'message') this.port.addEventListener('message', listener as never);
    else this.errors.addEventListener(type, listener);
  }

  removeEventListener(type: string, listener: (e: Event) => void): void {
    if (type === 'message') this.port.removeEventListener('message', listener as never);
    else this.errors.removeEventListener(type, listener);
  }

  terminate(): void {
    this.terminated = true;
    this.port.close();
  }

  crash(message: string): void {
    this.errors.dispatchEvent(Object.assign(new Event('error'), { message }));
  }

  /** What a browser fires when a worker's script cannot be fetched: a bare error event. */
  failToLoad(): void {
    this.errors.dispatchEvent(new Event('error'));
  }
}

const stats = {
  iterations: 3,
  checkpointsWritten: 0,
  lastCheckpointIteration: null,
  startIteration: 0,
  resultStored: false,
};

/** Worker behaviour by model name: 'ok' reports progress and succeeds, 'hang' never answers. */
function fakeApi(w: PortWorker): FitWorkerApi {
  return {
    async run(request, onEvents) {
      const model = request.kind === 'fit' ? request.problem.model : request.batch.model;
      if (model === 'hang') return new Promise<RunOutcome>(() => undefined);
      const events: WorkerEvent[] = [
        {
          type: 'progress',
          jobId: request.jobId,
          attempt: 0,
          state: {
            iteration: 1,
            cost: 1,
            gradientNorm: 1,
            stepNorm: 1,
            method: 'lm',
            njev: 1,
            radius: 1,
            lambda: 1e-3,
            scale: [],
            params: { a: 1 },
            nfev: 2,
          },
        },
      ];
      await onEvents(events);
      const y = request.kind === 'fit' ? ((request.problem as FitProblem).y as Float64Array) : new Float64Array();
      return { ok: true as const, kind: 'fit' as const, result: { params: { a: y[0] } } as never, stats, tail: [] };
    },
    cancel(jobId) {
      w.cancels.push(jobId);
    },
    ping: () => 'pong',
  };
}

const workers: PortWorker[] = [];
function createWorker(): WorkerLike {
  const channel = new MessageChannel();
  const w = new PortWorker(channel.port1, channel.port2, fakeApi);
  workers.push(w);
  return w;
}
function createUnloadableWorker(): WorkerLike {
  const channel = new MessageChannel();
  const w = new PortWorker(channel.port1, channel.port2, fakeApi, false);
  workers.push(w);
  return w;
}
/** Lets the ready message of freshly created workers arrive. */
const settle = () => new Promise((r) => setTimeout(r, 10));

function request(jobId: string, model = 'ok'): FitRunRequest {
  return {
    kind: 'fit',
    jobId,
    attempt: 0,
    backend: 'cpu',
    problem: { model, x: new Float64Array([1, 2]), y: new Float64Array([7, 8]) },
    options: {},
    progressIntervalMs: 50,
    checkpoint: { enabled: false, everyIterations: 10, everyMs: 2000, keep: 2 },
    chaos: {},
    persist: null,
  };
}

let pool: WorkerPool | null = null;
afterEach(() => {
  pool?.dispose();
  workers.length = 0;
});

describe('WorkerPool', () => {
  it('runs a request in a worker, delivers its events, and reuses the worker', async () => {
    pool = new WorkerPool({ size: 2, createWorker, idleTimeoutMs: 0 });
    const seen: WorkerEvent[][] = [];
    const req = request('a');
    const y = (req.problem as FitProblem).y as Float64Array;
    const first = await pool.start(req, [y.buffer], (e) => seen.push(e)).outcome;
    expect(first.ok && (first.result.params as Record<string, number>).a).toBe(7);
    expect(y.byteLength).toBe(0); // transferred, not copied
    expect(seen.flat().map((e) => e.type)).toEqual(['progress']);
    await pool.start(request('b'), [], () => undefined).outcome;
    expect(pool.stats().workersStarted).toBe(1);
  });

  it('turns a crash into WORKER_CRASH, discards that worker only, and starts a fresh one', async () => {
    pool = new WorkerPool({ size: 2, createWorker, idleTimeoutMs: 0 });
    const hung = pool.start(request('crashy', 'hang'), [], () => undefined);
    const other = pool.start(request('healthy', 'hang'), [], () => undefined);
    await settle();
    workers[0].crash('Simulated worker crash at iteration 12');
    const outcome = await hung.outcome;
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('WORKER_CRASH');
      expect(outcome.error.message).toContain('iteration 12');
    }
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].terminated).toBe(false);
    const next = await pool.start(request('after'), [], () => undefined).outcome;
    expect(next.ok).toBe(true);
    expect(pool.stats()).toMatchObject({ workersStarted: 3, workersCrashed: 1 });
    other.terminate({ code: 'TIMEOUT', message: 'too slow', context: {} });
  });

  it('reports a worker whose script never loaded offline as WORKER_LOAD_FAILED: not a crash, not retried, not counted', async () => {
    pool = new WorkerPool({
      size: 1,
      createWorker: createUnloadableWorker,
      idleTimeoutMs: 0,
      diagnoseLoadFailure: async () => ({ offline: true }),
    });
    const run = pool.start(request('offline'), [], () => undefined);
    await settle();
    workers[0].failToLoad();
    const outcome = await run.outcome;
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('WORKER_LOAD_FAILED');
    expect(outcome.error.context.offline).toBe(true);
    expect(outcome.error.message).toMatch(/offline/);
    expect(outcome.error.message).not.toMatch(/crash/i);
    expect(countsAgainstService(outcome.error)).toBe(false);
    expect(decideRetry(outcome.error, 0, DEFAULT_CONFIG.retry, () => 0.5).retry).toBe(false);
    expect(workers[0].terminated).toBe(true);
    expect(pool.stats().workersCrashed).toBe(0);
  });

  it('names the server status when the script is missing online (a newer deployment)', async () => {
    pool = new WorkerPool({
      size: 1,
      createWorker: createUnloadableWorker,
      idleTimeoutMs: 0,
      diagnoseLoadFailure: async () => ({ offline: false, httpStatus: 404 }),
    });
    const run = pool.start(request('stale'), [], () => undefined);
    workers[0].failToLoad();
    const outcome = await run.outcome;
    expect(!outcome.ok && outcome.error.code).toBe('WORKER_LOAD_FAILED');
    expect(!outcome.ok && outcome.error.message).toMatch(/404.*Reload the page/);
  });

  it('sends a cooperative cancel, and terminate ends the run with the given error', async () => {
    pool = new WorkerPool({ size: 1, createWorker, idleTimeoutMs: 0 });
    const run = pool.start(request('slow', 'hang'), [], () => undefined);
    run.cancel();
    await new Promise((r) => setTimeout(r, 10));
    expect(workers[0].cancels).toEqual(['slow']);
    run.terminate({ code: 'FIT_ABORTED', message: 'did not stop', context: {} });
    const outcome = await run.outcome;
    expect(!outcome.ok && outcome.error.code).toBe('FIT_ABORTED');
    expect(!outcome.ok && outcome.cancelled).toBe(true);
    expect(workers[0].terminated).toBe(true);
  });

  it('treats a worker that goes silent (closed itself, no error) as crashed within the heartbeat timeout', async () => {
    pool = new WorkerPool({ size: 2, createWorker, idleTimeoutMs: 0, heartbeatTimeoutMs: 150 });
    const silent = pool.start(request('closed', 'hang'), [], () => undefined);
    const beating = pool.start(request('alive', 'hang'), [], () => undefined);
    // The second worker keeps beating as fit.worker.ts does; the first never says anything.
    const inner = workers[1] as unknown as { port: MessagePort };
    const beat = setInterval(
      () =>
        inner.port.dispatchEvent(
          new MessageEvent('message', { data: { fitbenchHeartbeat: Date.now() } satisfies HeartbeatMessage }),
        ),
      30,
    );
    const outcome = await silent.outcome;
    clearInterval(beat);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('WORKER_CRASH');
      expect(outcome.error.message).toMatch(/stopped responding \(no heartbeat/);
    }
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].terminated).toBe(false);
    expect(pool.stats().workersCrashed).toBe(1);
    beating.terminate({ code: 'TIMEOUT', message: 'done', context: {} });
  });

  it('refuses more runs than its size (the service queues them)', () => {
    pool = new WorkerPool({ size: 1, createWorker, idleTimeoutMs: 0 });
    pool.start(request('one', 'hang'), [], () => undefined);
    expect(() => pool?.start(request('two'), [], () => undefined)).toThrow(/busy/);
  });
});

describe('poolSize', () => {
  it('uses hardwareConcurrency minus one, at least 2 and at most 16', () => {
    expect(poolSize('auto', 8)).toBe(7);
    expect(poolSize('auto', 2)).toBe(2);
    expect(poolSize('auto', 64)).toBe(16);
    expect(poolSize('auto', undefined)).toBe(2);
    expect(poolSize(3, 8)).toBe(3);
  });
});
