import { describe, expect, it } from 'vitest';
import { histogramOf } from './histogram';
import { parseP0Text } from './p0-text';
import { colorOf, parameterImage } from '../../../core/data/batch';
import { groupDigits } from './group-digits';

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

describe('groupDigits', () => {
  it('groups thousands as en-US does', () => {
    for (const n of [0, 7, 999, 1000, 12_345.6, 100_000, 1_234_567, -4321, -0.2, 20_000])
      expect(groupDigits(n), String(n)).toBe(Math.round(n).toLocaleString('en-US').replace('-0', '0'));
    expect(groupDigits(Number.NaN)).toBe('NaN');
  });
});

describe('parameterImage', () => {
  it('paints one parameter per grid cell, grey for NaN, transparent where no curve sits', () => {
    const params = Float64Array.from([1, 10, 2, 20, Number.NaN, 30]); // 3 curves × 2 parameters
    const grid = { rows: Int32Array.from([0, 0, 1]), cols: Int32Array.from([0, 2, 1]) };
    const image = parameterImage(params, 2, 0, grid);
    expect([image.width, image.height, image.min, image.max]).toEqual([3, 2, 1, 2]);
    const px = (r: number, c: number) => Array.from(image.rgba.subarray((r * 3 + c) * 4, (r * 3 + c) * 4 + 4));
    expect(px(0, 0)).toEqual([...colorOf(1, 1, 2), 255]);
    expect(px(0, 2)).toEqual([...colorOf(2, 1, 2), 255]);
    expect(px(1, 1)).toEqual([128, 128, 128, 255]);
    expect(px(0, 1)).toEqual([0, 0, 0, 0]);
    expect(parameterImage(params, 2, 1, grid)).toMatchObject({ min: 10, max: 30 });
  });
});
