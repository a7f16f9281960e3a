/**
 * Where a run's arithmetic happens. The CPU engine is the core library; the WebGPU engine
 * is registered by the worker entry when the GPU backend is available. The runtime's
 * breaker has already sent the request to 'cpu' when the WebGPU breaker is open; here a
 * request for 'webgpu' without a usable GPU degrades to the CPU with a diagnostic.
 */
import type { BackendChoice } from '../core/api-types';
import type { EngineChoice, FitEngine } from './run-controller';
import type { RunRequest } from './worker-api';

/** The WebGPU side: an engine when an adapter and device can be had, else the reason. */
export type GpuEngineProvider = () => Promise<{ ok: true; engine: FitEngine } | { ok: false; reason: string }>;

export interface BackendSelector {
  (request: RunRequest): Promise<EngineChoice>;
}

/**
 * Builds the backend selection of a worker from its CPU engine and, when the GPU backend is
 * built in, its provider. 'auto' goes to the GPU engine when one is available (it applies
 * its own size threshold and may still compute on the CPU); otherwise to the CPU.
 */
export function createBackendSelector(cpu: FitEngine, gpu: GpuEngineProvider | null): BackendSelector {
  return async (request) => {
    const requested: BackendChoice = request.backend;
    if (requested === 'cpu') return { engine: cpu, backend: 'cpu' };
    const available = gpu ? await gpu() : { ok: false as const, reason: 'this build has no WebGPU backend' };
    if (available.ok) return { engine: available.engine, backend: requested };
    if (requested === 'auto') return { engine: cpu, backend: 'cpu' };
    return {
      engine: cpu,
      backend: 'cpu',
      diagnostic: `WebGPU was requested but is unavailable in this worker (${available.reason}): this fit ran on the CPU.`,
    };
  };
}
