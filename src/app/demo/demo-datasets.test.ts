import { describe, expect, it } from 'vitest';
import { FitbenchError } from '../../core/errors';
import { parseTable } from '../../core/data';
import { DEMO_NAMES, generateDemo, isDemoName } from './demo-datasets';

describe('demo data sets', () => {
  it('knows the four names', () => {
    expect(DEMO_NAMES).toEqual(['gaussian', 'exp-decay', 'dose-response', 'large']);
    expect(isDemoName('large')).toBe(true);
    expect(isDemoName('Large')).toBe(false);
  });

  it.each(['gaussian', 'exp-decay', 'dose-response'])(
    '%s: the CSV text parses back to the same numbers, every time',
    async (name) => {
      const demo = await generateDemo(name);
      const again = await generateDemo(name);
      expect(again.text).toBe(demo.text);
      expect(demo.text).not.toBeNull();
      const table = parseTable(demo.text as string);
      expect(table.columns).toEqual(demo.columnNames);
      expect(table.rowCount).toBe(demo.rowCount);
      for (const c of demo.columnNames) expect(Array.from(table.data[c])).toEqual(Array.from(demo.columns[c]));
      expect(demo.columnNames).toContain(demo.y);
      for (const x of demo.x) expect(demo.columnNames).toContain(x);
    },
  );

  it('exp-decay carries a positive sigma column', async () => {
    const demo = await generateDemo('exp-decay');
    expect(demo.sigma).toBe('sigma');
    expect(demo.columns.sigma.every((s) => s > 0)).toBe(true);
  });

  it('large: typed arrays, no text, deterministic, values near the truth', async () => {
    const demo = await generateDemo('large', 50_000);
    expect(demo.text).toBeNull();
    expect(demo.rowCount).toBe(50_000);
    expect(demo.columns.x).toBeInstanceOf(Float64Array);
    expect(demo.columns.x[0]).toBe(-10);
    expect(demo.columns.x[49_999]).toBe(10);
    expect(demo.p0).toEqual({ a: 2, mu: 0, s: 1, c: 0 });
    const again = await generateDemo('large', 50_000);
    expect(again.columns.y).toEqual(demo.columns.y);
    const mid = demo.columns.y.subarray(24_990, 25_010).reduce((s, v) => s + v, 0) / 20;
    expect(mid).toBeGreaterThan(2.5);
  });

  it('an unknown name is an OPTIONS_INVALID error naming the choices', async () => {
    await expect(generateDemo('nope')).rejects.toThrow(FitbenchError);
    await expect(generateDemo('nope')).rejects.toThrow(/gaussian, exp-decay, dose-response, large/);
  });
});
