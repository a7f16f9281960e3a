import { describe, expect, it } from 'vitest';
import { createBackendSelector, type GpuEngineProvider } from './backend';
import type { FitEngine } from './run-controller';
import type { RunRequest } from './worker-api';

const cpu: FitEngine = {
  prepare: () => ({ method: 'lm', run: async () => ({}) as never }),
  curveFitBatch: async () => ({}) as never,
};
const gpuEngine: FitEngine = { ...cpu };
const req = (backend: RunRequest['backend']): RunRequest =>
  ({
    kind: 'fit',
    jobId: 'j',
    attempt: 0,
    backend,
    problem: { model: 'a*x', x: [1], y: [1] },
    options: {},
    progressIntervalMs: 50,
    checkpoint: { enabled: false, everyIterations: 10, everyMs: 2000, keep: 2 },
    chaos: {},
    persist: null,
  }) as RunRequest;

describe('createBackendSelector', () => {
  it('keeps cpu on the CPU engine without asking for a GPU', async () => {
    let asked = false;
    const gpu: GpuEngineProvider = async () => ((asked = true), { ok: true, engine: gpuEngine });
    expect(await createBackendSelector(cpu, gpu)(req('cpu'))).toEqual({ engine: cpu, backend: 'cpu' });
    expect(asked).toBe(false);
  });

  it('uses the GPU engine for webgpu and auto when a device is available', async () => {
    const select = createBackendSelector(cpu, async () => ({ ok: true, engine: gpuEngine }));
    expect((await select(req('webgpu'))).engine).toBe(gpuEngine);
    expect(await select(req('auto'))).toEqual({ engine: gpuEngine, backend: 'auto' });
  });

  it('degrades webgpu to the CPU with a diagnostic naming the reason, and auto silently', async () => {
    const select = createBackendSelector(cpu, async () => ({ ok: false, reason: 'no WebGPU adapter' }));
    const forced = await select(req('webgpu'));
    expect(forced.engine).toBe(cpu);
    expect(forced.backend).toBe('cpu');
    expect(forced.diagnostic).toMatch(/WebGPU was requested but is unavailable .*no WebGPU adapter.*ran on the CPU/);
    expect(await select(req('auto'))).toEqual({ engine: cpu, backend: 'cpu' });
    expect((await createBackendSelector(cpu, null)(req('webgpu'))).diagnostic).toMatch(/no WebGPU backend/);
  });
});
