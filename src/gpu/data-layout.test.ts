import { describe, expect, it } from 'vitest';
import { errorOf } from '../test-support/fitbench-error-of';
import { checkCurve, interleaveF32, planChunks, sliceF32 } from './data-layout';

/** The FitbenchError code `f` throws. */
const code = (f: () => unknown): string => errorOf(f).code;

describe('planChunks', () => {
  it('keeps small data in one chunk and folds workgroups under the per-dimension limit', () => {
    const [c] = planChunks(1_000_000, 1, 128 << 20, 256, 8, 65535);
    expect(c).toEqual({ start: 0, count: 1_000_000, groupsX: 489, groupsY: 1, partialBase: 0 });
    const folded = planChunks(10_000, 1, 1 << 30, 1, 1, 1000);
    expect(folded[0].groupsX).toBe(1000);
    expect(folded[0].groupsY).toBe(10);
  });
  it('splits data larger than one binding into whole tiles with consecutive partial bases', () => {
    const chunks = planChunks(100_000, 2, 8192 * 2 * 4, 256, 8, 65535);
    expect(chunks.length).toBe(13);
    expect(chunks.reduce((s, c) => s + c.count, 0)).toBe(100_000);
    for (const c of chunks.slice(0, -1)) expect(c.count).toBe(8192);
    expect(chunks[1].partialBase).toBe(4);
  });
  it('fails clearly when a binding cannot hold one tile', () => {
    expect(code(() => planChunks(10, 1, 100, 256, 8, 65535))).toBe('OUT_OF_MEMORY');
  });
});

describe('checkCurve', () => {
  it('accepts good data and returns n', () => {
    expect(checkCurve([[1, 2, 3]], [1, 2, 3], [1, 1, 1], 2)).toBe(3);
  });
  it('names each problem with its code', () => {
    expect(code(() => checkCurve([[1, 2]], [1, 2, 3], undefined, 1))).toBe('DATA_LENGTH_MISMATCH');
    expect(code(() => checkCurve([[1, NaN, 3]], [1, 2, 3], undefined, 1))).toBe('DATA_NONFINITE');
    expect(code(() => checkCurve([[1, 2, 3]], [1, 2, Infinity], undefined, 1))).toBe('DATA_NONFINITE');
    expect(code(() => checkCurve([[1, 2, 3]], [1, 2, 3], [1, 0, 1], 1))).toBe('SIGMA_INVALID');
    expect(code(() => checkCurve([[1, 2, 3]], [1, 2, 3], [1, 1], 1))).toBe('DATA_LENGTH_MISMATCH');
    expect(code(() => checkCurve([[]], [], undefined, 1))).toBe('DATA_EMPTY');
    expect(code(() => checkCurve([[1, 2]], [1, 2], undefined, 3))).toBe('DATA_TOO_FEW_POINTS');
  });
  it('reports the 1-based row of a bad value', () => {
    try {
      checkCurve([[1, 2, 3]], [1, NaN, 3], undefined, 1);
    } catch (e) {
      expect((e as { context: { row: number } }).context.row).toBe(2);
    }
  });
});

describe('f32 packing', () => {
  it('interleaves predictors point-major and converts sigma to weights', () => {
    expect([
      ...interleaveF32(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        1,
        2,
      ),
    ]).toEqual([2, 5, 3, 6]);
    expect([...interleaveF32([[1, 2, 3]], 0, 3)]).toEqual([1, 2, 3]);
    expect([...sliceF32([2, 4, 8], 1, 2, true)]).toEqual([0.25, 0.125]);
  });
});
