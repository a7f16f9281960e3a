/**
 * Decays and power laws: exponential decay with 1, 2 and 3 components plus offset (time
 * constants, not rates, so `t` has the units of x), the stretched exponential and the power law.
 */
import { guessExpSum } from './exp-sum-guess';
import { leastSquares, lineFit, median } from './numeric';
import type { LibraryModel } from './types';

const POSITIVE: readonly [number, number] = [0, Infinity];
const STRETCH_GRID = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.2, 1.5, 2, 3];

/** Time constants of the library pictures: a decade apart, so each decay shows. */
const PREVIEW_TAUS = [[1], [0.3, 3], [0.15, 1, 6]];

function previewParams(comps: { a: string; t: string }[], k: number): Record<string, number> {
  const out: Record<string, number> = { c: 0.05 };
  comps.forEach((c, i) => {
    out[c.a] = 1 / k;
    out[c.t] = PREVIEW_TAUS[k - 1][i];
  });
  return out;
}

function expDecay(k: 1 | 2 | 3): LibraryModel {
  const suffix = (i: number): string => (k === 1 ? '' : String(i));
  const comps = Array.from({ length: k }, (_, i) => ({ a: `a${suffix(i + 1)}`, t: `t${suffix(i + 1)}` }));
  const names = [...comps.flatMap((c) => [c.a, c.t]), 'c'];
  const word = ['', 'Single', 'Double', 'Triple'][k];
  return {
    name: `exp${k}`,
    aliases: [
      `expdecay${k}`,
      `exponential${k}`,
      ...(k === 1 ? ['exp', 'expdecay', 'exp-decay', 'exponential', 'exponentialdecay'] : []),
      ...(k === 2 ? ['biexponential', 'doubleexp'] : []),
      ...(k === 3 ? ['triexponential', 'tripleexp'] : []),
    ],
    prefix: ['', 'e', 'ee', 'eee'][k],
    family: 'exponential',
    title: `${word} exponential decay`,
    description:
      k === 1
        ? 'a·exp(−x/t) + c: amplitude a at x = 0, time constant t, offset c.'
        : `Sum of ${k} decays a_i·exp(−x/t_i) plus offset c; guesses order t1 < t2${k === 3 ? ' < t3' : ''}.`,
    expression: [...comps.map((c) => `${c.a}*exp(-x/${c.t})`), 'c'].join(' + '),
    paramNames: names,
    defaultBounds: Object.fromEntries(comps.map((c) => [c.t, POSITIVE])),
    fallback: Object.fromEntries(names.map((nm) => [nm, nm === 'c' ? 0 : 1])),
    meanings: {
      ...Object.fromEntries(
        comps.flatMap((c, i) => {
          const which = k === 1 ? '' : ` of decay ${i + 1}`;
          return [
            [c.a, `amplitude${which} at x = 0`],
            [c.t, `time constant${which} (1/e time)`],
          ];
        }),
      ),
      c: 'offset (level as x → ∞)',
    },
    preview: { x: [0, 3 * PREVIEW_TAUS[k - 1][k - 1]], params: previewParams(comps, k) },
    evaluate: (p, x) => comps.reduce((s, c) => s + p[c.a] * Math.exp(-x / p[c.t]), p.c),
    guess: (x, y) => {
      const g = guessExpSum(x, y, k);
      const out: Record<string, number> = { c: g.c };
      comps.forEach((c, i) => {
        out[c.a] = g.amps[i];
        out[c.t] = g.taus[i];
      });
      return out;
    },
  };
}

export const exp1 = expDecay(1);
export const exp2 = expDecay(2);
export const exp3 = expDecay(3);

export const stretchedExp: LibraryModel = {
  name: 'stretchedexp',
  aliases: ['stretchedexponential', 'kww', 'stretched-exp'],
  prefix: 'se',
  family: 'exponential',
  title: 'Stretched exponential',
  description: 'a·exp(−(x/t)^beta) + c (Kohlrausch–Williams–Watts), for x ≥ 0.',
  expression: 'a*exp(-(x/t)^beta) + c',
  paramNames: ['a', 't', 'beta', 'c'],
  defaultBounds: { t: POSITIVE, beta: POSITIVE },
  fallback: { a: 1, t: 1, beta: 1, c: 0 },
  meanings: {
    a: 'amplitude at x = 0',
    t: 'characteristic time',
    beta: 'stretching exponent (1: plain exponential)',
    c: 'offset (level as x → ∞)',
  },
  preview: { x: [0, 5], params: { a: 1, t: 1, beta: 0.5, c: 0 } },
  evaluate: (p, x) => p.a * Math.exp(-((x / p.t) ** p.beta)) + p.c,
  guess: (x, y) => {
    const g = guessExpSum(x, y, 1);
    const fromExp1 = { a: g.amps[0], t: g.taus[0], beta: 1, c: g.c };
    if (x.length < 4 || x[0] < 0) return fromExp1;
    // For fixed (t, beta) the model is linear in (a, c): search a coarse grid of (t, beta)
    // around the single-exponential time constant, solving for (a, c) exactly at each node.
    const ones = new Float64Array(x.length).fill(1);
    let best = fromExp1;
    let bestCost = Infinity;
    for (const beta of STRETCH_GRID) {
      for (let i = 0; i <= 24; i++) {
        const t = g.taus[0] * 10 ** (-1.5 + (3 * i) / 24);
        const column = Float64Array.from(x, (v) => Math.exp(-((v / t) ** beta)));
        const [a, c] = leastSquares([column, ones], y);
        let cost = 0;
        for (let k = 0; k < x.length; k++) cost += (y[k] - a * column[k] - c) ** 2;
        if (cost < bestCost) {
          bestCost = cost;
          best = { a, t, beta, c };
        }
      }
    }
    return best;
  },
};

export const powerLaw: LibraryModel = {
  name: 'powerlaw',
  aliases: ['power', 'power-law', 'allometric'],
  prefix: 'pl',
  family: 'exponential',
  title: 'Power law',
  description: 'a·x^b, for x > 0 (start values from a log–log line).',
  expression: 'a*x^b',
  paramNames: ['a', 'b'],
  defaultBounds: {},
  fallback: { a: 1, b: 1 },
  meanings: { a: 'value at x = 1', b: 'exponent' },
  preview: { x: [0, 4], params: { a: 1, b: 1.5 } },
  evaluate: (p, x) => p.a * x ** p.b,
  guess: (x, y) => {
    const sign = median(y) >= 0 ? 1 : -1;
    const lx: number[] = [];
    const ly: number[] = [];
    for (let i = 0; i < x.length; i++) {
      if (x[i] > 0 && sign * y[i] > 0) {
        lx.push(Math.log(x[i]));
        ly.push(Math.log(sign * y[i]));
      }
    }
    if (lx.length < 2) return { a: median(y) || 1, b: 0 };
    const { slope, intercept } = lineFit(lx, ly);
    return { a: sign * Math.exp(intercept), b: slope };
  },
};

export const EXPONENTIAL_MODELS: readonly LibraryModel[] = [exp1, exp2, exp3, stretchedExp, powerLaw];
