import { describe, expect, it } from 'vitest';
import { errorOf } from '../test-support/fitbench-error-of';
import { compileModel } from '../core/model/compile-model';
import { packBatch } from './gpu-batch';

const model = compileModel('a*exp(-x/t) + c');
const x = [0, 1, 2, 3, 4];
const y = [
  [3, 2, 1.5, 1.2, 1.1],
  [4, 3, 2, 1.5, 1.2],
];
const p0 = { a: 2, t: 1, c: 1 };

/** The FitbenchError code `f` throws. */
const code = (f: () => unknown): string => errorOf(f).code;

describe('packBatch', () => {
  it('packs curve-major (one contiguous run per curve), with weights and masks', () => {
    const p = packBatch(model, {
      model: '',
      x,
      y,
      sigma: [
        [1, 1, 1, 1, 2],
        [1, 1, 1, 1, 4],
      ],
      p0,
      fixed: ['c'],
      bounds: { t: [0.1, null] },
    });
    expect(p.curves).toBe(2);
    expect(p.sharedX).toBe(true);
    expect([...p.ys]).toEqual([...new Float32Array([3, 2, 1.5, 1.2, 1.1, 4, 3, 2, 1.5, 1.2])]);
    expect(p.ws![4]).toBe(0.5);
    expect(p.ws![9]).toBe(0.25);
    expect(p.freeMask).toBe(0b011);
    expect(p.nFree).toBe(2);
    expect(p.bounds[1]).toBeCloseTo(0.1);
    expect(p.bounds[3 + 1]).toBeGreaterThan(1e38);
  });
  it('takes per-curve x and per-curve start values', () => {
    const p = packBatch(model, { model: '', x: [x, x.map((v) => v * 2)], y, p0: [p0, { a: 3, t: 2, c: 0 }] });
    expect(p.sharedX).toBe(false);
    expect([...p.xs.subarray(5, 8)]).toEqual([0, 2, 4]);
    expect([...p.start.subarray(3, 6)]).toEqual([3, 2, 0]);
  });
  it('names every bad input', () => {
    expect(code(() => packBatch(model, { model: '', x, y: [], p0 }))).toBe('DATA_EMPTY');
    expect(code(() => packBatch(model, { model: '', x, y: [y[0], [1, 2]], p0 }))).toBe('DATA_LENGTH_MISMATCH');
    expect(code(() => packBatch(model, { model: '', x: [0, 1], y, p0 }))).toBe('DATA_LENGTH_MISMATCH');
    expect(code(() => packBatch(model, { model: '', x, y: [[1, 2, NaN, 4, 5]], p0 }))).toBe('DATA_NONFINITE');
    expect(code(() => packBatch(model, { model: '', x, y, p0: { a: 1, t: 1 } }))).toBe('PARAM_NO_START');
    expect(code(() => packBatch(model, { model: '', x, y, p0: { ...p0, t: Infinity } }))).toBe('PARAM_NONFINITE');
    expect(code(() => packBatch(model, { model: '', x, y, p0, fixed: ['zz'] }))).toBe('PARAM_UNKNOWN');
    expect(code(() => packBatch(model, { model: '', x, y, p0, fixed: ['a', 't', 'c'] }))).toBe('OPTIONS_INVALID');
    expect(code(() => packBatch(model, { model: '', x, y, p0, bounds: { t: [2, 1] } }))).toBe('BOUNDS_INVERTED');
    expect(code(() => packBatch(model, { model: '', x, y, p0, bounds: { t: [1.5, 3] } }))).toBe('START_OUTSIDE_BOUNDS');
    expect(code(() => packBatch(model, { model: '', x, y, p0: [p0] }))).toBe('DATA_LENGTH_MISMATCH');
    expect(code(() => packBatch(model, { model: '', x, y, sigma: [[1, 1, 1, 1, 1]], p0 }))).toBe(
      'DATA_LENGTH_MISMATCH',
    );
  });
});
