/// <reference lib="webworker" />
/**
 * Entry of the fit worker (comlink `expose`). Thin: wires the run controller to the core
 * solver, the checkpoint store in IndexedDB, the worker's clock and the crash simulation.
 * The boundary type is FitWorkerApi (worker-api.ts); `satisfies` keeps this object honest.
 */
import { expose, releaseProxy, transfer, type Remote } from 'comlink';
import {
  createCpuEvaluatorFor,
  curveFit,
  curveFitBatch,
  isGlobalProblem,
  prepareFit,
  prepareGlobal,
  runGlobalFit,
  runPreparedFit,
} from '../core/fit';
import { createGpuEngineProvider } from '../gpu';
import { createBackendSelector } from './backend';
import { openCheckpointSink, workerJobRecorder } from './worker-storage';
import { RunController, type FitEngine } from './run-controller';
import { WORKER_READY_MESSAGE } from './worker-api';
import type { FitWorkerApi, RunOutcome, RunRequest, WorkerEvent, WorkerEventSink } from './worker-api';
import { heartbeatMessage, WORKER_HEARTBEAT_MS } from './heartbeat-api';

/** The core's own path (curveFit = prepare → CPU evaluator → run), split so the run knows its method first. */
const cpuEngine: FitEngine = {
  prepare(problem, options) {
    if (isGlobalProblem(problem)) {
      const global = prepareGlobal(problem, options);
      return { method: global.method, run: (runOptions) => runGlobalFit(global, runOptions) };
    }
    const prepared = prepareFit(problem, options);
    return {
      method: prepared.method,
      // Multistart (its starts as one batch, then the best polished) is the core's curveFit.
      run: (runOptions) =>
        runOptions.multistart
          ? curveFit(problem, { ...runOptions, backend: 'cpu' })
          : runPreparedFit(prepared, createCpuEvaluatorFor(prepared), runOptions),
    };
  },
  curveFitBatch: (batch, options) => curveFitBatch(batch, { ...options, backend: 'cpu' }),
};

const gpu = (self.navigator as WorkerNavigator & { gpu?: GPU }).gpu;
const selectBackend = createBackendSelector(cpuEngine, gpu ? createGpuEngineProvider(gpu) : null);

/** A sleeping wait where the page is cross-origin isolated; a spin otherwise (chaos delays only). */
function busyWait(ms: number): void {
  if (typeof SharedArrayBuffer === 'function' && (self as { crossOriginIsolated?: boolean }).crossOriginIsolated) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    return;
  }
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Spinning on purpose: the solver is synchronous and must be held here.
  }
}

const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();

const controller = new RunController({
  now: () => performance.now(),
  wallClock: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as number),
  random: Math.random,
  busyWait,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  yieldToHost: () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    }),
  engineFor: selectBackend,
  jobs: workerJobRecorder,
  checkpointSink: (request) =>
    openCheckpointSink({ keep: request.checkpoint.keep, quotaExceeded: request.chaos.quotaExceeded === true }),
  crash: (error) => {
    // What a real crash looks like from the page: an uncaught error on the Worker object.
    setTimeout(() => {
      throw error;
    }, 0);
  },
});

function transferablesOf(outcome: RunOutcome): Transferable[] {
  if (!outcome.ok || outcome.kind !== 'batch') return [];
  const r = outcome.result;
  // Columns may share one buffer; a buffer listed twice would make postMessage throw.
  const buffers = new Set<ArrayBufferLike>([
    r.params.buffer,
    r.stdErrors.buffer,
    r.cost.buffer,
    r.converged.buffer,
    r.iterations.buffer,
  ]);
  return [...buffers].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

const api = {
  async run(request: RunRequest, onEvents: WorkerEventSink): Promise<RunOutcome> {
    const remote = onEvents as unknown as Remote<WorkerEventSink>;
    const send = (events: WorkerEvent[]): void => {
      // Fire and forget: progress must never wait on the page.
      remote(events).catch(() => undefined);
    };
    try {
      const outcome = await controller.run(request, send);
      return transfer(outcome, transferablesOf(outcome));
    } finally {
      remote[releaseProxy]();
    }
  },
  cancel(jobId: string): void {
    controller.cancel(jobId);
  },
  ping(): 'pong' {
    return 'pong';
  },
} satisfies FitWorkerApi;

expose(api);

// Alive signal for the page's worker pool (see heartbeat-api.ts).
setInterval(() => self.postMessage(heartbeatMessage(Date.now())), WORKER_HEARTBEAT_MS);
// The page tells a worker that never loaded from one that crashed by this message.
self.postMessage(WORKER_READY_MESSAGE);
