import { describe, expect, it } from 'vitest';
import { checkFScale, lossCode, robustRho } from './robust-loss';
import { createLoss, LOSS_NAMES } from '../core/solver/loss-functions';

describe('robustRho', () => {
  it('matches the core losses (ρ, ρ′, ρ″) for every loss and fScale', () => {
    const out = new Float64Array(3);
    for (const name of LOSS_NAMES) {
      for (const fs of [1, 0.3]) {
        const core = createLoss(name, fs);
        const ref = new Float64Array(3);
        for (const z of [0, 1e-6, 0.05, 0.5, 2, 30]) {
          robustRho(lossCode(name), z, fs, out);
          core.evaluate(z, ref);
          for (let k = 0; k < 3; k++) expect(out[k]).toBeCloseTo(ref[k], 12);
        }
      }
    }
  });
  it('rejects unknown losses and bad fScale with OPTIONS_INVALID', () => {
    expect(() => lossCode('l3' as 'linear')).toThrow(/Unknown loss "l3"/);
    expect(() => checkFScale(0)).toThrow(/fScale/);
    expect(() => checkFScale(NaN)).toThrow(/fScale/);
    expect(checkFScale(undefined)).toBe(1);
  });
});
