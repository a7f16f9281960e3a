import { afterEach, describe, expect, it } from 'vitest';
import type { JobSnapshot } from '../../../runtime';
import { activeFitCount, appUpdateStore, trackOnlineState } from './app-update-store';

const job = (status: JobSnapshot['status']) => ({ status }) as JobSnapshot;

describe('activeFitCount', () => {
  it('counts queued, running and retrying jobs, never finished ones', () => {
    expect(activeFitCount({ jobs: [] })).toBe(0);
    expect(activeFitCount({ jobs: [job('converged'), job('failed'), job('cancelled'), job('not-converged')] })).toBe(0);
    expect(activeFitCount({ jobs: [job('queued'), job('running'), job('retrying'), job('converged')] })).toBe(3);
  });
});

describe('trackOnlineState', () => {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  afterEach(() => {
    if (original) Object.defineProperty(globalThis, 'navigator', original);
  });

  it('follows the browser’s online and offline events', () => {
    let onLine = true;
    Object.defineProperty(globalThis, 'navigator', { configurable: true, get: () => ({ onLine }) });
    const target = new EventTarget();
    trackOnlineState(target as unknown as Window);
    expect(appUpdateStore.getState().online).toBe(true);
    onLine = false;
    target.dispatchEvent(new Event('offline'));
    expect(appUpdateStore.getState().online).toBe(false);
    onLine = true;
    target.dispatchEvent(new Event('online'));
    expect(appUpdateStore.getState().online).toBe(true);
  });
});
