import type { BatchResult, FitBatch, FitOptions, FitProblem, FitResult } from '../core/api-types';
import { FitbenchError } from '../core/errors';
import { createGpuEngineProvider, type GpuFitEngine } from '../gpu';

type WebgpuModule = { create(flags: string[]): GPU; globals: Record<string, unknown> };

/**
 * The WebGPU engine in Node through Dawn (the optional `webgpu` package): the same engine the
 * page's workers use. Says clearly when the package or an adapter is missing.
 */
async function nodeGpuEngine(): Promise<GpuFitEngine> {
  let webgpu: WebgpuModule;
  try {
    webgpu = await import('webgpu');
  } catch {
    throw new FitbenchError(
      'GPU_UNAVAILABLE',
      'the webgpu backend needs the optional "webgpu" package (Dawn for Node): run "npm install webgpu", or use --backend cpu',
    );
  }
  Object.assign(globalThis, webgpu.globals);
  const gpu = webgpu.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter)
    throw new FitbenchError(
      'GPU_UNAVAILABLE',
      'no WebGPU adapter on this machine (Dawn found no Vulkan/Metal/D3D12 device): use --backend cpu',
    );
  const available = await createGpuEngineProvider(gpu)();
  if (!available.ok)
    throw new FitbenchError('GPU_UNAVAILABLE', `the WebGPU device could not be created: ${available.reason}`);
  return available.engine;
}

/** `fitbench fit --backend webgpu`: GPU phase with the f32 rule, f64 CPU finish when needed. */
export async function fitOnNodeGpu(problem: FitProblem, options: FitOptions): Promise<FitResult> {
  const engine = await nodeGpuEngine();
  const run = await engine.prepare(problem, { ...options, backend: 'webgpu' });
  return run.run({ ...options, backend: 'webgpu' });
}

/** `fitbench batch --backend webgpu`: the whole LM iteration of every curve on the GPU. */
export async function batchOnNodeGpu(batch: FitBatch, options: FitOptions): Promise<BatchResult> {
  const engine = await nodeGpuEngine();
  return engine.curveFitBatch(batch, { ...options, backend: 'webgpu' });
}
