import { describe, expect, it } from 'vitest';
import { covarianceFromNormalMatrix } from './covariance';
import { standardErrorsFromNormalMatrix } from './standard-errors';

/** JᵀJ of a small well-scaled Jacobian with one badly scaled column. */
function normalMatrix(collinear: boolean): Float64Array {
  const m = 40;
  const p = 3;
  const a = new Float64Array(p * p);
  for (let i = 0; i < m; i++) {
    const t = i / m;
    const row = [1, 1e3 * t, collinear ? 2 : Math.sin(5 * t)];
    for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) a[j * p + k] += row[j] * row[k];
  }
  return a;
}

describe('standardErrorsFromNormalMatrix', () => {
  it('equals the eigen-decomposition covariance at full rank', () => {
    const a = normalMatrix(false);
    const out = new Float64Array(3);
    standardErrorsFromNormalMatrix(a, 3, 40, 0.7, ['a', 'b', 'c'], out);
    const ref = covarianceFromNormalMatrix(a.slice(), 3, 40, { paramNames: ['a', 'b', 'c'], scale: 0.7 }).stdErrors;
    for (let i = 0; i < 3; i++) expect(out[i] / ref[i]).toBeCloseTo(1, 12);
  });

  it('falls back to the pseudo-inverse for a singular matrix and gives Infinity without degrees of freedom', () => {
    const a = normalMatrix(true);
    const out = new Float64Array(3);
    standardErrorsFromNormalMatrix(a, 3, 40, 1, ['a', 'b', 'c'], out);
    const ref = covarianceFromNormalMatrix(a.slice(), 3, 40, { paramNames: ['a', 'b', 'c'], scale: 1 }).stdErrors;
    expect([...out]).toEqual([...ref]);
    standardErrorsFromNormalMatrix(normalMatrix(false), 3, 3, Infinity, ['a', 'b', 'c'], out);
    expect([...out]).toEqual([Infinity, Infinity, Infinity]);
  });
});
