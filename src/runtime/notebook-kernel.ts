/**
 * The page's side of a notebook kernel: starts the kernel worker, lends it the library
 * (`window.fitbench`, through a comlink-exposed host on a MessagePort), runs cells one at a
 * time, and stops a runaway cell by terminating the worker (state is lost: the next run
 * starts a fresh kernel, and the page says "kernel restarted").
 */
import { expose, proxy, transfer, wrap, type Remote } from 'comlink';
import type { FitOptions, IterationState } from '../core/api-types';
import type {
  CellEvent,
  CellRunOutcome,
  CellRunRequest,
  NotebookKernelApi,
  NotebookLibraryHost,
} from '../worker/notebook-kernel-api';
import type { FitClient } from './fit-client';

/** Single fits: their options get progress reports, and the result its cost per iteration. */
const FIT_FUNCTIONS = new Set(['curveFit', 'curveFitGlobal']);
/** Where each library function takes its options, so Stop can cancel the fits a cell started. */
const OPTIONS_ARGUMENT: Record<string, number> = {
  curveFit: 1,
  curveFitBatch: 1,
  curveFitGlobal: 1,
  compareSharing: 2,
  profileIntervals: 2,
  bootstrap: 2,
  profile2d: 4,
};

export interface NotebookLibrarySource {
  /** `window.fitbench`: every function on it is offered to cells. */
  fitbench: object;
  client: FitClient;
}

export interface NotebookKernel {
  /** The library functions cells can call. */
  readonly functions: readonly string[];
  /** Runs one cell; rejects with KernelStoppedError when `stop()` interrupts it. */
  run(request: CellRunRequest, onEvent: (event: CellEvent) => void): Promise<CellRunOutcome>;
  /** Terminates the kernel (a running cell stops, its fits are cancelled, all variables are lost). */
  stop(): void;
  /** Forgets all variables. */
  reset(): Promise<void>;
  dispose(): void;
}

export class KernelStoppedError extends Error {
  constructor() {
    super('Stopped: kernel restarted, variables were reset.');
    this.name = 'KernelStoppedError';
  }
}

/** Library functions a page offers (the function-valued keys of `window.fitbench`). */
export function libraryFunctions(fitbench: object): string[] {
  return Object.keys(fitbench).filter((k) => typeof (fitbench as Record<string, unknown>)[k] === 'function');
}

function plainError(e: unknown): { name: string; message: string; code?: string } {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { name: e.name, message: e.message, code: typeof code === 'string' ? code : undefined };
  }
  return { name: 'Error', message: String(e) };
}

/** The host a kernel calls (exported for tests); `current` is the running cell's hooks (signal, progress). */
export function createLibraryHost(
  source: NotebookLibrarySource,
  current: () => { signal: AbortSignal; onEvent: (e: CellEvent) => void } | null,
): NotebookLibraryHost {
  const lib = source.fitbench as Record<string, unknown>;
  const client = source.client;
  const serviceCalls: Record<string, (...args: never[]) => unknown> = {
    health: () => client.getSnapshot().health,
    metrics: () => client.getSnapshot().metrics,
    budget: () => client.getSnapshot().budget,
    jobs: () => client.getSnapshot().jobs,
    checkpoints: () => client.getSnapshot().checkpoints,
    log: (jobId?: string) => client.logRecords(jobId),
    chaos: () => client.getChaos(),
    setChaos: (patch: Record<string, unknown>) => client.setChaos(patch),
    config: () => client.getConfig(),
    updateConfig: (patch: unknown) => client.updateConfig(patch),
    prometheus: () => client.metricsPrometheus(),
    listResumable: () => client.listResumable(),
    resume: async (jobId: string) => (await client.resume(jobId)).result,
  };
  return {
    async call(name, args) {
      const fn = lib[name];
      try {
        if (typeof fn !== 'function')
          throw Object.assign(new Error(`fitbench.${name} is not available`), { code: 'NOTEBOOK_MISSING_FUNCTION' });
        const run = current();
        const at = OPTIONS_ARGUMENT[name];
        if (at === undefined || !run) return await fn(...args);
        const history: { iteration: number; cost: number }[] = [];
        const given = (args[at] ?? {}) as FitOptions;
        const options: FitOptions = { ...given, signal: run.signal };
        if (FIT_FUNCTIONS.has(name)) {
          options.onIteration = (s: IterationState) => {
            history.push({ iteration: s.iteration, cost: s.cost });
            run.onEvent({
              type: 'progress',
              done: s.iteration,
              total: 0,
              label: `${name}: iteration ${s.iteration}, cost ${s.cost.toPrecision(4)}`,
            });
          };
        }
        const callArgs = [...args];
        while (callArgs.length < at) callArgs.push(undefined);
        callArgs[at] = options;
        const result = await fn(...callArgs);
        // The cost per iteration, for show.convergence.
        if (FIT_FUNCTIONS.has(name) && result && typeof result === 'object' && 'params' in result)
          return { ...result, history };
        return result;
      } catch (e) {
        throw plainError(e);
      }
    },
    async service(name, args) {
      const fn = serviceCalls[name];
      try {
        if (!fn)
          throw Object.assign(new Error(`fitbench.service.${name} does not exist`), {
            code: 'NOTEBOOK_MISSING_FUNCTION',
          });
        return await (fn as (...a: unknown[]) => unknown)(...args);
      } catch (e) {
        throw plainError(e);
      }
    },
  };
}

function defaultWorker(): Worker {
  return new Worker(new URL('../worker/notebook-kernel.worker.ts', import.meta.url), {
    type: 'module',
    name: 'fitbench-notebook-kernel',
  });
}

/** A kernel for one open notebook; the worker starts on the first run. */
export function createNotebookKernel(
  source: NotebookLibrarySource,
  createWorker: () => Worker = defaultWorker,
): NotebookKernel {
  const functions = libraryFunctions(source.fitbench);
  let worker: Worker | null = null;
  let remote: Remote<NotebookKernelApi> | null = null;
  let running: {
    signal: AbortSignal;
    onEvent: (e: CellEvent) => void;
    abort: AbortController;
    stopped: () => void;
  } | null = null;

  const start = (): Remote<NotebookKernelApi> => {
    if (remote) return remote;
    worker = createWorker();
    remote = wrap<NotebookKernelApi>(worker);
    const channel = new MessageChannel();
    expose(
      createLibraryHost(source, () => running),
      channel.port1,
    );
    void remote.connect(transfer(channel.port2, [channel.port2]), functions);
    return remote;
  };

  const stop = () => {
    worker?.terminate();
    worker = null;
    remote = null;
    if (running) {
      running.abort.abort();
      running.stopped();
      running = null;
    }
  };

  return {
    functions,
    async run(request, onEvent) {
      if (running) throw new Error('A cell is already running in this notebook.');
      const kernel = start();
      const abort = new AbortController();
      let stopped!: () => void;
      const whenStopped = new Promise<never>((_, reject) => {
        stopped = () => reject(new KernelStoppedError());
      });
      const current = { signal: abort.signal, onEvent, abort, stopped };
      running = current;
      try {
        return await Promise.race([kernel.run(request, proxy(onEvent)), whenStopped]);
      } finally {
        if (running === current) running = null;
      }
    },
    stop,
    async reset() {
      if (remote) await remote.reset();
    },
    dispose: stop,
  };
}
