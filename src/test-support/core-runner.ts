/** A FitRunner that runs requests with the core in process, as a worker would (batches and plain fits, on the CPU). */
import type { FitProblem } from '../core/api-types';
import { curveFit, curveFitBatch } from '../core';
import type { FitRunner, RunHandle } from '../runtime/runner';
import type { RunOutcome, RunRequest } from '../worker/worker-api';

const stats = {
  iterations: 0,
  checkpointsWritten: 0,
  lastCheckpointIteration: null,
  startIteration: 0,
  resultStored: false,
};

export class CoreRunner implements FitRunner {
  readonly capacity = 2;
  readonly requests: RunRequest[] = [];
  start(request: RunRequest): RunHandle {
    this.requests.push(request);
    let cancel = () => undefined as void;
    const cancelled = new Promise<RunOutcome>(
      (resolve) =>
        (cancel = () =>
          resolve({
            ok: false,
            error: { code: 'FIT_ABORTED', message: 'stopped', context: {} },
            cancelled: true,
            stats,
            tail: [],
          })),
    );
    const run = async (): Promise<RunOutcome> => {
      await new Promise((r) => setTimeout(r, 0));
      if (request.kind === 'batch')
        return {
          ok: true,
          kind: 'batch',
          result: await curveFitBatch(request.batch, { ...request.options, backend: 'cpu' }),
          stats,
          tail: [],
        };
      return {
        ok: true,
        kind: 'fit',
        result: await curveFit(request.problem as FitProblem, { ...request.options, backend: 'cpu' }),
        stats,
        tail: [],
      };
    };
    return { outcome: Promise.race([run(), cancelled]), cancel, terminate: cancel };
  }
  stats() {
    return { capacity: 2, busy: 0, workersStarted: this.requests.length, workersCrashed: 0 };
  }
  dispose() {}
}
