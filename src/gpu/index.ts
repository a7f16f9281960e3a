/** The WebGPU backend's public surface (DESIGN.md: src/gpu imports src/core only). */
export { DeviceSession, type AdapterSummary } from './device-session';
export {
  createGpuEngineProvider,
  startValues,
  type GpuFitEngine,
  type GpuEngineAvailability,
  type GpuPreparedRun,
} from './gpu-engine';
export { curveFitBatchGpu } from './gpu-batch';
export { GpuEvaluator } from './gpu-evaluator';
export {
  chooseBackend,
  assessF32,
  isSoftwareAdapter,
  AUTO_GPU_MIN_POINTS,
  AUTO_GPU_MIN_BATCH_POINTS,
} from './choose-backend';
