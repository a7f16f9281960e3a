import { describe, expect, it, vi, type Mock } from 'vitest';
import type { BatchResult, FitOptions, FitProblem, FitResult, IterationState } from '../core/api-types';
import { FitbenchError } from '../core/errors';
import type { CheckpointSink, CheckpointSnapshot } from './checkpoint-tracker';
import { EventBatcher } from './event-batcher';
import { RunController, type FitEngine, type RunControllerDeps } from './run-controller';
import type { FitRunRequest, RunOutcome, WorkerEvent } from './worker-api';

/** A manual clock: time moves only when the test (or the fake solver) says so. */
function fakeClock() {
  let t = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let nextId = 1;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at <= t) {
          timers.delete(id);
          timer.fn();
        }
      }
    },
    setTimer: (fn: () => void, ms: number) => {
      const id = nextId++;
      timers.set(id, { at: t + ms, fn });
      return id;
    },
    clearTimer: (h: unknown) => void timers.delete(h as number),
    pending: () => timers.size,
  };
}

/** A solver that walks `total` iterations, advancing the clock by `msPerIteration` each. */
function fakeEngine(clock: ReturnType<typeof fakeClock>, total: number, msPerIteration = 1, awaitsCallback = false) {
  const calls: FitOptions[] = [];
  type FakeEngine = FitEngine & {
    loseDevice: Mock<() => void>;
    curveFit(problem: FitProblem, options: FitOptions): Promise<FitResult>;
  };
  const engine: FakeEngine = {
    loseDevice: vi.fn<() => void>(),
    prepare(problem: FitProblem) {
      if (problem.model === 'bad(')
        throw new FitbenchError('MODEL_PARSE', 'Unexpected end of expression at position 4', { position: 4 });
      return { method: problem.bounds ? 'trf' : 'lm', run: (o: FitOptions) => engine.curveFit(problem, o) };
    },
    async curveFit(_problem: FitProblem, options: FitOptions): Promise<FitResult> {
      calls.push(options);
      const start = options.resumeFrom?.iteration ?? 0;
      let stopped = false;
      let iteration = start;
      for (; iteration <= total; iteration++) {
        clock.advance(msPerIteration);
        const state: IterationState = {
          iteration,
          cost: 100 / (iteration + 1),
          gradientNorm: 1,
          stepNorm: 0.1,
          method: 'lm',
          radius: 1,
          lambda: 1e-3,
          scale: [],
          params: { a: iteration },
          nfev: iteration + 1,
          njev: iteration + 1,
        };
        let verdict: unknown = options.onIteration?.(state);
        if (awaitsCallback && verdict instanceof Promise) verdict = await verdict;
        if (verdict === 'stop') {
          stopped = true;
          break;
        }
        await Promise.resolve();
      }
      return { status: stopped ? 'user-stop' : 'ftol', converged: !stopped, iterations: iteration } as FitResult;
    },
    async curveFitBatch(): Promise<BatchResult> {
      return { backend: 'cpu' } as BatchResult;
    },
  };
  return { engine, calls };
}

function memorySink(): CheckpointSink & { written: CheckpointSnapshot[] } {
  const written: CheckpointSnapshot[] = [];
  return { written, write: async (_jobId, s) => void written.push(s) };
}

function setup(
  opts: {
    total?: number;
    msPerIteration?: number;
    sink?: CheckpointSink | null;
    random?: number;
    awaitsCallback?: boolean;
  } = {},
) {
  const clock = fakeClock();
  const { engine, calls } = fakeEngine(clock, opts.total ?? 50, opts.msPerIteration ?? 1, opts.awaitsCallback);
  const busyWait = vi.fn((ms: number) => clock.advance(ms));
  const sleep = vi.fn(async (ms: number) => {
    await new Promise((r) => setTimeout(r, 0));
    clock.advance(ms);
  });
  const sink = opts.sink === undefined ? memorySink() : opts.sink;
  const crash = vi.fn();
  const jobs = { create: vi.fn(async () => undefined), finish: vi.fn(async () => undefined) };
  const deps: RunControllerDeps = {
    ...clock,
    engineFor: async (r) => ({ engine, backend: r.backend }),
    jobs,
    checkpointSink: async () => sink,
    wallClock: () => 1_700_000_000_000,
    random: () => opts.random ?? 0.5,
    busyWait,
    sleep,
    yieldToHost: () => new Promise((r) => setTimeout(r, 0)),
    crash,
  };
  return { controller: new RunController(deps), clock, engine, calls, sink, crash, busyWait, sleep, jobs };
}

