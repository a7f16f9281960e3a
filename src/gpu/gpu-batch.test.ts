import { describe, expect, it } from 'vitest';
import { errorOf } from '../test-support/fitbench-error-of';
import { compileModel } from '../core/model/compile-model';
import { createStagingSlot, packBatch, packChunk, prepareBatchLayout } from './batch-pack';

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

describe('packChunk', () => {
  const N = 6;
  const C = 7;
  const values = Float64Array.from({ length: C * N }, (_, i) => 1 + Math.sin(i));
  const rows = (v: Float64Array | Float32Array) => Array.from({ length: C }, (_, j) => v.subarray(j * N, (j + 1) * N));
  const xs = [0, 1, 2, 3, 4, 5];

  it('chunks concatenate to the whole batch packed at once', () => {
    const batch = {
      model: '',
      x: rows(values).map((r) => r.map((v) => v * 2)),
      y: rows(values),
      sigma: rows(values).map((r) => r.map((v) => v + 1)),
      p0: Array.from({ length: C }, (_, j) => ({ a: 1 + j, t: 2, c: 0 })),
    };
    const whole = packBatch(model, batch);
    const layout = prepareBatchLayout(model, batch);
    const slot = createStagingSlot(layout, 3);
    const parts = { xs: [] as number[], ys: [] as number[], ws: [] as number[], start: [] as number[] };
    for (let first = 0; first < C; first += 3) {
      const p = packChunk(model, layout, batch, first, Math.min(3, C - first), slot);
      parts.xs.push(...p.xs);
      parts.ys.push(...p.ys);
      parts.ws.push(...p.ws!);
      parts.start.push(...p.start);
    }
    expect(parts.xs).toEqual([...whole.xs]);
    expect(parts.ys).toEqual([...whole.ys]);
    expect(parts.ws).toEqual([...whole.ws!]);
    expect(parts.start).toEqual([...whole.start]);
  });

  it('uploads contiguous float32 curves from the caller’s memory (no copy) and copies float64 with one set', () => {
    const f32 = Float32Array.from(values);
    const batch = { model: '', x: xs, y: rows(f32), p0 };
    const layout = prepareBatchLayout(model, batch);
    const slot = createStagingSlot(layout, 4);
    const p = packChunk(model, layout, batch, 4, 3, slot);
    expect(p.ys.buffer).toBe(f32.buffer);
    expect(p.ys.byteOffset).toBe(4 * N * 4);
    expect([...p.ys]).toEqual([...f32.subarray(4 * N, 7 * N)]);
    const q = packChunk(model, layout, { ...batch, y: rows(Float64Array.from(f32)) }, 4, 3, slot);
    expect(q.ys.buffer).toBe(slot.ys.buffer);
    expect([...q.ys]).toEqual([...p.ys]);
    expect([...q.start]).toEqual([2, 1, 1, 2, 1, 1, 2, 1, 1]);
  });

  it('names the bad curve of a later chunk', () => {
    const bad = Float64Array.from(values);
    bad[5 * N + 2] = NaN;
    const batch = { model: '', x: xs, y: rows(bad), p0 };
    const layout = prepareBatchLayout(model, batch);
    const slot = createStagingSlot(layout, 3);
    expect(() => packChunk(model, layout, batch, 0, 3, slot)).not.toThrow();
    const error = errorOf(() => packChunk(model, layout, batch, 3, 3, slot));
    expect(error.code).toBe('DATA_NONFINITE');
    expect(error.message).toContain('curve 5');
    const sigma = rows(values).map((r) => Float64Array.from(r));
    sigma[4][1] = -1;
    expect(code(() => packChunk(model, layout, { ...batch, y: rows(values), sigma }, 3, 3, slot))).toBe(
      'SIGMA_INVALID',
    );
  });
});
