import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test-support/fitbench-error-of';
import { validateArrays } from './validate-arrays';

describe('validateArrays', () => {
  it('copies arrays and typed arrays into Float64Arrays', () => {
    const x = new Float32Array([1, 2, 3]);
    const d = validateArrays({ x, y: [4, 5, 6], sigma: [1, 1, 2] });
    expect(d.predictorNames).toEqual(['x']);
    expect(d.predictors.x).toBeInstanceOf(Float64Array);
    expect(Array.from(d.predictors.x)).toEqual([1, 2, 3]);
    expect(Array.from(d.sourceRows)).toEqual([0, 1, 2]);
    x[0] = 99;
    expect(d.predictors.x[0]).toBe(1);
  });

  it('accepts several named predictors', () => {
    const d = validateArrays({ x: { x1: [1, 2], x2: [3, 4] }, y: [5, 6] });
    expect(d.predictorNames).toEqual(['x1', 'x2']);
    expect(Array.from(d.predictors.x2)).toEqual([3, 4]);
  });

  it('rejects length mismatches (DATA_LENGTH_MISMATCH)', () => {
    const e = errorOf(() => validateArrays({ x: [1, 2, 3], y: [1, 2] }));
    expect(e.code).toBe('DATA_LENGTH_MISMATCH');
    expect(e.message).toBe('x has 3 values but y has 2');
    expect(errorOf(() => validateArrays({ x: { a: [1], b: [1, 2] }, y: [1, 2] })).message).toBe(
      'x.a has 1 values but y has 2',
    );
    expect(errorOf(() => validateArrays({ x: [1, 2], y: [1, 2], sigma: [1] })).message).toBe(
      'sigma has 1 values but y has 2',
    );
  });

  it('rejects NaN/Inf with indices unless asked to drop them', () => {
    const e = errorOf(() => validateArrays({ x: [1, 2, 3, 4], y: [1, NaN, 3, Infinity] }));
    expect(e.code).toBe('DATA_NONFINITE');
    expect(e.message).toBe(
      "NaN, Infinity or empty values in column 'y' at indices 1, 3: remove them, or pass dropNonFinite: true to drop those points",
    );
    const d = validateArrays({ x: [1, 2, 3, 4], y: [1, NaN, 3, Infinity], dropNonFinite: true });
    expect(Array.from(d.predictors.x)).toEqual([1, 3]);
    expect(d.droppedRows).toEqual([1, 3]);
    // JSON has no NaN: null stands for a missing value.
    const j = errorOf(() => validateArrays({ x: [1, null as unknown as number], y: [1, 2] }));
    expect(j.code).toBe('DATA_NONFINITE');
    expect(j.message).toMatch(/column 'x' at index 1:/);
  });

  it('rejects non-numbers and non-arrays (DATA_PARSE)', () => {
    const e = errorOf(() => validateArrays({ x: [1, 2], y: [1, '2' as unknown as number] }));
    expect(e.code).toBe('DATA_PARSE');
    expect(e.message).toBe("y[1] is a string ('2'), not a number");
    expect(errorOf(() => validateArrays({ x: 'abc' as unknown as number[], y: [1] })).message).toBe(
      "x must be an array of numbers or an object of named arrays, got a string ('abc')",
    );
    expect(errorOf(() => validateArrays({ x: [1], y: undefined as unknown as number[] })).message).toBe(
      'y must be an array of numbers, got undefined',
    );
    expect(errorOf(() => validateArrays(null as unknown as Parameters<typeof validateArrays>[0])).code).toBe(
      'DATA_PARSE',
    );
  });

  it('rejects empty data, bad sigma and too few points', () => {
    expect(errorOf(() => validateArrays({ x: [], y: [] })).code).toBe('DATA_EMPTY');
    expect(errorOf(() => validateArrays({ x: {}, y: [1] })).code).toBe('DATA_EMPTY');
    const s = errorOf(() => validateArrays({ x: [1, 2], y: [1, 2], sigma: [0, NaN] }));
    expect(s.code).toBe('SIGMA_INVALID');
    expect(s.message).toBe("sigma ('sigma') must be positive and finite: 0 at index 0, NaN at index 1");
    const few = errorOf(() => validateArrays({ x: [1, 2, 3], y: [1, NaN, 2], dropNonFinite: true, numFreeParams: 3 }));
    expect(few.code).toBe('DATA_TOO_FEW_POINTS');
    expect(few.message).toMatch(/^2 data points \(after dropping 1\) but 3 free parameters/);
  });
});