function request(overrides: Partial<FitRunRequest> = {}): FitRunRequest {
  return {
    kind: 'fit',
    jobId: 'job-1',
    attempt: 0,
    backend: 'cpu',
    problem: { model: 'a*x', x: [1, 2, 3], y: [1, 2, 3], p0: { a: 1 } },
    options: {},
    progressIntervalMs: 50,
    checkpoint: { enabled: true, everyIterations: 10, everyMs: 2000, keep: 2 },
    chaos: {},
    persist: null,
    ...overrides,
  };
}

function collect() {
  const batches: WorkerEvent[][] = [];
  return { batches, sink: (events: WorkerEvent[]) => void batches.push(events) };
}

const progressOf = (events: WorkerEvent[]) => events.filter((e) => e.type === 'progress');

describe('RunController', () => {
  it('delivers every iteration in at most one batch per 50 ms, the rest in the outcome tail', async () => {
    const { controller } = setup({ total: 199, msPerIteration: 1 });
    const events = collect();
    const outcome = await controller.run(request(), events.sink);
    expect(outcome.ok).toBe(true);
    // 200 ms of solver time at 50 ms per batch: 4 or 5 batches, not 200.
    expect(events.batches.length).toBeGreaterThanOrEqual(3);
    expect(events.batches.length).toBeLessThanOrEqual(5);
    const all = [...events.batches.flat(), ...outcome.tail];
    expect(progressOf(all).map((e) => (e.type === 'progress' ? e.state.iteration : -1))).toEqual(
      Array.from({ length: 200 }, (_, i) => i),
    );
  });

  it('writes a checkpoint every K iterations, holding the cost history', async () => {
    const { controller, sink } = setup({ total: 35 });
    const outcome = await controller.run(request(), collect().sink);
    const written = (sink as ReturnType<typeof memorySink>).written;
    // No write at iteration 0: the job record holds the start.
    expect(written.map((s) => s.iteration)).toEqual([10, 20, 30]);
    expect(written[0].history).toHaveLength(11);
    expect(written[1].history).toHaveLength(21);
    expect(written[0].method).toBe('lm');
    expect(written[2].bestCost).toBeCloseTo(100 / 31);
    expect(outcome.stats.checkpointsWritten).toBe(3);
    expect(outcome.stats.lastCheckpointIteration).toBe(30);
  });

  it('writes a checkpoint once T ms passed when iterations are slow (700 ms each, T = 2 s)', async () => {
    const { controller, sink } = setup({ total: 20, msPerIteration: 700 });
    await controller.run(
      request({ checkpoint: { enabled: true, everyIterations: 100, everyMs: 2000, keep: 2 } }),
      collect().sink,
    );
    expect((sink as ReturnType<typeof memorySink>).written.map((s) => s.iteration)).toEqual([2, 5, 8, 11, 14, 17, 20]);
  });

  it('turns checkpoints off on a quota error and still finishes the fit', async () => {
    const failing: CheckpointSink = {
      write: async () => {
        throw new FitbenchError('STORAGE_QUOTA', 'Browser storage is full');
      },
    };
    const { controller } = setup({ total: 30, sink: failing });
    const events = collect();
    const outcome = await controller.run(request(), events.sink);
    expect(outcome.ok).toBe(true);
    const off = [...events.batches.flat(), ...outcome.tail].filter((e) => e.type === 'checkpoints-off');
    expect(off).toHaveLength(1);
    expect(off[0].type === 'checkpoints-off' && off[0].reason.code).toBe('STORAGE_QUOTA');
    expect(outcome.stats.checkpointsWritten).toBe(0);
  });

  it('runs without checkpoints when the policy disables them', async () => {
    const { controller, sink } = setup({ total: 30 });
    await controller.run(
      request({ checkpoint: { enabled: false, everyIterations: 10, everyMs: 2000, keep: 2 } }),
      collect().sink,
    );
    expect((sink as ReturnType<typeof memorySink>).written).toHaveLength(0);
  });

  it('passes resumeFrom to the solver and continues the history from the checkpoint', async () => {
    const { controller, calls, sink } = setup({ total: 25 });
    const resumeFrom = {
      method: 'lm' as const,
      iteration: 12,
      params: { a: 12 },
      lambda: 1e-3,
      nfev: 13,
      history: Array.from({ length: 13 }, (_, i) => 100 / (i + 1)),
    };
    const outcome = await controller.run(request({ resumeFrom }), collect().sink);
    expect(calls[0].resumeFrom).toEqual(resumeFrom);
    expect(outcome.stats.startIteration).toBe(12);
    const written = (sink as ReturnType<typeof memorySink>).written;
    expect(written.map((s) => s.iteration)).toEqual([22]);
    expect(written[0].history).toHaveLength(23);
  });

  it('stops cooperatively on cancel and reports a cancelled outcome', async () => {
    const { controller, clock } = setup({ total: 1000 });
    const events = collect();
    const pending = controller.run(request({ chaos: { iterationDelayMs: 1 } }), events.sink);
    await Promise.resolve();
    controller.cancel('job-1');
    const outcome = await pending;
    expect(outcome.ok).toBe(false);
    expect(outcome.ok === false && outcome.cancelled).toBe(true);
    expect(outcome.ok === false && outcome.error.code).toBe('FIT_ABORTED');
    expect(outcome.stats.iterations).toBeLessThan(1000);
    expect(clock.now()).toBeLessThan(2000);
  });

  it('sleeps between iterations without burning the CPU when the solver awaits the callback', async () => {
    const { controller, busyWait, sleep } = setup({ total: 5, awaitsCallback: true });
    const outcome = await controller.run(request({ chaos: { iterationDelayMs: 20 } }), collect().sink);
    expect(outcome.ok).toBe(true);
    expect(sleep).toHaveBeenCalledTimes(6);
    expect(busyWait).not.toHaveBeenCalled();
  });

  it('falls back to a busy-wait when the solver ignores the callback promise', async () => {
    const { controller, busyWait, sleep } = setup({ total: 5 });
    await controller.run(request({ chaos: { iterationDelayMs: 20 } }), collect().sink);
    expect(sleep).toHaveBeenCalledTimes(1); // iteration 0 probes; the rest busy-wait
    expect(busyWait).toHaveBeenCalledTimes(5);
  });

  it('lets a slow checkpoint write commit during the fit when the solver awaits', async () => {
    const order: string[] = [];
    const slowSink: CheckpointSink = {
      write: async (_id, s) => {
        await new Promise((r) => setTimeout(r, 0));
        await new Promise((r) => setTimeout(r, 0));
        order.push(`written ${s.iteration}`);
      },
    };
    const { controller, engine } = setup({ total: 30, sink: slowSink, awaitsCallback: true });
    const inner = engine.curveFit.bind(engine);
    engine.curveFit = async (p: FitProblem, o: FitOptions) => {
      const r = await inner(p, o);
      order.push('fit done');
      return r;
    };
    const outcome = await controller.run(request(), collect().sink);
    expect(outcome.stats.checkpointsWritten).toBeGreaterThanOrEqual(3);
    expect(order.indexOf('written 20')).toBeLessThan(order.indexOf('fit done'));
  });

  it('stops at the next iteration when a cancel arrives during an awaited delay', async () => {
    const { controller } = setup({ total: 1000, awaitsCallback: true });
    const pending = controller.run(request({ chaos: { iterationDelayMs: 5 } }), collect().sink);
    await new Promise((r) => setTimeout(r, 5));
    controller.cancel('job-1');
    const outcome = await pending;
    expect(outcome.ok === false && outcome.cancelled).toBe(true);
    expect(outcome.stats.iterations).toBeLessThan(50);
  });

  it('ignores a cancel for another job', async () => {
    const { controller } = setup({ total: 20 });
    const pending = controller.run(request(), collect().sink);
    controller.cancel('job-2');
    expect((await pending).ok).toBe(true);
  });

  it('fails with INJECTED_FAULT when the failure rate draws it', async () => {
    const { controller, calls } = setup({ random: 0.3 });
    const outcome = await controller.run(request({ chaos: { failureRate: 0.5 } }), collect().sink);
    expect(outcome.ok === false && outcome.error.code).toBe('INJECTED_FAULT');
    expect(calls).toHaveLength(0);
    const spared = await setup({ random: 0.7 }).controller.run(
      request({ chaos: { failureRate: 0.5 } }),
      collect().sink,
    );
    expect(spared.ok).toBe(true);
  });

  it('raises GPU_DEVICE_LOST at loseDeviceAtIteration and destroys the device', async () => {
    const { controller, engine } = setup({ total: 40 });
    const outcome = await controller.run(
      request({ backend: 'webgpu', chaos: { loseDeviceAtIteration: 7 } }),
      collect().sink,
    );
    expect(outcome.ok === false && outcome.error.code).toBe('GPU_DEVICE_LOST');
    expect(outcome.stats.iterations).toBe(7);
    expect(engine.loseDevice).toHaveBeenCalledTimes(1);
    const cpuRun = await setup({ total: 40 }).controller.run(
      request({ backend: 'cpu', chaos: { loseDeviceAtIteration: 7 } }),
      collect().sink,
    );
    expect(cpuRun.ok).toBe(true);
  });

  it('crashes at crashWorkerAtIteration and never replies', async () => {
    const { controller, crash } = setup({ total: 40 });
    const events = collect();
    const outcome = controller.run(request({ chaos: { crashWorkerAtIteration: 12 } }), events.sink);
    const raced = await Promise.race([
      outcome.then(() => 'replied'),
      new Promise((r) => setTimeout(() => r('silent'), 20)),
    ]);
    expect(raced).toBe('silent');
    expect(crash).toHaveBeenCalledTimes(1);
    expect(String(crash.mock.calls[0][0])).toContain('iteration 12');
    const sent = events.batches.flat();
    expect(sent.filter((e) => e.type === 'progress')).toHaveLength(13);
    expect(
      sent.filter((e) => e.type === 'checkpoint').map((e) => (e.type === 'checkpoint' ? e.iteration : -1)),
    ).toEqual([10]);
  });

  it('turns a thrown solver error into a failed outcome with its code', async () => {
    const { controller, engine } = setup();
    engine.curveFit = async () => {
      throw new FitbenchError('MODEL_PARSE', 'Unexpected ")" at position 3', { position: 3 });
    };
    const outcome: RunOutcome = await controller.run(request(), collect().sink);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error).toEqual({
        code: 'MODEL_PARSE',
        message: 'Unexpected ")" at position 3',
        context: { position: 3 },
      });
      expect(outcome.cancelled).toBe(false);
    }
  });

  it('reports bad input found while preparing as a failed outcome, before any checkpoint', async () => {
    const { controller, sink } = setup();
    const outcome = await controller.run(request({ problem: { model: 'bad(', x: [1], y: [1] } }), collect().sink);
    expect(outcome.ok === false && outcome.error.code).toBe('MODEL_PARSE');
    expect((sink as ReturnType<typeof memorySink>).written).toHaveLength(0);
  });

  it('records the method the core chose and the trust-region state in checkpoints', async () => {
    const { controller, sink, engine } = setup({ total: 12 });
    const inner = engine.curveFit.bind(engine);
    engine.curveFit = (p: FitProblem, o: FitOptions) =>
      inner(p, {
        ...o,
        onIteration: (st) => o.onIteration?.({ ...st, radius: 0.5, scale: [1, 2], njev: st.iteration }),
      });
    await controller.run(
      request({ problem: { model: 'a*x', x: [1, 2], y: [1, 2], bounds: { a: [0, null] } } }),
      collect().sink,
    );
    const first = (sink as ReturnType<typeof memorySink>).written[0];
    expect(first.method).toBe('trf');
    expect(first).toMatchObject({ radius: 0.5, scale: [1, 2], njev: 10 });
  });

  it('saves the job record before solving and stores the result after, when asked', async () => {
    const { controller, jobs } = setup({ total: 5 });
    const events = collect();
    const outcome = await controller.run(
      request({ persist: { createJob: true, finishOnSuccess: true, backend: 'auto' } }),
      events.sink,
    );
    expect(jobs.create).toHaveBeenCalledTimes(1);
    // The result is stored after the reply, once the record and the last checkpoint landed.
    await new Promise((r) => setTimeout(r, 0));
    expect(jobs.finish).toHaveBeenCalledTimes(1);
    expect(outcome.stats.resultStored).toBe(true);
    expect([...events.batches.flat(), ...outcome.tail].some((e) => e.type === 'job-saved')).toBe(true);
  });

  it('reports a failed job save as a warning and still fits', async () => {
    const { controller, jobs } = setup({ total: 5 });
    jobs.create.mockRejectedValueOnce(new FitbenchError('STORAGE_QUOTA', 'Browser storage is full'));
    const events = collect();
    const outcome = await controller.run(
      request({ persist: { createJob: true, finishOnSuccess: true, backend: 'auto' } }),
      events.sink,
    );
    expect(outcome.ok).toBe(true);
    const warnings = [...events.batches.flat(), ...outcome.tail].filter((e) => e.type === 'storage-warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].type === 'storage-warning' && warnings[0].reason.code).toBe('STORAGE_QUOTA');
  });

  it('runs batches through curveFitBatch', async () => {
    const { controller } = setup();
    const outcome = await controller.run(
      {
        kind: 'batch',
        jobId: 'b',
        attempt: 0,
        backend: 'cpu',
        batch: { model: 'a*x', x: [1, 2], y: [[1, 2]] },
        options: {},
        progressIntervalMs: 50,
        chaos: {},
        persist: null,
      },
      collect().sink,
    );
    expect(outcome.ok && outcome.kind).toBe('batch');
  });
});

