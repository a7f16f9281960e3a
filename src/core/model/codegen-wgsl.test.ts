import { describe, expect, it } from 'vitest';
import { compileModel } from './compile-model';
import { erf, erfc, wofzIm, wofzRe } from '../numerics/error-functions';
import { erfApprox, erfcApprox, wgslFloat, wofzApprox } from './wgsl-helpers';

describe('WGSL goldens', () => {
  const goldens: Array<[string, string]> = [
    ['gauss4', 'a*exp(-(x-mu)^2/(2*s^2)) + c'],
    ['exp-decay', 'a*exp(-x/tau) + c'],
    ['four-pl', 'bottom + (top - bottom)/(1 + (x/ec50)^hill)'],
    ['erf-step', 'a*erf((x - xc)/(sqrt(2)*w)) + b'],
    ['voigt', 'a*wofz_re((x - mu)/(s*sqrt(2)), g/(s*sqrt(2)))/(s*sqrt(2*pi)) + c'],
  ];
  it.each(goldens)('%s', async (name, expression) => {
    const m = compileModel(expression);
    expect(m.wgsl.numParams).toBe(m.paramNames.length);
    expect(m.wgsl.numPredictors).toBe(1);
    await expect(m.wgsl.source).toMatchFileSnapshot(`./golden/${name}.wgsl`);
  });

  it('emits helpers only when the model uses them', () => {
    const plain = compileModel('a*exp(-x/tau) + c').wgsl.source;
    expect(plain).not.toMatch(/fn fb_/);
    const withErf = compileModel('a*erfc(x/w)').wgsl.source;
    expect(withErf).toMatch(/fn fb_erfc/);
    expect(withErf).not.toMatch(/fn fb_erf\(/);
    expect(compileModel('a*tanh(x/w)').wgsl.source).toMatch(/fn fb_tanh/);
    expect(compileModel('a*log10(x*w)').wgsl.source).toMatch(/log\(/);
  });

  it('declares the fixed signatures with NX and NP as literal sizes', () => {
    const src = compileModel('b1 - b2*x2*exp(-b3*x1)').wgsl.source;
    expect(src).toContain('fn model_value(x: array<f32, 2>, p: array<f32, 3>) -> f32 {');
    expect(src).toContain(
      'fn model_value_and_gradient(x: array<f32, 2>, p: array<f32, 3>, g: ptr<function, array<f32, 3>>) -> f32 {',
    );
    // A model reading no predictor still gets a one-element x: WGSL arrays cannot be empty.
    const constant = compileModel('a + b').wgsl;
    expect(constant.numPredictors).toBe(1);
    expect(constant.source).toContain('x: array<f32, 1>');
  });
});

describe('WGSL float literals', () => {
  const literal = /^\(?-?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?\)?$/;
  it.each([
    [2, '2.0'],
    [0.001, '0.001'],
    [1e-7, '1e-7'],
    [0.1, '0.1'],
    [-3.5, '(-3.5)'],
    [Math.PI, '3.1415927'],
    [1e30, '1e+30'],
    [1e300, '3.4028235e+38'],
    [123456789, '123456790.0'],
  ])('%d → %s', (v, text) => {
    const out = wgslFloat(v);
    expect(out).toBe(text);
    expect(out).toMatch(literal);
    expect(out).toMatch(/[.e]/);
  });

  it('round-trips every literal through f32', () => {
    for (let i = 0; i < 2000; i++) {
      const v = (Math.random() - 0.5) * 10 ** (Math.random() * 20 - 10);
      const text = wgslFloat(v).replace(/[()]/g, '');
      expect(Math.fround(Number(text))).toBe(Math.fround(v));
    }
  });
});

describe('WGSL helper approximations (JS mirrors of the emitted code)', () => {
  it('erf/erfc to f32-level accuracy', () => {
    for (let x = -6; x <= 6; x += 0.01) {
      expect(Math.abs(erfApprox(x) - erf(x))).toBeLessThan(2e-7);
      expect(Math.abs(erfcApprox(x) - erfc(x)) / erfc(x)).toBeLessThan(2e-7);
    }
    expect(Math.abs(erfApprox(1e-4) - erf(1e-4)) / erf(1e-4)).toBeLessThan(1e-7);
  });

  it('wofz to ~5e-7 relative over the upper half-plane and by reflection below', () => {
    let worst = 0;
    for (let v = 0; v <= 20; v += v < 2 ? 0.05 : 0.7) {
      for (let u = -30; u <= 30; u += Math.abs(u) < 6 ? 0.037 : 1.3) {
        const [re, im] = wofzApprox(u, v);
        const err = Math.hypot(re - wofzRe(u, v), im - wofzIm(u, v)) / Math.hypot(wofzRe(u, v), wofzIm(u, v));
        worst = Math.max(worst, err);
      }
    }
    expect(worst).toBeLessThan(1e-6);
    const [re, im] = wofzApprox(0.8, -0.3);
    expect(re).toBeCloseTo(wofzRe(0.8, -0.3), 6);
    expect(im).toBeCloseTo(wofzIm(0.8, -0.3), 6);
  });
});
