import { describe, expect, it } from 'vitest';
import { FitbenchError } from '../../errors';
import { getLibraryModel, LIBRARY_MODELS, listLibraryModels } from './registry';
import { resolveModel } from './resolve-model';
import { syntheticCurve } from './synthetic';

describe('resolveModel: names', () => {
  it('resolves a single library model with its own parameter names', () => {
    const m = resolveModel('gaussian')!;
    expect(m.name).toBe('gaussian');
    expect(m.expression).toBe('a*exp(-(x-mu)^2/(2*s^2))');
    expect(m.paramNames).toEqual(['a', 'mu', 's']);
    expect(m.defaultBounds).toEqual({ s: [0, Infinity] });
    expect(m.components).toEqual([
      { model: 'gaussian', prefix: '', paramNames: ['a', 'mu', 's'], expression: m.expression },
    ]);
  });

  it('gauss4 is exactly the benchmark model, unbounded', () => {
    const m = resolveModel('gauss4')!;
    expect(m.expression).toBe('a*exp(-(x-mu)^2/(2*s^2)) + c');
    expect(m.paramNames).toEqual(['a', 'mu', 's', 'c']);
    expect(m.defaultBounds).toEqual({});
  });

  it('exp2 is exactly the benchmark model', () => {
    const m = resolveModel('exp2')!;
    expect(m.expression).toBe('a1*exp(-x/t1) + a2*exp(-x/t2) + c');
    expect(m.paramNames).toEqual(['a1', 't1', 'a2', 't2', 'c']);
  });

  it('ignores case and spaces and accepts aliases', () => {
    expect(resolveModel('  GAUSSIAN ')!.name).toBe('gaussian');
    expect(resolveModel('Pseudo-Voigt')!.name).toBe('pseudovoigt');
    expect(resolveModel('dose-response')!.name).toBe('doseresponse');
    expect(resolveModel('4PL')!.name).toBe('doseresponse');
    expect(resolveModel('exp-decay')!.name).toBe('exp1');
    expect(resolveModel('polynomial 3')!.name).toBe('poly3');
    expect(resolveModel('Michaelis-Menten')!.name).toBe('michaelismenten');
  });

  it('prefixes composite parameters by model letters and occurrence', () => {
    const m = resolveModel('gaussian + gaussian + linear')!;
    expect(m.name).toBe('gaussian + gaussian + linear');
    expect(m.paramNames).toEqual(['g1_a', 'g1_mu', 'g1_s', 'g2_a', 'g2_mu', 'g2_s', 'lin1_slope', 'lin1_intercept']);
    expect(m.expression).toBe(
      'g1_a*exp(-(x-g1_mu)^2/(2*g1_s^2)) + g2_a*exp(-(x-g2_mu)^2/(2*g2_s^2)) + lin1_slope*x + lin1_intercept',
    );
    expect(m.defaultBounds).toEqual({ g1_s: [0, Infinity], g2_s: [0, Infinity] });
    expect(m.components.map((c) => c.prefix)).toEqual(['g1_', 'g2_', 'lin1_']);
    expect(resolveModel('lorentzian+lorentzian+constant')!.paramNames).toEqual([
      'l1_a',
      'l1_mu',
      'l1_g',
      'l2_a',
      'l2_mu',
      'l2_g',
      'const1_c',
    ]);
  });

  it('never renames numbers, functions or constants inside expressions', () => {
    const m = resolveModel('pseudovoigt + voigt')!;
    expect(m.expression).toContain('exp(-4*log(2)*((x-pv1_mu)/pv1_w)^2)');
    expect(m.expression).toContain('wofz_re((x-v1_mu)/(v1_s*sqrt(2)), v1_g/(v1_s*sqrt(2)))/(v1_s*sqrt(2*pi))');
    expect(new Set(m.paramNames).size).toBe(m.paramNames.length);
  });

  it.each([
    'a*exp(-x/t) + c',
    '',
    '   ',
    '+',
    'gaussian+',
    '+gaussian',
    'gaussian + foo',
    'gaussian*2',
    'x',
    'sin(x)',
    'gaussian - linear',
    'constructor',
    '__proto__',
  ])('returns null for %j (not purely library names)', (spec) => {
    expect(resolveModel(spec)).toBeNull();
  });

  it('has no alias shared by two models', () => {
    const seen = new Map<string, string>();
    for (const m of LIBRARY_MODELS) {
      for (const n of [m.name, ...m.aliases]) {
        expect(seen.get(n), `${n} names ${seen.get(n)} and ${m.name}`).toBeUndefined();
        expect(n).toBe(n.toLowerCase().replace(/\s+/g, ''));
        expect(n).not.toContain('+');
        seen.set(n, m.name);
      }
    }
  });

  it('lists every model of the issue as plain, cloneable data', () => {
    const names = listLibraryModels().map((m) => m.name);
    for (const required of [
      'gaussian',
      'gauss4',
      'lorentzian',
      'pseudovoigt',
      'voigt',
      'exp1',
      'exp2',
      'exp3',
      'stretchedexp',
      'powerlaw',
      'logistic',
      'doseresponse',
      'hill',
      'michaelismenten',
      'sine',
      'dampedsine',
      'poly1',
      'poly2',
      'poly3',
      'poly4',
      'poly5',
      'poly6',
      'linear',
      'constant',
    ]) {
      expect(names).toContain(required);
    }
    const list = listLibraryModels();
    expect(structuredClone(list)).toEqual(list);
    for (const m of list) expect(m.description.length).toBeGreaterThan(10);
  });

  it('rejects x and y of different lengths with DATA_LENGTH_MISMATCH', () => {
    const m = resolveModel('gaussian')!;
    expect(() => m.guess([1, 2, 3], [1, 2])).toThrowError(FitbenchError);
    try {
      m.guess([1, 2, 3], [1, 2]);
    } catch (e) {
      expect((e as FitbenchError).code).toBe('DATA_LENGTH_MISMATCH');
      expect((e as FitbenchError).message).toContain('x has 3 values but y has 2');
    }
  });
});