describe('EventBatcher', () => {
  const ev = (i: number): WorkerEvent => ({ type: 'checkpoint', jobId: 'j', attempt: 0, iteration: i, durationMs: 0 });

  it('sends the first event at once, then holds events until the interval passes', () => {
    const clock = fakeClock();
    const sent: WorkerEvent[][] = [];
    const batcher = new EventBatcher(50, (b) => sent.push(b), clock);
    batcher.push(ev(0));
    expect(sent).toHaveLength(1);
    clock.advance(10);
    batcher.push(ev(1));
    clock.advance(10);
    batcher.push(ev(2));
    expect(sent).toHaveLength(1);
    clock.advance(30); // the trailing timer fires at 50 ms
    expect(sent).toHaveLength(2);
    expect(sent[1].map((e) => (e.type === 'checkpoint' ? e.iteration : -1))).toEqual([1, 2]);
  });

  it('never sends more than one batch per interval however many events arrive', () => {
    const clock = fakeClock();
    const sent: WorkerEvent[][] = [];
    const batcher = new EventBatcher(50, (b) => sent.push(b), clock);
    for (let i = 0; i < 10_000; i++) {
      batcher.push(ev(i));
      clock.advance(0.1); // 10,000 events a second for one second
    }
    expect(sent.length).toBeLessThanOrEqual(21);
    const tail = batcher.close();
    expect(sent.flat().length + tail.length).toBe(10_000);
    expect(clock.pending()).toBe(0);
  });
});
