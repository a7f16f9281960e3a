import { describe, expect, it } from 'vitest';
import { getLibraryModel } from './registry';
import { resolveModel } from './resolve-model';
import { syntheticCurve } from './synthetic';

/** Accepted distance of a guess from the truth: relative, absolute, or an angle (mod 2π). */
type Tolerance = { rel: number } | { abs: number } | { angle: number };

interface Case {
  model: string;
  truth: Record<string, number>;
  range: [number, number];
  n: number;
  noise: number;
  tol: Record<string, Tolerance>;
}

const rel = (r: number): Tolerance => ({ rel: r });
const abs = (a: number): Tolerance => ({ abs: a });

const CASES: Case[] = [
  {
    model: 'gaussian',
    truth: { a: 3, mu: 0.2, s: 1.1 },
    range: [-5, 5],
    n: 200,
    noise: 0.05,
    tol: { a: rel(0.2), mu: abs(0.3), s: rel(0.3) },
  },
  {
    model: 'gauss4',
    truth: { a: 3, mu: 0.2, s: 1.1, c: 0.5 },
    range: [-5, 5],
    n: 1000,
    noise: 0.05,
    tol: { a: rel(0.2), mu: abs(0.3), s: rel(0.3), c: abs(0.3) },
  },
  {
    model: 'gaussian',
    truth: { a: -2, mu: 3, s: 0.4 },
    range: [0, 10],
    n: 128,
    noise: 0.05,
    tol: { a: rel(0.25), mu: abs(0.15), s: rel(0.4) },
  },
  {
    model: 'lorentzian',
    truth: { a: 2, mu: -1, g: 0.8 },
    range: [-8, 8],
    n: 300,
    noise: 0.03,
    tol: { a: rel(0.2), mu: abs(0.3), g: rel(0.3) },
  },
  {
    model: 'pseudovoigt',
    truth: { a: 2, eta: 0.4, mu: 1, w: 1.5 },
    range: [-6, 8],
    n: 300,
    noise: 0.03,
    tol: { a: rel(0.2), eta: abs(0.5), mu: abs(0.3), w: rel(0.3) },
  },
  {
    model: 'voigt',
    truth: { a: 3, mu: 0, s: 0.6, g: 0.4 },
    range: [-6, 6],
    n: 200,
    noise: 0.01,
    tol: { a: rel(0.4), mu: abs(0.2), s: rel(0.5), g: rel(1) },
  },
  {
    model: 'exp1',
    truth: { a: 2, t: 1.5, c: 0.3 },
    range: [0, 10],
    n: 200,
    noise: 0.02,
    tol: { a: rel(0.15), t: rel(0.15), c: abs(0.1) },
  },
  {
    model: 'exp1',
    truth: { a: 5, t: 4, c: 1 },
    range: [2, 6],
    n: 60,
    noise: 0.02,
    tol: { a: rel(0.3), t: rel(0.3), c: abs(0.5) },
  },
  {
    model: 'exp2',
    truth: { a1: 2, t1: 0.5, a2: 1, t2: 3, c: 0.1 },
    range: [0, 10],
    n: 1000,
    noise: 0.01,
    tol: { a1: rel(0.3), t1: rel(0.3), a2: rel(0.3), t2: rel(0.3), c: abs(0.1) },
  },
  {
    model: 'exp3',
    truth: { a1: 3, t1: 0.2, a2: 2, t2: 1.5, a3: 1, t3: 8, c: 0.2 },
    range: [0, 40],
    n: 2000,
    noise: 0.003,
    tol: { a1: rel(0.5), t1: rel(0.5), a2: rel(0.5), t2: rel(0.5), a3: rel(0.5), t3: rel(0.5), c: abs(0.3) },
  },
  {
    model: 'stretchedexp',
    truth: { a: 2, t: 2, beta: 0.6, c: 0.1 },
    range: [0, 15],
    n: 300,
    noise: 0.01,
    tol: { a: rel(0.3), t: rel(0.4), beta: abs(0.25), c: abs(0.3) },
  },
  {
    model: 'powerlaw',
    truth: { a: 2, b: -1.5 },
    range: [0.5, 10],
    n: 100,
    noise: 0.005,
    tol: { a: rel(0.2), b: rel(0.2) },
  },
  {
    model: 'logistic',
    truth: { a: 4, k: 2, xmid: 1, c: -1 },
    range: [-4, 6],
    n: 200,
    noise: 0.05,
    tol: { a: rel(0.2), k: rel(0.4), xmid: abs(0.3), c: abs(0.4) },
  },
  {
    model: 'doseresponse',
    truth: { bottom: 5, top: 95, logec50: -6.5, hill: 1.2 },
    range: [-10, -3],
    n: 50,
    noise: 2,
    tol: { bottom: abs(10), top: abs(10), logec50: abs(0.3), hill: rel(0.4) },
  },
  {
    model: 'hill',
    truth: { ymax: 10, n: 2.5, k: 3 },
    range: [0.1, 15],
    n: 100,
    noise: 0.1,
    tol: { ymax: rel(0.3), n: rel(0.4), k: rel(0.3) },
  },
  {
    model: 'michaelismenten',
    truth: { vmax: 5, km: 2 },
    range: [0.1, 20],
    n: 60,
    noise: 0.05,
    tol: { vmax: rel(0.3), km: rel(0.4) },
  },
  {
    model: 'sine',
    truth: { a: 1.5, f: 0.7, phi: 0.5, c: 0.2 },
    range: [0, 10],
    n: 300,
    noise: 0.1,
    tol: { a: rel(0.15), f: rel(0.03), phi: { angle: 0.3 }, c: abs(0.15) },
  },
  {
    model: 'dampedsine',
    truth: { a: 2, t: 4, f: 1.2, phi: -0.7, c: 0.1 },
    range: [0, 10],
    n: 500,
    noise: 0.05,
    tol: { a: rel(0.3), t: rel(0.4), f: rel(0.03), phi: { angle: 0.4 }, c: abs(0.15) },
  },
  {
    model: 'linear',
    truth: { slope: -0.7, intercept: 3 },
    range: [-2, 5],
    n: 40,
    noise: 0.05,
    tol: { slope: rel(0.1), intercept: rel(0.1) },
  },
  { model: 'constant', truth: { c: 2.5 }, range: [0, 1], n: 20, noise: 0.05, tol: { c: rel(0.1) } },
  ...[1, 2, 3, 4, 5, 6].map((d): Case => {
    const truth = Object.fromEntries(
      Array.from({ length: d + 1 }, (_, i) => [`c${i}`, ((i % 2 ? -1 : 1) * (i + 2)) / 4]),
    );
    const tol = Object.fromEntries(Object.keys(truth).map((k) => [k, abs(0.1)]));
    return { model: `poly${d}`, truth, range: [-1.5, 1.5], n: 200, noise: 0.005, tol };
  }),
];

