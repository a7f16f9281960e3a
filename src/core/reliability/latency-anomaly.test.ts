import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/fitbench-config';
import { FitbenchError } from '../errors';
import { seededRandom } from './clock';
import { LatencyAnomalyDetector } from './latency-anomaly';

const config = parseConfig({ anomaly: { ewmaAlpha: 0.1, zThreshold: 3, warmup: 10 } }).anomaly;

/** Latencies around `ms` with ±`spread` relative multiplicative noise (seeded). */
function noisy(n: number, ms: number, spread: number, seed = 7): number[] {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => ms * (1 + spread * (2 * r() - 1)));
}

describe('LatencyAnomalyDetector', () => {
  it('does not flag normal noise', () => {
    const d = new LatencyAnomalyDetector(config);
    const flags = noisy(500, 200, 0.2).map((ms) => d.observe(ms).anomaly);
    expect(flags.filter(Boolean)).toHaveLength(0);
    expect(d.snapshot().typicalMs).toBeGreaterThan(170);
    expect(d.snapshot().typicalMs).toBeLessThan(230);
  });

  it('flags an outlier after warm-up', () => {
    const d = new LatencyAnomalyDetector(config);
    for (const ms of noisy(50, 200, 0.2)) d.observe(ms);
    const v = d.observe(2000);
    expect(v.anomaly).toBe(true);
    expect(v.z).toBeGreaterThan(3);
    expect(v.expectedMs).toBeGreaterThan(150);
    expect(d.snapshot().anomalies).toBe(1);
    // The next normal fit is not flagged.
    expect(d.observe(200).anomaly).toBe(false);
  });

  it('never flags during warm-up', () => {
    const d = new LatencyAnomalyDetector(config);
    const verdicts = [100, 100, 100, 5000, 100, 100, 100, 100, 100, 100].map((ms) => d.observe(ms));
    expect(verdicts.some((v) => v.anomaly)).toBe(false);
    expect(verdicts[3].z).toBeGreaterThan(3);
  });

  it('is one-sided: a much faster fit is not an anomaly', () => {
    const d = new LatencyAnomalyDetector(config);
    for (const ms of noisy(50, 200, 0.2)) d.observe(ms);
    const v = d.observe(5);
    expect(v.z).toBeLessThan(-3);
    expect(v.anomaly).toBe(false);
  });

  it('uses a std floor so identical latencies do not make a small wobble an anomaly', () => {
    const d = new LatencyAnomalyDetector(config);
    for (let i = 0; i < 30; i++) d.observe(100);
    expect(d.observe(110).anomaly).toBe(false); // ~9.5% slower: z ≈ 1.9 with the 5% floor
    expect(d.observe(200).anomaly).toBe(true);
  });

  it('adapts to a lasting shift', () => {
    const d = new LatencyAnomalyDetector(config);
    for (const ms of noisy(50, 100, 0.1)) d.observe(ms);
    const flags = noisy(100, 400, 0.1, 9).map((ms) => d.observe(ms).anomaly);
    expect(flags[0]).toBe(true);
    expect(flags.slice(-50).some(Boolean)).toBe(false);
  });

  it('accepts 0 ms (coarse timers) and rejects negative or non-finite latencies', () => {
    const d = new LatencyAnomalyDetector(config);
    expect(d.observe(0).z).toBe(0);
    expect(() => d.observe(-1)).toThrow(FitbenchError);
    expect(() => d.observe(NaN)).toThrow(/finite/);
    expect(() => d.observe(Infinity)).toThrow(FitbenchError);
  });

  it('reset forgets the history', () => {
    const d = new LatencyAnomalyDetector(config);
    for (let i = 0; i < 20; i++) d.observe(100);
    d.reset();
    expect(d.snapshot()).toMatchObject({ count: 0, anomalies: 0 });
    expect(d.observe(10_000).anomaly).toBe(false);
  });
});
