import { afterEach, describe, expect, it } from 'vitest';
import type { FitProblem } from '../core/api-types';
import { FitbenchError } from '../core/errors';
import { NO_CHAOS } from './chaos';
import { FitService, type FitServiceOptions } from './fit-service';
import { unavailableStorage } from './service-storage';
import type { ServiceEvent } from './service-types';
import { FakeRunner, flush, ManualTimers, MemoryStorage, resumeState } from '../test-support/runtime-fakes';

const problem: FitProblem = { model: 'a*x', x: [1, 2, 3], y: [2, 4, 6], p0: { a: 1 } };

let service: FitService | null = null;
afterEach(() => service?.dispose());

function setup(over: Partial<FitServiceOptions> = {}) {
  const runner = (over.runner as FakeRunner | undefined) ?? new FakeRunner(2);
  const clock = new ManualTimers();
  const storage = new MemoryStorage();
  const events: ServiceEvent[] = [];
  service = new FitService({ storage, clock, random: () => 0.5, ...over, runner });
  service.onEvent((e) => events.push(e));
  return { service, runner, clock, storage, events };
}

async function rejection(p: Promise<unknown>): Promise<FitbenchError> {
  try {
    await p;
  } catch (e) {
    return e as FitbenchError;
  }
  throw new Error('expected the job to fail');
}

describe('FitService: a job runs to its result', () => {
  it('queues, runs in a worker with transferred arrays, and converges', async () => {
    const { service, runner, storage } = setup();
    const { jobId, done } = service.submit(problem, { method: 'lm' });
    expect(runner.runs).toHaveLength(1);
    const run = runner.last;
    expect(run.request.kind).toBe('fit');
    expect(run.transfer.length).toBe(2); // x and y, as copies: the caller keeps its arrays
    expect(problem.x).toEqual([1, 2, 3]);
    expect(service.job(jobId)?.status).toBe('running');
    expect(run.request.persist).toEqual({ createJob: true, finishOnSuccess: true, backend: 'auto' });
    run.saveJob(storage);
    run.progress(0, 5, [0]);
    expect(service.job(jobId)?.iteration).toBe(5);
    expect(service.job(jobId)?.history).toHaveLength(6);
    run.succeed({}, storage);
    const result = await done;
    expect(result.params.a).toBe(2);
    const job = service.job(jobId);
    expect(job?.status).toBe('converged');
    expect(job?.checkpointsWritten).toBe(1);
    await flush();
    expect(storage.finished.get(jobId)?.status).toBe('converged');
    const snap = service.getSnapshot();
    expect(snap.metrics.fits).toBe(1);
    expect(snap.metrics.checkpointsWritten).toBe(1);
    expect(snap.health.windowCount).toBe(1);
    expect(service.reliability.log.records(jobId).map((r) => r.status)).toEqual([
      'queued',
      'running',
      'checkpoint',
      'converged',
    ]);
  });

  it('reports a fit that stops short of the tolerances as not-converged, not failed', async () => {
    const { service, runner } = setup();
    const { jobId, done } = service.submit(problem);
    runner.last.succeed({ converged: false, status: 'max-iterations' });
    await done;
    expect(service.job(jobId)?.status).toBe('not-converged');
  });

  it('emits progress as the worker batches it, one event per batch', () => {
    const { service, runner, events } = setup();
    service.submit(problem);
    runner.last.progress(0, 99);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress).toHaveLength(1);
    expect(progress[0].type === 'progress' && progress[0].states).toHaveLength(100);
  });

  it('keeps the snapshot object until something changes', () => {
    const { service, runner } = setup();
    const a = service.getSnapshot();
    expect(service.getSnapshot()).toBe(a);
    service.submit(problem);
    const b = service.getSnapshot();
    expect(b).not.toBe(a);
    runner.last.progress(0, 1);
    expect(service.getSnapshot()).not.toBe(b);
    expect(service.getSnapshot().revision).toBeGreaterThan(b.revision);
  });

  it('rejects a malformed problem at once, naming the field', () => {
    const { service, runner } = setup();
    const bad = { model: '', x: [1], y: [1] } as FitProblem;
    expect(() => service.submit(bad)).toThrow(/problem.model/);
    expect(() => service.submit({ ...problem, y: 'abc' as never })).toThrow(/problem.y/);
    expect(runner.runs).toHaveLength(0);
  });
});

