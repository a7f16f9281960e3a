import type { BatchResult, FitBatch, FitOptions } from '../core';
import { FitbenchError } from '../core/errors';
import { resolveModelSpec } from '../core/fit';
import { DeviceSession } from '../gpu/device-session';
import { curveFitBatchGpu } from '../gpu/gpu-batch';
import { startValues } from '../gpu/gpu-engine';

type WebgpuModule = { create(flags: string[]): GPU; globals: Record<string, unknown> };

/**
 * `fitbench batch --backend webgpu`: the GPU batch (the whole LM iteration on the GPU, one
 * curve per thread) through Dawn for Node, the optional `webgpu` package. Says clearly when
 * the package or an adapter is missing.
 */
export async function runGpuBatch(batch: FitBatch, options: FitOptions): Promise<BatchResult> {
  let webgpu: WebgpuModule;
  try {
    webgpu = await import('webgpu');
  } catch {
    throw new FitbenchError('GPU_UNAVAILABLE', 'the webgpu backend needs the optional "webgpu" package (Dawn for Node): run "npm install webgpu", or use --backend cpu');
  }
  Object.assign(globalThis, webgpu.globals);
  const gpu = webgpu.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new FitbenchError('GPU_UNAVAILABLE', 'no WebGPU adapter on this machine (Dawn found no Vulkan/Metal/D3D12 device): use --backend cpu');
  const session = await DeviceSession.create(gpu, { powerPreference: 'high-performance', label: 'fitbench-cli' });
  try {
    const { model, library } = resolveModelSpec(batch.model);
    const p0 = library ? startValues(batch, library.guess, model.paramNames) : batch.p0;
    return await curveFitBatchGpu(session, model, { ...batch, p0 }, options);
  } finally {
    session.dispose();
  }
}
