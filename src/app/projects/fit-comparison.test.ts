import { describe, expect, it } from 'vitest';
import type { FitResult } from '../../core/api-types';
import { aicc, compareFitResults } from './fit-comparison';

const r = (aic: number, nPoints: number, dof: number) => ({ aic, bic: aic + 1, nPoints, dof }) as FitResult;

describe('fit comparison', () => {
  it('corrects AIC for small samples and weights models by exp(−ΔAICc/2)', () => {
    expect(aicc(r(10, 20, 17))).toBeCloseTo(10 + (2 * 3 * 4) / 16, 12);
    expect(aicc(r(10, 4, 1))).toBe(Infinity);
    const rows = compareFitResults([
      { id: 'a', result: r(10, 50, 47) },
      { id: 'b', result: r(12, 50, 47) },
    ]);
    expect(rows[0].deltaAicc).toBe(0);
    expect(rows[1].deltaAicc).toBeCloseTo(2, 12);
    expect(rows[0].akaikeWeight).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(rows[0].akaikeWeight + rows[1].akaikeWeight).toBeCloseTo(1, 12);
  });
});
