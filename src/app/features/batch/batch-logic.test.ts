import { describe, expect, it } from 'vitest';
import { histogramOf } from './histogram';
import { parseP0Text } from './p0-text';
import { colorOf } from './color-scale';

describe('batch page helpers', () => {
  it('histograms one column of a row-major matrix, counting NaN apart', () => {
    const values = Float64Array.from([0, 10, 1, 11, Number.NaN, 12, 3, 13]);
    const h = histogramOf(values, 2, 0, 3);
    expect([h.min, h.max, h.missing]).toEqual([0, 3, 1]);
    expect(Array.from(h.counts)).toEqual([1, 1, 1]);
    expect(Array.from(histogramOf(Float64Array.from([5, 5]), 1, 0, 4).counts)).toEqual([0, 0, 2, 0]);
  });

  it('reads start values and rejects what is not name=number', () => {
    expect(parseP0Text(' a=1, t = 2.5 ;c=-3e-2')).toEqual({ a: 1, t: 2.5, c: -0.03 });
    expect(parseP0Text('')).toEqual({});
    expect(() => parseP0Text('a=1, t')).toThrow(/"t" is not name=number/);
    expect(() => parseP0Text('a=abc')).toThrow(/name=number/);
  });

  it('maps values to colours from dark to light, grey for NaN', () => {
    expect(colorOf(Number.NaN, 0, 1)).toEqual([128, 128, 128]);
    const lo = colorOf(0, 0, 1);
    const hi = colorOf(1, 0, 1);
    expect(lo[0] + lo[1] + lo[2]).toBeLessThan(hi[0] + hi[1] + hi[2]);
  });
});
