import { describe, expect, it } from 'vitest';
import type { IterationState } from '../api-types';
import { parseConfig } from '../config/fitbench-config';
import { FitbenchError } from '../errors';
import { detectFitAlerts, FitAlertDetector } from './fit-alerts';

const config = parseConfig({
  alerts: { stallWindow: 5, stallRelativeDecrease: 1e-4, gradientExplosionFactor: 100 },
}).alerts;

function state(iteration: number, cost: number, gradientNorm = 1): IterationState {
  return {
    iteration,
    cost,
    gradientNorm,
    stepNorm: 0.1,
    method: 'lm',
    njev: 1,
    radius: 1,
    lambda: 1e-3,
    scale: [],
    params: { a: 1 },
    nfev: iteration + 1,
  };
}

/** A healthy fit: cost halves each iteration, gradient shrinks. */
const converging = Array.from({ length: 30 }, (_, i) => state(i, 100 * 0.5 ** i, 10 * 0.5 ** i));

describe('stall detector', () => {
  it('stays quiet on a converging fit', () => {
    expect(detectFitAlerts(converging, config)).toEqual([]);
  });

  it('flags a cost that stops decreasing over the window, once', () => {
    const states = [
      ...Array.from({ length: 5 }, (_, i) => state(i, 100 - 10 * i)),
      ...Array.from({ length: 20 }, (_, i) => state(5 + i, 60 - 1e-7 * i)),
    ];
    const alerts = detectFitAlerts(states, config);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].kind).toBe('stalled');
    // Iteration 9 is the first whose 5-iteration look-back (iteration 4, cost 60) shows no decrease.
    expect(alerts[0].iteration).toBe(9);
    expect(alerts[0].message).toMatch(/stalled.*5 iterations/);
  });

  it('does not flag a slow but real decrease', () => {
    const states = Array.from({ length: 40 }, (_, i) => state(i, 100 * (1 - 1e-3) ** i));
    expect(detectFitAlerts(states, config)).toEqual([]);
  });

  it('re-arms after progress resumes and flags a second stall', () => {
    const flat = (from: number, n: number, cost: number) => Array.from({ length: n }, (_, i) => state(from + i, cost));
    const states = [...flat(0, 8, 50), state(8, 10), ...flat(9, 10, 10)];
    const alerts = detectFitAlerts(states, config);
    expect(alerts.map((a) => [a.kind, a.iteration])).toEqual([
      ['stalled', 5],
      ['stalled', 13],
    ]);
  });

  it('judges the window in iteration numbers, so a throttled stream works', () => {
    const d = new FitAlertDetector(config);
    expect(d.observe(state(0, 10))).toEqual([]);
    expect(d.observe(state(3, 10))).toEqual([]); // only 3 iterations apart
    expect(d.observe(state(6, 10)).map((a) => a.kind)).toEqual(['stalled']);
  });

  it('treats a cost of exactly 0 as an exact fit, not a stall', () => {
    const states = Array.from({ length: 12 }, (_, i) => state(i, 0));
    expect(detectFitAlerts(states, config)).toEqual([]);
  });
});

describe('gradient explosion detector', () => {
  it('flags growth beyond the factor over the running minimum', () => {
    const d = new FitAlertDetector(config);
    d.observe(state(0, 100, 50));
    d.observe(state(1, 90, 1));
    d.observe(state(2, 80, 40)); // 40× the minimum: fine
    const [a] = d.observe(state(3, 70, 5000));
    expect(a).toMatchObject({ kind: 'gradient-explosion', iteration: 3 });
    expect(a.message).toMatch(/5\.00e\+3.*1\.00e\+2×.*1\.00e\+0/);
    // Raised once per fit.
    expect(d.observe(state(4, 60, 1e9))).toEqual([]);
  });

  it('ignores a rebound near convergence that stays below the first gradient', () => {
    const d = new FitAlertDetector(config);
    d.observe(state(0, 100, 1e3));
    d.observe(state(1, 1, 1e-12));
    expect(d.observe(state(2, 1, 1e-7))).toEqual([]);
  });

  it('flags a non-finite gradient norm', () => {
    for (const g of [NaN, Infinity]) {
      const alerts = detectFitAlerts([state(0, 10, 1), state(1, 9, g)], config);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ kind: 'gradient-explosion', iteration: 1 });
      expect(alerts[0].message).toContain(String(g));
    }
  });
});

describe('FitAlertDetector lifecycle', () => {
  it('starts over when the iteration number goes back (new fit or resume)', () => {
    const d = new FitAlertDetector(config);
    d.observe(state(0, 10, 1));
    d.observe(state(1, 10, Infinity));
    expect(d.alerts()).toHaveLength(1);
    d.observe(state(0, 10, 1));
    expect(d.alerts()).toEqual([]);
    expect(d.observe(state(1, 10, NaN))).toHaveLength(1);
  });

  it('rejects a state without a finite iteration number', () => {
    const d = new FitAlertDetector(config);
    expect(() => d.observe(state(NaN, 1))).toThrow(FitbenchError);
    expect(() => d.observe(null as unknown as IterationState)).toThrow(/IterationState/);
  });
});
