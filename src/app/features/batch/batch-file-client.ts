/** The page's handle on the batch file worker (one per page, started on first use). */
import { wrap, type Remote } from 'comlink';
import type { BatchFileWorkerApi } from '../../../worker/batch-file-types';

let remote: Remote<BatchFileWorkerApi> | null = null;

export function batchFileWorker(): Remote<BatchFileWorkerApi> {
  remote ??= wrap<BatchFileWorkerApi>(
    new Worker(new URL('../../../worker/batch-file.worker.ts', import.meta.url), {
      type: 'module',
      name: 'fitbench-batch-file',
    }),
  );
  return remote;
}
