import { describe, expect, it } from 'vitest';
import { diagnoseWorkerLoad, workerLoadError } from './worker-load-failure';

describe('diagnoseWorkerLoad', () => {
  it('trusts navigator.onLine === false without touching the network', async () => {
    let fetched = false;
    const fetch = (async () => {
      fetched = true;
      return new Response(null);
    }) as typeof globalThis.fetch;
    expect(await diagnoseWorkerLoad({ scriptUrl: 'http://x/w.js', onLine: () => false, fetch })).toEqual({
      offline: true,
    });
    expect(fetched).toBe(false);
  });

  it('reads an unreachable script URL as offline, and an error status as the server’s answer', async () => {
    const unreachable = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof globalThis.fetch;
    expect(await diagnoseWorkerLoad({ scriptUrl: 'http://x/w.js', onLine: () => true, fetch: unreachable })).toEqual({
      offline: true,
    });
    const missing = (async () => new Response(null, { status: 404 })) as typeof globalThis.fetch;
    expect(await diagnoseWorkerLoad({ scriptUrl: 'http://x/w.js', onLine: () => true, fetch: missing })).toEqual({
      offline: false,
      httpStatus: 404,
    });
    const present = (async () => new Response(null, { status: 200 })) as typeof globalThis.fetch;
    expect(await diagnoseWorkerLoad({ scriptUrl: 'http://x/w.js', onLine: () => true, fetch: present })).toEqual({
      offline: false,
    });
  });
});

describe('workerLoadError', () => {
  it('says what to do in each case, with the diagnosis in the context', () => {
    const offline = workerLoadError('j', 0, { offline: true }, null);
    expect(offline.code).toBe('WORKER_LOAD_FAILED');
    expect(offline.context).toMatchObject({ jobId: 'j', offline: true });
    expect(offline.message).toMatch(/offline.*reload/i);
    expect(workerLoadError('j', 0, { offline: false, httpStatus: 404 }, null).message).toMatch(/404/);
    expect(workerLoadError('j', 0, { offline: false }, 'SyntaxError').message).toMatch(/SyntaxError/);
  });
});
