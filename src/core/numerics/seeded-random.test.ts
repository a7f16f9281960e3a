import { describe, expect, it } from 'vitest';
import { mulberry32, normalSampler } from './seeded-random';

describe('seeded randomness', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = mulberry32(5);
    const b = mulberry32(5);
    const c = mulberry32(6);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    for (const v of xs) expect(v >= 0 && v < 1).toBe(true);
  });

  it('gives standard normal deviates', () => {
    const n = normalSampler(mulberry32(1));
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < 20_000; i++) {
      const v = n();
      sum += v;
      sq += v * v;
    }
    expect(Math.abs(sum / 20_000)).toBeLessThan(0.03);
    expect(Math.abs(sq / 20_000 - 1)).toBeLessThan(0.05);
  });
});
