import { describe, expect, it } from 'vitest';
import { compileModel } from './compile-model';
import { interpretModel } from './interpret-model';

describe('interpretModel (no eval, for a strict CSP page)', () => {
  it('agrees with the generated kernels on every construct', () => {
    const cases: [string, string[] | undefined][] = [
      ['a*exp(-(x-mu)^2/(2*s^2)) + c', undefined],
      ['a*sin(b*x)+c*cos(x)-abs(x)/(1+x^2)', undefined],
      ['-a*x1 + b*log(x2+2) + pow(x1, 2) + atan2(x1, x2) + max(a, x1) + erf(x2)', ['x1', 'x2']],
      ['a*wofz_re(x, 0.5) + pi*e*b', undefined],
      ['gaussian', undefined],
    ];
    for (const [expression, predictors] of cases) {
      const options = predictors ? { predictors } : undefined;
      const compiled = compileModel(expression === 'gaussian' ? 'a*exp(-(x-mu)^2/(2*s^2))' : expression, options);
      const interpreted = interpretModel(expression === 'gaussian' ? 'a*exp(-(x-mu)^2/(2*s^2))' : expression, options);
      expect(interpreted.paramNames).toEqual(compiled.paramNames);
      expect(interpreted.predictorNames).toEqual(compiled.predictorNames);
      const p = Float64Array.from(compiled.paramNames, (_, k) => 0.7 + 0.3 * k);
      const cols = compiled.predictorNames.map((_, c) => Float64Array.from({ length: 50 }, (_, i) => -2 + i / 10 + c));
      const a = new Float64Array(50);
      const b = new Float64Array(50);
      compiled.evaluate(p, cols, a);
      interpreted.evaluate(p, cols, b);
      for (let i = 0; i < 50; i++) expect(b[i]).toBeCloseTo(a[i], 12);
    }
  });
});
