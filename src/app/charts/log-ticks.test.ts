import { describe, expect, it } from 'vitest';
import { logTicks } from './log-ticks';

describe('logTicks', () => {
  it('puts ticks on powers of ten over many decades', () => {
    expect(logTicks(3e-5, 250)).toEqual([1e-4, 1e-3, 1e-2, 0.1, 1, 10, 100]);
    expect(logTicks(3e-6, 250)).toEqual([1e-4, 1e-2, 1, 100]);
  });
  it('uses 1-2-5 steps over a narrow range', () => {
    expect(logTicks(0.55, 2.3)).toEqual([1, 2]);
    expect(logTicks(0.15, 9)).toEqual([0.2, 0.5, 1, 2, 5]);
  });
  it('thins very wide ranges and survives bad input', () => {
    expect(logTicks(1e-30, 1).length).toBeLessThanOrEqual(9);
    expect(logTicks(0, 1)).toEqual([]);
    expect(logTicks(NaN, 1)).toEqual([]);
    expect(logTicks(1.5, 1.6)).toEqual([1.5, 1.6]);
  });
});