describe('FitService: retries', () => {
  it('retries a crashed worker from the latest checkpoint, once, and counts one retry', async () => {
    const { service, runner, clock, storage } = setup({ chaos: { ...NO_CHAOS, crashWorkerAtIteration: 12 } });
    const { jobId, done } = service.submit(problem);
    const first = runner.last;
    expect(first.request.chaos.crashWorkerAtIteration).toBe(12);
    first.saveJob(storage);
    first.progress(0, 12, [0, 10]);
    storage.checkpoints.set(jobId, resumeState(10));
    first.fail({ code: 'WORKER_CRASH', message: 'The worker running job crashed', context: {} });
    await flush();
    expect(service.job(jobId)?.status).toBe('retrying');
    // Full jitter with random() = 0.5: half of the 1 s cap.
    expect(service.job(jobId)?.nextRetryAt).toBe(clock.now() + 500);
    clock.advance(499);
    await flush();
    expect(runner.runs).toHaveLength(1);
    clock.advance(1);
    await flush();
    expect(runner.runs).toHaveLength(2);
    const second = runner.last;
    expect(second.request.attempt).toBe(1);
    expect(second.request.kind === 'fit' && second.request.resumeFrom?.iteration).toBe(10);
    expect(second.request.chaos.crashWorkerAtIteration).toBeNull(); // the crash is injected once per job
    expect(second.request.persist?.createJob).toBe(false); // the first attempt saved the record
    expect(service.job(jobId)?.resumedFromIteration).toBe(10);
    clock.advance(250);
    second.progress(11, 20);
    second.succeed({}, storage);
    await done;
    const job = service.job(jobId);
    expect(job?.status).toBe('converged');
    expect(job?.retries).toBe(1);
    expect(job?.attempts).toBe(2);
    // The chart history is continuous: iterations 0..20, the ones after the checkpoint replaced.
    expect(job?.history).toHaveLength(21);
    const metrics = service.getSnapshot().metrics;
    expect(metrics.retries).toBe(1);
    expect(metrics.lastRecoveryMs).toBe(750); // crash → resumed: 500 ms backoff + 250 ms to the first iteration
    expect(storage.jobs.get(jobId)?.retries).toBe(1);
    expect(service.reliability.log.records(jobId).map((r) => r.status)).toContain('resumed');
  });

  it('never retries bad input and does not count it against the service', async () => {
    const { service, runner, clock } = setup();
    const { jobId, done } = service.submit(problem);
    runner.last.fail({ code: 'MODEL_PARSE', message: 'Unexpected ")" at position 3', context: { position: 3 } });
    const error = await rejection(done);
    expect(error).toBeInstanceOf(FitbenchError);
    expect(error.code).toBe('MODEL_PARSE');
    expect(error.context.position).toBe(3);
    clock.advance(60_000);
    await flush();
    expect(runner.runs).toHaveLength(1);
    expect(service.job(jobId)?.status).toBe('failed');
    expect(service.job(jobId)?.retries).toBe(0);
    const snap = service.getSnapshot();
    expect(snap.health.windowCount).toBe(0);
    expect(snap.budget.jobs).toBe(0);
  });

  it('does not retry or count a fit whose worker could not load offline: budget and health untouched', async () => {
    const { service, runner, clock } = setup();
    for (let i = 0; i < 5; i++) {
      const { jobId, done } = service.submit(problem, { backend: i % 2 === 0 ? 'cpu' : 'webgpu' });
      runner.last.fail({
        code: 'WORKER_LOAD_FAILED',
        message: 'The fit could not start: this device is offline.',
        context: { jobId, offline: true },
      });
      const error = await rejection(done);
      expect(error.code).toBe('WORKER_LOAD_FAILED');
      expect(error.message).not.toMatch(/retries|crash/);
      clock.advance(60_000);
      await flush();
      expect(service.job(jobId)?.retries).toBe(0);
    }
    expect(runner.runs).toHaveLength(5);
    const snap = service.getSnapshot();
    expect(snap.budget.jobs).toBe(0);
    expect(snap.budget.remaining).toBe(1);
    expect(snap.health.state).toBe('Healthy');
    expect(snap.health.windowCount).toBe(0);
    expect(snap.breakers.map((b) => b.state)).toEqual(['closed', 'closed']);
    expect(snap.metrics.retries).toBe(0);
  });

  it('gives up after maxRetries transient faults, with exponential backoff caps', async () => {
    const { service, runner, clock } = setup({ random: () => 0.999 });
    const { jobId, done } = service.submit(problem);
    const delays: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      runner.last.fail({ code: 'INJECTED_FAULT', message: 'Injected fault', context: {} });
      await flush();
      const next = service.job(jobId)?.nextRetryAt;
      if (next != null) {
        delays.push(next - clock.now());
        clock.advance(next - clock.now());
        await flush();
      }
    }
    const error = await rejection(done);
    expect(error.code).toBe('INJECTED_FAULT');
    expect(error.message).toContain('gave up after 3 retries');
    expect(runner.runs).toHaveLength(4);
    expect(delays.map(Math.round)).toEqual([999, 1998, 3996]);
    expect(service.getSnapshot().metrics.failures).toBe(1);
    expect(service.getSnapshot().metrics.retries).toBe(3);
  });

  it('times out a hanging attempt by terminating its worker, then retries it', async () => {
    const { service, runner, clock } = setup({ config: { job: { timeoutMs: 5000 }, retry: { maxRetries: 1 } } });
    const { jobId, done } = service.submit(problem);
    clock.advance(5000);
    await flush();
    expect(runner.runs[0].terminatedWith?.code).toBe('TIMEOUT');
    expect(service.job(jobId)?.status).toBe('retrying');
    clock.advance(1000);
    await flush();
    expect(runner.runs).toHaveLength(2);
    clock.advance(5000);
    await flush();
    const error = await rejection(done);
    expect(error.code).toBe('TIMEOUT');
  });

  it('isolates jobs: a crash in one leaves the other running to its result', async () => {
    const { service, runner } = setup();
    const a = service.submit(problem);
    const b = service.submit(problem);
    runner.runs[0].fail({ code: 'WORKER_CRASH', message: 'crashed', context: {} });
    runner.runs[1].succeed();
    await b.done;
    expect(service.job(b.jobId)?.status).toBe('converged');
    expect(service.job(a.jobId)?.status).toBe('retrying');
  });
});

