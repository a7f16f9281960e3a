/// <reference lib="webworker" />
// Answers one question for the status line: can a Web Worker reach a WebGPU adapter here,
// and which one? Fits run in workers, so that is the place that matters.
import type { GpuProbeResult } from './gpu-probe-types';

async function probe(): Promise<GpuProbeResult> {
  const gpu = (self.navigator as WorkerNavigator & { gpu?: GPU }).gpu;
  if (!gpu) return { available: false, reason: 'this browser does not expose WebGPU (navigator.gpu) to workers' };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { available: false, reason: 'no WebGPU adapter (GPU blocklisted or disabled)' };
    const info = adapter.info;
    return {
      available: true,
      vendor: info?.vendor || 'unknown vendor',
      architecture: info?.architecture || 'unknown architecture',
      description: info?.description || '',
      isFallbackAdapter: Boolean((info as GPUAdapterInfo & { isFallbackAdapter?: boolean })?.isFallbackAdapter),
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    };
  } catch (error) {
    return {
      available: false,
      reason: `requestAdapter failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

probe().then((result) => self.postMessage(result));
