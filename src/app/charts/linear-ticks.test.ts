import { describe, expect, it } from 'vitest';
import { linearTicks } from './linear-ticks';

describe('linearTicks', () => {
  it('gives round steps covering the range', () => {
    expect(linearTicks(-5, 5)).toEqual([-4, -2, 0, 2, 4]);
    expect(linearTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(-0.13, 3.4)).toEqual([0, 1, 2, 3]);
    expect(linearTicks(-0.13, 3.4, 8)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3]);
  });
  it('gives at least three ticks when a narrow plot asks for two', () => {
    // A 390 px wide phone: the fit plot asked for 2 ticks over [-5, 5] and got one (0).
    expect(linearTicks(-4, 4, 2)).toEqual([-4, -2, 0, 2, 4]);
    expect(linearTicks(0.5, 2.4, 2).length).toBeGreaterThanOrEqual(3);
    expect(linearTicks(-5.5, 5.5, 2).length).toBeGreaterThanOrEqual(3);
  });
  it('handles degenerate and bad ranges', () => {
    expect(linearTicks(2, 2)).toEqual([2]);
    expect(linearTicks(NaN, 1)).toEqual([]);
    expect(linearTicks(3, 1, 2)).toEqual([1, 2, 3]);
  });
});
