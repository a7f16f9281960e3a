import { describe, expect, it } from 'vitest';
import { looksLikeSigmaName } from './sigma-column-name';

describe('looksLikeSigmaName', () => {
  it('recognises the names uncertainties are given in data files', () => {
    for (const n of [
      'sigma',
      'σ',
      'err',
      'error',
      'rate_err',
      'y_sd',
      'dy',
      'dY',
      'Δy',
      'yerr',
      'y_err',
      'rateErr',
      'std',
      'stderr',
      'sd',
      'Error (mM/s)',
      'rate SD',
      'sigma_y',
      'e_y',
      'uncertainty',
      'y.sem',
    ]) {
      expect(looksLikeSigmaName(n), n).toBe(true);
    }
  });

  it('leaves ordinary variable names alone', () => {
    for (const n of [
      'x',
      'y',
      'rate',
      'time',
      'substrate_mM',
      'dose',
      'signal',
      'density',
      'depth',
      'temperature',
      'series',
      'd',
    ]) {
      expect(looksLikeSigmaName(n), n).toBe(false);
    }
  });
});
