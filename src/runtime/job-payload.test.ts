import { describe, expect, it } from 'vitest';
import { batchPayload } from './job-payload';

describe('batchPayload', () => {
  const f32 = Float32Array.from({ length: 12 }, (_, i) => 1 / (i + 1));
  const rows32 = [0, 1, 2].map((j) => f32.subarray(j * 4, j * 4 + 4));

  it('keeps float32 curves float32 (no float64 pass), packed into one fresh transferable buffer', () => {
    const { value, transfer } = batchPayload({ model: 'a*x', x: [0, 1, 2, 3], y: rows32, sigma: rows32, p0: { a: 1 } });
    expect(value.y.every((r) => r instanceof Float32Array)).toBe(true);
    expect(value.sigma?.every((r) => r instanceof Float32Array)).toBe(true);
    expect(Array.from(value.y[2] as Float32Array)).toEqual(Array.from(rows32[2]));
    expect((value.y[0] as Float32Array).buffer).not.toBe(f32.buffer);
    expect((value.y[0] as Float32Array).buffer).toBe((value.y[2] as Float32Array).buffer);
    expect(transfer).toHaveLength(3); // x, y, sigma
  });

  it('packs float64 or mixed curves as float64', () => {
    const mixed = batchPayload({ model: 'a*x', x: [0, 1, 2, 3], y: [rows32[0], [1, 2, 3, 4]], p0: { a: 1 } });
    expect(mixed.value.y.every((r) => r instanceof Float64Array)).toBe(true);
    expect(Array.from(mixed.value.y[0] as Float64Array)).toEqual(Array.from(rows32[0]));
  });
});
