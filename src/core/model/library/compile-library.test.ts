import { describe, expect, it } from 'vitest';
import { compileModel } from '../compile-model';
import { LIBRARY_MODELS } from './registry';
import { resolveModel } from './resolve-model';
import { mulberry32 } from '../../numerics/seeded-random';
import type { LibraryModel } from './types';

/** Parameters that keep every model well inside its domain at x in [0.5, 3]. */
function sampleParams(model: LibraryModel, u: () => number): Record<string, number> {
  return Object.fromEntries(
    model.paramNames.map((name) => {
      if (name === 'eta') return [name, 0.2 + 0.6 * u()];
      return [name, 0.5 + 1.5 * u()];
    }),
  );
}

describe('library expressions compile', () => {
  for (const model of LIBRARY_MODELS) {
    it(`${model.name}: compiles, keeps the parameter order, matches its JS evaluate`, () => {
      const compiled = compileModel(model.expression, { predictors: ['x'] });
      expect([...compiled.paramNames]).toEqual([...model.paramNames]);
      // Default predictor rules must agree: no parameter may look like a predictor (x0, x1…).
      expect([...compileModel(model.expression).paramNames]).toEqual([...model.paramNames]);
      const u = mulberry32(model.name.length * 7919);
      for (let trial = 0; trial < 5; trial++) {
        const p = sampleParams(model, u);
        const x = Float64Array.from({ length: 7 }, (_, i) => 0.5 + (2.5 * i) / 6);
        const out = new Float64Array(x.length);
        compiled.evaluate(
          Float64Array.from(model.paramNames, (n) => p[n]),
          [x],
          out,
        );
        x.forEach((xi, i) => {
          const expected = model.evaluate(p, xi);
          expect(Math.abs(out[i] - expected)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(expected)));
        });
      }
    });
  }

  it('composite expressions compile with the prefixed names in order', () => {
    for (const spec of [
      'gaussian + gaussian + linear',
      'lorentzian+lorentzian+constant',
      'voigt + poly2',
      'exp1 + sine',
    ]) {
      const resolved = resolveModel(spec);
      expect(resolved).not.toBeNull();
      const compiled = compileModel(resolved!.expression, { predictors: ['x'] });
      expect([...compiled.paramNames]).toEqual(resolved!.paramNames);
    }
  });
});
