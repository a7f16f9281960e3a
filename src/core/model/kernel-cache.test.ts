/**
 * Generated kernels are shared by their source text (bounded), and every fit hands them
 * Float64Arrays whatever the caller passed: the two things that keep V8's optimized code
 * for a model in use from one call to the next. Behaviour only; the timings are in
 * `npm run bench -- --first-calls`.
 */
import { describe, expect, it } from 'vitest';
import { prepareFit } from '../fit/prepare-fit';
import { generateJsSource, instantiateKernel, KERNEL_CACHE_CAPACITY } from './codegen-js';
import { compileModel, deriveModel, parseModel } from './compile-model';

const source = (expression: string): string => {
  const parsed = parseModel(expression);
  const { value } = deriveModel(parsed);
  return generateJsSource([value], { paramNames: parsed.paramNames, predictorNames: parsed.predictorNames }, false);
};

describe('generated kernel cache', () => {
  it('gives the same function for the same source and another for another source', () => {
    const a = instantiateKernel(source('a*exp(-x/t)'));
    expect(instantiateKernel(source('a*exp(-x/t)'))).toBe(a);
    // Other names, other spacing: the same generated text, so the same (already optimized) code.
    expect(instantiateKernel(source('amp * exp(-x / tau)'))).toBe(a);
    expect(instantiateKernel(source('a*exp(-x/t) + c'))).not.toBe(a);
  });

  it('holds at most KERNEL_CACHE_CAPACITY kernels, dropping the least recently used', () => {
    const first = instantiateKernel(source('a*x + 1'));
    const kept = instantiateKernel(source('a*x + 2'));
    for (let k = 0; k < KERNEL_CACHE_CAPACITY - 1; k++) {
      instantiateKernel(source(`a*x + ${k + 1000}`));
      // Touched on every round: recently used, so never the one dropped.
      expect(instantiateKernel(source('a*x + 2'))).toBe(kept);
    }
    expect(instantiateKernel(source('a*x + 1'))).not.toBe(first);
  });

  it('models compiled apart share their fused least-squares kernels', () => {
    const one = compileModel('a*exp(-(x-mu)^2/(2*s^2)) + c');
    const two = compileModel('A * exp(-(x - m)^2 / (2 * w^2)) + base');
    expect(two).not.toBe(one);
    expect(two.fused?.normalEquations).toBe(one.fused?.normalEquations);
    expect(two.fused?.sumSquares).toBe(one.fused?.sumSquares);
    const x = Float64Array.from({ length: 50 }, (_, i) => i / 10 - 2.5);
    const out1 = new Float64Array(50);
    const out2 = new Float64Array(50);
    one.evaluate(Float64Array.of(2, 0.1, 0.7, 0.3), [x], out1);
    two.evaluate(Float64Array.of(2, 0.1, 0.7, 0.3), [x], out2);
    expect(Array.from(out2)).toEqual(Array.from(out1));
  });
});

describe('parsed model cache', () => {
  it('gives the same parse for the same text and predictors, and errors every time', () => {
    const a = parseModel('a*exp(-x/t) + c');
    expect(parseModel('a*exp(-x/t) + c')).toBe(a);
    expect(parseModel('a*exp(-x/t) + c', { predictors: ['x'] })).not.toBe(a);
    expect(parseModel('a*exp(-x/t) + c', { predictors: ['x'] }).paramNames).toEqual(['a', 't', 'c']);
    for (let k = 0; k < 2; k++) expect(() => parseModel('a*exp(')).toThrow(/end of/i);
    expect(() => parseModel('a*x', { predictors: 'x' as unknown as string[] })).toThrow(/predictors must be/);
  });
});

describe('data at the fit boundary', () => {
  const y = [1, 2.1, 2.9, 4.2, 5.1, 5.8];
  it.each([
    ['number[]', [0, 1, 2, 3, 4, 5]],
    ['Float32Array', Float32Array.of(0, 1, 2, 3, 4, 5)],
    ['Int32Array', Int32Array.of(0, 1, 2, 3, 4, 5)],
    ['Float64Array', Float64Array.of(0, 1, 2, 3, 4, 5)],
  ])('%s input reaches the kernels as a Float64Array copy', (_, x) => {
    const prepared = prepareFit({ model: 'a*x + b', x, y: Float64Array.from(y), p0: { a: 1, b: 0 } });
    expect(prepared.predictors[0]).toBeInstanceOf(Float64Array);
    expect(prepared.data.y).toBeInstanceOf(Float64Array);
    expect(prepared.predictors[0]).not.toBe(x);
    expect(Array.from(prepared.predictors[0])).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
