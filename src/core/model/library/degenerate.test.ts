import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIBRARY_MODELS } from './registry';
import { resolveModel } from './resolve-model';
import type { ResolvedModel } from './types';

const SPECS = [
  ...LIBRARY_MODELS.map((m) => m.name),
  'gaussian + gaussian + linear',
  'lorentzian + lorentzian + constant',
  'voigt + pseudovoigt + poly2',
  'exp1 + sine',
  'exp2 + linear',
];

/** Every parameter finite and strictly inside its default bounds. */
function expectUsable(model: ResolvedModel, guess: Record<string, number>): void {
  expect(Object.keys(guess).sort()).toEqual([...model.paramNames].sort());
  for (const name of model.paramNames) {
    const v = guess[name];
    expect(Number.isFinite(v), `${model.name}: ${name} = ${v}`).toBe(true);
    const b = model.defaultBounds[name];
    if (b) {
      expect(v, `${model.name}: ${name} above lower bound`).toBeGreaterThan(b[0]);
      expect(v, `${model.name}: ${name} below upper bound`).toBeLessThan(b[1]);
    }
  }
}

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const pairs = fc
  .integer({ min: 2, max: 30 })
  .chain((n) =>
    fc.tuple(fc.array(finite, { minLength: n, maxLength: n }), fc.array(finite, { minLength: n, maxLength: n })),
  );
const modest = fc.double({ min: -1e3, max: 1e3, noNaN: true });
const modestPairs = fc
  .integer({ min: 2, max: 30 })
  .chain((n) =>
    fc.tuple(fc.array(modest, { minLength: n, maxLength: n }), fc.array(modest, { minLength: n, maxLength: n })),
  );

describe('guesses stay finite and inside the bounds on any finite data', () => {
  for (const spec of SPECS) {
    it(`${spec}: any doubles, including ±1e308 and subnormals`, () => {
      const model = resolveModel(spec)!;
      fc.assert(
        fc.property(pairs, ([x, y]) => expectUsable(model, model.guess(x, y))),
        { numRuns: 40, seed: 42 },
      );
    });
    it(`${spec}: moderate values`, () => {
      const model = resolveModel(spec)!;
      fc.assert(
        fc.property(modestPairs, ([x, y]) => expectUsable(model, model.guess(x, y))),
        { numRuns: 40, seed: 7 },
      );
    });
  }
});

describe('degenerate data', () => {
  const cases: [string, number[], number[]][] = [
    ['constant y', [0, 1, 2, 3, 4, 5, 6, 7], [2, 2, 2, 2, 2, 2, 2, 2]],
    ['zero y', [0, 1, 2, 3, 4, 5], [0, 0, 0, 0, 0, 0]],
    ['two points', [1, 2], [3, 1]],
    ['one point', [1], [3]],
    ['no points', [], []],
    ['all x equal', [2, 2, 2, 2, 2], [1, 2, 3, 4, 5]],
    ['negative y (log-linear fits)', [0, 1, 2, 3, 4, 5, 6], [-5, -3, -2, -1.5, -1.2, -1.1, -1.05]],
    ['x at or below zero (powers)', [-3, -2, -1, 0, 0, 0], [1, 4, 9, 0, 0, 0]],
    ['non-finite entries only', [Number.NaN, Infinity, 1], [1, 2, Number.NaN]],
    ['huge span', [-1e300, 1e300], [1e-300, -1e300]],
  ];
  for (const [label, x, y] of cases) {
    it(`${label}: every model gives finite guesses`, () => {
      for (const spec of SPECS) {
        const model = resolveModel(spec)!;
        expectUsable(model, model.guess(x, y));
      }
    });
  }

  it('ignores non-finite pairs instead of propagating them', () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, Number.NaN, 10];
    const y = x.map((v) => 3 * Math.exp(-v / 2) + 0.5);
    y[3] = Infinity;
    const g = resolveModel('exp1')!.guess(x, y);
    expect(g.t).toBeGreaterThan(1.5);
    expect(g.t).toBeLessThan(2.5);
  });
});