describe('FitService: cancel', () => {
  it('cancels a running job cooperatively', async () => {
    const { service, runner } = setup();
    const { jobId, done } = service.submit(problem);
    runner.last.progress(0, 3);
    expect(service.cancel(jobId)).toBe(true);
    expect(runner.last.cancelled).toBe(true);
    const error = await rejection(done);
    expect(error.code).toBe('FIT_ABORTED');
    expect(service.job(jobId)?.status).toBe('cancelled');
    expect(runner.last.terminatedWith).toBeNull();
    expect(service.getSnapshot().health.windowCount).toBe(0);
  });

  it('terminates a worker that ignores the cancel after the grace period', async () => {
    const { service, runner, clock } = setup({ cancelGraceMs: 2000 });
    runner.cooperative = false;
    const { jobId, done } = service.submit(problem);
    service.cancel(jobId);
    clock.advance(1999);
    await flush();
    expect(service.job(jobId)?.status).toBe('running');
    clock.advance(1);
    const error = await rejection(done);
    expect(runner.last.terminatedWith?.code).toBe('FIT_ABORTED');
    expect(error.code).toBe('FIT_ABORTED');
    expect(service.job(jobId)?.status).toBe('cancelled');
  });

  it('cancels a queued job without starting it, and a job waiting for its retry', async () => {
    const { service, runner, clock } = setup({ runner: new FakeRunner(1) });
    const a = service.submit(problem);
    const b = service.submit(problem);
    expect(runner.runs).toHaveLength(1);
    service.cancel(b.jobId);
    expect((await rejection(b.done)).code).toBe('FIT_ABORTED');
    runner.last.fail({ code: 'WORKER_CRASH', message: 'crashed', context: {} });
    await flush();
    expect(service.job(a.jobId)?.status).toBe('retrying');
    service.cancel(a.jobId);
    clock.advance(10_000);
    await flush();
    expect(runner.runs).toHaveLength(1);
    expect(service.job(a.jobId)?.status).toBe('cancelled');
  });
});

