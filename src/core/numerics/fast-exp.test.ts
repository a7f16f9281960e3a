import { describe, expect, it } from 'vitest';
import { fastExp } from './fast-exp';

describe('fastExp', () => {
  it('agrees with Math.exp to about one ulp over the whole finite range', () => {
    let worst = 0;
    for (let i = 0; i <= 200_000; i++) {
      const x = -707.9 + (1415.8 * i) / 200_000 + 1e-7 * Math.sin(i);
      const e = Math.exp(x);
      worst = Math.max(worst, Math.abs(fastExp(x) - e) / e);
    }
    expect(worst).toBeLessThan(3.4e-16);
  });

  it('is exact at 0 and matches near the table points and small arguments', () => {
    expect(fastExp(0)).toBe(1);
    for (const x of [1e-300, -1e-20, 1e-10, Math.LN2, -Math.LN2 / 128, 1, -1, 10.5]) {
      expect(Math.abs(fastExp(x) - Math.exp(x)) / Math.exp(x)).toBeLessThan(3.4e-16);
    }
  });

  it('defers to Math.exp outside |x| < 708 and for NaN', () => {
    for (const x of [709.7, 710, -720, -745.5, Infinity, -Infinity]) expect(fastExp(x)).toBe(Math.exp(x));
    expect(fastExp(Number.NaN)).toBeNaN();
  });
});
