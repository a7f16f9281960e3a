import { describe, expect, it } from 'vitest';
import { warmXRange, xRange } from './x-range';

describe('xRange', () => {
  it('is the min and max of the column, NaN skipped, from the cache once warmed', async () => {
    const x = Float64Array.from({ length: 200_000 }, (_, i) => Math.sin(i) * 5);
    x[7] = Number.NaN;
    x[150_000] = -9;
    x[3] = 12;
    await warmXRange(x);
    const range = xRange(x);
    expect(range).toEqual([-9, 12]);
    // Cached: the same answer object, even if a caller wrongly mutated the column.
    x[0] = 100;
    expect(xRange(x)).toBe(range);
  });

  it('scans at once when not warmed, and says [Infinity, -Infinity] for no values', () => {
    expect(xRange([3, 1, 2])).toEqual([1, 3]);
    expect(xRange(new Float64Array(0))).toEqual([Infinity, -Infinity]);
  });
});