/** Data from a composite with the given parameters (prefixed names). */
function compositeData(
  spec: string,
  truth: Record<string, number>,
  lo: number,
  hi: number,
  n: number,
  noise: number,
  seed: number,
) {
  const resolved = resolveModel(spec)!;
  const f = (x: number): number =>
    resolved.components.reduce((sum, c) => {
      const model = getLibraryModel(c.model)!;
      const p = Object.fromEntries(model.paramNames.map((name) => [name, truth[c.prefix + name]]));
      return sum + model.evaluate(p, x);
    }, 0);
  return { resolved, ...syntheticCurve(f, lo, hi, n, noise, seed) };
}

describe('composite guesses', () => {
  it('finds both gaussians on a sloped baseline, in x order', () => {
    const truth = { g1_a: 2, g1_mu: 4, g1_s: 0.5, g2_a: 3, g2_mu: -2, g2_s: 0.8, lin1_slope: 0.2, lin1_intercept: 1 };
    const { resolved, x, y } = compositeData('gaussian + gaussian + linear', truth, -6, 8, 400, 0.05, 11);
    const g = resolved.guess(x, y);
    // Components take the peaks in increasing x: g1 gets the peak at −2.
    expect(g.g1_mu).toBeCloseTo(-2, 0);
    expect(g.g2_mu).toBeCloseTo(4, 0);
    expect(Math.abs(g.g1_a / 3 - 1)).toBeLessThan(0.3);
    expect(Math.abs(g.g2_a / 2 - 1)).toBeLessThan(0.3);
    expect(Math.abs(g.g1_s / 0.8 - 1)).toBeLessThan(0.4);
    expect(Math.abs(g.g2_s / 0.5 - 1)).toBeLessThan(0.4);
    expect(Math.abs(g.lin1_slope - 0.2)).toBeLessThan(0.1);
    expect(Math.abs(g.lin1_intercept - 1)).toBeLessThan(0.4);
  });

  it('finds two lorentzians on a constant', () => {
    const truth = { l1_a: 1.5, l1_mu: 1, l1_g: 0.3, l2_a: 1, l2_mu: 3, l2_g: 0.4, const1_c: 0.5 };
    const { resolved, x, y } = compositeData('lorentzian+lorentzian+constant', truth, 0, 5, 300, 0.02, 12);
    const g = resolved.guess(x, y);
    expect(Math.abs(g.l1_mu - 1)).toBeLessThan(0.15);
    expect(Math.abs(g.l2_mu - 3)).toBeLessThan(0.15);
    expect(Math.abs(g.l1_a / 1.5 - 1)).toBeLessThan(0.3);
    expect(Math.abs(g.l2_g / 0.4 - 1)).toBeLessThan(0.5);
    expect(Math.abs(g.const1_c - 0.5)).toBeLessThan(0.2);
  });

  it('separates overlapping peaks (2.5 σ apart) and picks the k most prominent of three', () => {
    const truth = { g1_a: 2, g1_mu: 0, g1_s: 0.4, g2_a: 1.5, g2_mu: 1, g2_s: 0.4 };
    const { resolved, x, y } = compositeData('gaussian + gaussian', truth, -3, 4, 300, 0.02, 13);
    const g = resolved.guess(x, y);
    expect(Math.abs(g.g1_mu - 0)).toBeLessThan(0.2);
    expect(Math.abs(g.g2_mu - 1)).toBeLessThan(0.2);

    const three = { g1_a: 0.4, g1_mu: -3, g1_s: 0.3, g2_a: 2, g2_mu: 0, g2_s: 0.3, g3_a: 3, g3_mu: 3, g3_s: 0.3 };
    const d = compositeData('gaussian + gaussian + gaussian', three, -5, 5, 500, 0.02, 14);
    const two = resolveModel('gaussian + gaussian')!.guess(d.x, d.y);
    expect(Math.abs(two.g1_mu - 0)).toBeLessThan(0.15);
    expect(Math.abs(two.g2_mu - 3)).toBeLessThan(0.15);
  });

  it('places peaks the data do not show without NaN', () => {
    const truth = { a: 2, mu: 0, s: 0.5 };
    const { x, y } = syntheticCurve((v) => getLibraryModel('gaussian')!.evaluate(truth, v), -5, 5, 200, 0.01, 15);
    const g = resolveModel('gaussian + gaussian + gaussian')!.guess(x, y);
    for (const v of Object.values(g)) expect(Number.isFinite(v)).toBe(true);
    expect([g.g1_mu, g.g2_mu, g.g3_mu].some((mu) => Math.abs(mu) < 0.2)).toBe(true);
    expect(g.g1_mu).toBeLessThanOrEqual(g.g2_mu);
    expect(g.g2_mu).toBeLessThanOrEqual(g.g3_mu);
  });

  it('finds a dip (negative peak) on a decaying background', () => {
    const truth = { e1_a: 3, e1_t: 4, e1_c: 1, g1_a: -0.8, g1_mu: 6, g1_s: 0.4 };
    const { resolved, x, y } = compositeData('exp1 + gaussian', truth, 0, 12, 400, 0.02, 16);
    const g = resolved.guess(x, y);
    expect(Math.abs(g.g1_mu - 6)).toBeLessThan(0.2);
    expect(g.g1_a).toBeLessThan(0);
    expect(Math.abs(g.g1_a / -0.8 - 1)).toBeLessThan(0.4);
    expect(Math.abs(g.e1_t / 4 - 1)).toBeLessThan(0.4);
  });

  it('guesses a sum without peaks component by component (sine on a trend)', () => {
    const truth = { s1_a: 1, s1_f: 0.5, s1_phi: 0.3, s1_c: 0, lin1_slope: 0.4, lin1_intercept: -1 };
    const { resolved, x, y } = compositeData('sine + linear', truth, 0, 20, 400, 0.05, 17);
    const g = resolved.guess(x, y);
    expect(Math.abs(g.s1_f / 0.5 - 1)).toBeLessThan(0.05);
    expect(Math.abs(g.s1_a - 1)).toBeLessThan(0.3);
    expect(Math.abs(g.lin1_slope - 0.4)).toBeLessThan(0.05);
  });
});
