import type { BatchResult, FitBatch, FitOptions } from '../core';
import { FitbenchError } from '../core/errors';

/**
 * `fitbench batch --backend webgpu`: the GPU batch through Dawn for Node (the optional
 * `webgpu` package). Says clearly when the package or an adapter is missing.
 */
export async function runGpuBatch(batch: FitBatch, options: FitOptions): Promise<BatchResult> {
  void batch;
  void options;
  throw new FitbenchError('GPU_UNAVAILABLE', 'the WebGPU batch backend is not wired into the CLI yet');
}
