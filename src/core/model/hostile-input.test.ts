import { describe, expect, it } from 'vitest';
import { FitbenchError } from '../errors';
import { generateJsSource } from './codegen-js';
import { compileModel, deriveModel, parseModel } from './compile-model';

function rejection(text: string): FitbenchError {
  try {
    compileModel(text);
  } catch (e) {
    expect(e).toBeInstanceOf(FitbenchError);
    return e as FitbenchError;
  }
  throw new Error(`'${text}' compiled`);
}

describe('hostile model text never reaches generated code', () => {
  it.each([
    ['x); alert(1', 2],
    ['process.exit()', 7],
    ['a*x // comment', 5],
    ['a*x; b', 3],
    ['a["x"]', 1],
    ['`${a}`', 0],
    ["'a' + x", 0],
    ['a\\u0061', 1],
    ['a = 1', 2],
    ['0x10*a', 1],
    ['a ? x : b', 2],
    ['a*x\u2028+b', 3],
    ['a.constructor', 1],
  ])('rejects %j at position %i', (text, position) => {
    const err = rejection(text);
    expect(err.code).toBe('MODEL_PARSE');
    expect(err.context.position).toBe(position);
  });

  it.each(['constructor', '__proto__', 'prototype' in Object.prototype ? 'prototype' : 'toString', 'valueOf'])(
    'rejects the reserved name %s',
    (name) => {
      const err = rejection(`a*${name} + x`);
      expect(err.code).toBe('MODEL_PARSE');
      expect(err.message).toMatch(/reserved name/);
    },
  );

  it('turns JS-looking names into harmless parameters mapped to slots', () => {
    const text = 'eval*x + Function + globalThis*process + Math + out + jac + p + n + i + r + cols + erf_ + window';
    const parsed = parseModel(text);
    expect(parsed.paramNames).toEqual([
      'eval',
      'Function',
      'globalThis',
      'process',
      'Math',
      'out',
      'jac',
      'p',
      'n',
      'i',
      'r',
      'cols',
      'erf_',
      'window',
    ]);
    const { value, gradient } = deriveModel(parsed);
    const source = generateJsSource([value, ...gradient], parsed, true);
    for (const name of ['eval', 'Function', 'globalThis', 'process', 'window', 'erf_', 'Math +']) {
      expect(source).not.toContain(name);
    }
    const m = compileModel(text);
    const params = new Float64Array(parsed.paramNames.map((_, k) => k + 1));
    const out = new Float64Array(1);
    m.evaluate(params, [new Float64Array([2])], out);
    // eval*x + Function + globalThis*process + the rest summed
    expect(out[0]).toBe(1 * 2 + 2 + 3 * 4 + (5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14));
  });

  it('treats hostile predictor names given by the caller as column slots', () => {
    const m = compileModel('a*alert + b', { predictors: ['alert'] });
    expect(m.predictorNames).toEqual(['alert']);
    const out = new Float64Array(1);
    m.evaluate(new Float64Array([2, 1]), [new Float64Array([3])], out);
    expect(out[0]).toBe(7);
    expect(() => compileModel('a*x', { predictors: ['x); alert(1'] })).not.toThrow();
  });
});
