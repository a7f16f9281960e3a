/** Public API of the fitting runtime: the UI uses createFitClient and the types below. */
export { createFitClient, type FitClient, type FitClientOptions, type FitHandle } from './fit-client';
export {
  installFitbenchGlobal,
  fitbenchGlobal,
  type FitbenchGlobal,
  type FitbenchServiceView,
} from './fitbench-global';
export {
  CHAOS_KEYS,
  NO_CHAOS,
  chaosActive,
  chaosFromSearch,
  formatChaos,
  mergeChaos,
  parseChaos,
  type ChaosConfig,
} from './chaos';
export type { ResumeOffer } from './resume';
export type { Unsubscribe, ExternalStore } from './emitter';
export {
  FINAL_JOB_STATUSES,
  type CheckpointsStatus,
  type JobSnapshot,
  type JobStatus,
  type PoolStatus,
  type ServiceEvent,
  type ServiceSnapshot,
} from './service-types';
export { FitService, type FitServiceOptions, type JobTicket, type SubmitOptions } from './fit-service';
export { poolSize, WorkerPool, type WorkerPoolOptions } from './worker-pool';
export {
  createNotebookKernel,
  KernelStoppedError,
  libraryFunctions,
  type NotebookKernel,
  type NotebookLibrarySource,
} from './notebook-kernel';
