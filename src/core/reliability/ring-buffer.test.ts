import { describe, expect, it } from 'vitest';
import { FitbenchError } from '../errors';
import { ManualClock, seededRandom } from './clock';
import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('keeps the newest `capacity` items in order and returns the evicted one', () => {
    const b = new RingBuffer<number>(3);
    expect(b.last()).toBeUndefined();
    expect([1, 2, 3].map((x) => b.push(x))).toEqual([undefined, undefined, undefined]);
    expect(b.push(4)).toBe(1);
    expect(b.push(5)).toBe(2);
    expect(b.toArray()).toEqual([3, 4, 5]);
    expect(b.last()).toBe(5);
    expect(b.size).toBe(3);
    b.clear();
    expect(b.toArray()).toEqual([]);
    b.push(9);
    expect(b.toArray()).toEqual([9]);
  });

  it('rejects a capacity that is not a whole number ≥ 1', () => {
    expect(() => new RingBuffer(0)).toThrow(FitbenchError);
    expect(() => new RingBuffer(1.5)).toThrow(/whole number/);
  });
});

describe('clock helpers', () => {
  it('ManualClock moves only forward, when told', () => {
    const c = new ManualClock(5);
    expect(c.now()).toBe(5);
    expect(c.advance(10)).toBe(15);
    expect(() => c.advance(-1)).toThrow(FitbenchError);
  });

  it('seededRandom is reproducible and in [0, 1)', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(2)()).not.toBe(xs[0]);
  });
});
