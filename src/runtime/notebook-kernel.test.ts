import { describe, expect, it } from 'vitest';
import { FitbenchError } from '../core/errors';
import type { FitOptions } from '../core/api-types';
import type { CellEvent } from '../worker/notebook-kernel-api';
import type { FitClient } from './fit-client';
import { createLibraryHost, libraryFunctions } from './notebook-kernel';

const client = {
  getSnapshot: () => ({ health: { state: 'Healthy' } }),
  getChaos: () => ({ failureRate: 0 }),
} as unknown as FitClient;

describe('notebook library host', () => {
  it('offers the function-valued keys of window.fitbench', () => {
    expect(libraryFunctions({ curveFit: () => 0, version: '1', service: {}, bootstrap: () => 0 })).toEqual([
      'curveFit',
      'bootstrap',
    ]);
  });
  it("passes the running cell's signal and progress to fits and returns the cost history", async () => {
    let seen: FitOptions | undefined;
    const fitbench = {
      async curveFit(_problem: unknown, options: FitOptions) {
        seen = options;
        for (const [iteration, cost] of [
          [0, 4],
          [1, 2],
        ])
          await options.onIteration?.({ iteration, cost } as never);
        return { params: { a: 1 } };
      },
    };
    const events: CellEvent[] = [];
    const abort = new AbortController();
    const host = createLibraryHost({ fitbench, client }, () => ({
      signal: abort.signal,
      onEvent: (e) => events.push(e),
    }));
    const result = await host.call('curveFit', [{ model: 'a' }, { loss: 'huber' }]);
    expect(seen?.loss).toBe('huber');
    expect(seen?.signal).toBe(abort.signal);
    expect(result).toEqual({
      params: { a: 1 },
      history: [
        { iteration: 0, cost: 4 },
        { iteration: 1, cost: 2 },
      ],
    });
    expect(events.map((e) => e.type)).toEqual(['progress', 'progress']);
  });
  it('gives refits the signal at their options position', async () => {
    let options: unknown;
    const fitbench = {
      async bootstrap(_p: unknown, _r: unknown, o: unknown) {
        options = o;
        return { ok: true };
      },
    };
    const abort = new AbortController();
    const host = createLibraryHost({ fitbench, client }, () => ({ signal: abort.signal, onEvent: () => undefined }));
    await host.call('bootstrap', [{}, {}]);
    expect((options as { signal: AbortSignal }).signal).toBe(abort.signal);
  });
  it('sends errors as plain data with their code, and refuses unknown names', async () => {
    const fitbench = {
      curveFit: async () => {
        throw new FitbenchError('MODEL_PARSE', 'unexpected ")" at 3');
      },
    };
    const host = createLibraryHost({ fitbench, client }, () => null);
    await expect(host.call('curveFit', [{}])).rejects.toEqual({
      name: 'FitbenchError',
      message: expect.stringContaining('unexpected'),
      code: 'MODEL_PARSE',
    });
    await expect(host.call('nope', [])).rejects.toMatchObject({ code: 'NOTEBOOK_MISSING_FUNCTION' });
    await expect(host.service('health', [])).resolves.toEqual({ state: 'Healthy' });
    await expect(host.service('format', [])).rejects.toMatchObject({ code: 'NOTEBOOK_MISSING_FUNCTION' });
  });
});