function distance(guess: number, truth: number, tol: Tolerance): { ok: boolean; what: string } {
  if ('rel' in tol) return { ok: Math.abs(guess - truth) <= tol.rel * Math.abs(truth), what: `rel ${tol.rel}` };
  if ('abs' in tol) return { ok: Math.abs(guess - truth) <= tol.abs, what: `abs ${tol.abs}` };
  const d = Math.abs(((guess - truth + 3 * Math.PI) % (2 * Math.PI)) - Math.PI);
  return { ok: d <= tol.angle, what: `angle ${tol.angle}` };
}

describe('initial guesses land near the truth on synthetic data', () => {
  CASES.forEach((c, idx) => {
    it(`${c.model} #${idx} ${JSON.stringify(c.truth)}`, () => {
      const model = getLibraryModel(c.model)!;
      const { x, y } = syntheticCurve(
        (v) => model.evaluate(c.truth, v),
        c.range[0],
        c.range[1],
        c.n,
        c.noise,
        1000 + idx,
      );
      const guess = resolveModel(c.model)!.guess(x, y);
      const misses = Object.entries(c.tol)
        .map(([name, tol]) => ({ name, ...distance(guess[name], c.truth[name], tol) }))
        .filter((r) => !r.ok)
        .map((r) => `${r.name}: guess ${guess[r.name]} vs truth ${c.truth[r.name]} (${r.what})`);
      expect(misses, JSON.stringify(guess)).toEqual([]);
    });
  });

  it('guesses unsorted, shuffled data the same as sorted data', () => {
    const model = getLibraryModel('gauss4')!;
    const truth = { a: 3, mu: 0.2, s: 1.1, c: 0.5 };
    const { x, y } = syntheticCurve((v) => model.evaluate(truth, v), -5, 5, 300, 0.05, 7);
    const order = Array.from(x, (_, i) => (i * 7919) % x.length);
    const xs = Float64Array.from(order, (i) => x[i]);
    const ys = Float64Array.from(order, (i) => y[i]);
    expect(resolveModel('gauss4')!.guess(xs, ys)).toEqual(resolveModel('gauss4')!.guess(x, y));
  });

  it('handles a million points (binned) and still finds the benchmark peak', () => {
    const model = getLibraryModel('gauss4')!;
    const truth = { a: 3, mu: 0.2, s: 1.1, c: 0.5 };
    const { x, y } = syntheticCurve((v) => model.evaluate(truth, v), -5, 5, 1_000_000, 0.05, 104);
    const g = resolveModel('gauss4')!.guess(x, y);
    expect(Math.abs(g.mu - 0.2)).toBeLessThan(0.1);
    expect(Math.abs(g.s / 1.1 - 1)).toBeLessThan(0.2);
    expect(Math.abs(g.a / 3 - 1)).toBeLessThan(0.2);
  });
});