describe('FitService: breakers, checkpoints, health', () => {
  it('runs GPU jobs on the CPU with a diagnostic while the WebGPU breaker is open', async () => {
    const { service, runner } = setup({ config: { retry: { maxRetries: 0 }, breaker: { failureThreshold: 2 } } });
    for (let i = 0; i < 2; i++) {
      const t = service.submit(problem, { backend: 'webgpu' });
      expect(runner.last.request.backend).toBe('webgpu');
      runner.last.fail({ code: 'GPU_DEVICE_LOST', message: 'device lost', context: {} });
      await rejection(t.done);
    }
    expect(service.getSnapshot().breakers.find((b) => b.name === 'webgpu')?.state).toBe('open');
    const t = service.submit(problem, { backend: 'webgpu' });
    expect(runner.last.request.backend).toBe('cpu');
    runner.last.succeed({ backend: 'cpu' });
    const result = await t.done;
    expect(result.backend).toBe('cpu');
    expect(result.diagnostics.join(' ')).toMatch(/WebGPU circuit breaker is open.*ran on the CPU/);
  });

  it('turns checkpoints off for later jobs when a worker reports a full disk, and says why', async () => {
    const { service, runner } = setup();
    expect(service.getSnapshot().checkpoints.enabled).toBe(true);
    const t = service.submit(problem);
    const run = runner.last;
    expect(run.request.kind === 'fit' && run.request.checkpoint.enabled).toBe(true);
    run.emit([
      {
        type: 'checkpoints-off',
        jobId: t.jobId,
        attempt: 0,
        reason: { code: 'STORAGE_QUOTA', message: 'Browser storage is full', context: {} },
      },
    ]);
    run.succeed();
    await t.done;
    const snap = service.getSnapshot();
    expect(snap.checkpoints.enabled).toBe(false);
    expect(snap.checkpoints.reason).toContain('Browser storage is full');
    service.submit(problem);
    expect(runner.last.request.kind === 'fit' && runner.last.request.checkpoint.enabled).toBe(false);
  });

  it('runs without checkpoints when storage is unavailable', () => {
    const { service, runner } = setup({
      storage: unavailableStorage('Checkpoints are off: IndexedDB is not available here.'),
    });
    expect(service.getSnapshot().checkpoints).toEqual({
      enabled: false,
      reason: 'Checkpoints are off: IndexedDB is not available here.',
    });
    service.submit(problem);
    expect(runner.last.request.kind === 'fit' && runner.last.request.checkpoint.enabled).toBe(false);
  });

  it('walks health Healthy → Degraded → Failed under failures and back through Recovery', async () => {
    const { service, runner, clock } = setup({
      config: { retry: { maxRetries: 0 }, health: { minSamples: 2, windowSize: 4, recoveryAfterMs: 10_000 } },
    });
    const states = () => service.getSnapshot().health.state;
    const run = async (ok: boolean) => {
      const t = service.submit(problem);
      if (ok) runner.last.succeed();
      else runner.last.fail({ code: 'INJECTED_FAULT', message: 'Injected fault', context: {} });
      await t.done.catch(() => undefined);
    };
    await run(false);
    await run(false);
    expect(states()).toBe('Degraded');
    await run(false);
    expect(states()).toBe('Failed');
    expect(service.getSnapshot().budget.remaining).toBe(0);
    clock.advance(10_000); // the service's tick applies T_recovery
    expect(states()).toBe('Recovery');
    await run(true);
    await run(true);
    expect(states()).toBe('Healthy');
    expect(service.getSnapshot().healthHistory.map((t) => t.to)).toEqual(['Degraded', 'Failed', 'Recovery', 'Healthy']);
  });

  it('raises a stall alert from the progress stream', () => {
    const { service, runner, events } = setup({ config: { alerts: { stallWindow: 5 } } });
    const t = service.submit(problem);
    const flat = Array.from({ length: 10 }, (_, i) => ({
      type: 'progress' as const,
      jobId: t.jobId,
      attempt: 0,
      state: {
        iteration: i,
        cost: 1,
        gradientNorm: 1,
        stepNorm: 0,
        method: 'lm' as const,
        njev: 1,
        radius: 1,
        lambda: 1e-3,
        scale: [],
        params: { a: 1 },
        nfev: i,
      },
    }));
    runner.last.emit(flat);
    expect(events.some((e) => e.type === 'alert' && e.alert.kind === 'stalled')).toBe(true);
    expect(service.job(t.jobId)?.alerts.map((a) => a.kind)).toContain('stalled');
  });

  it('exports the metrics as Prometheus text', async () => {
    const { service, runner } = setup();
    const t = service.submit(problem);
    runner.last.succeed();
    await t.done;
    const text = service.reliability.metrics.toPrometheus();
    expect(text).toContain('fitbench_fits_total{outcome="success"} 1');
    expect(text).toContain('fitbench_fit_duration_seconds{quantile="0.95"}');
  });
});
