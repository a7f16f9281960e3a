/**
 * Property: every library model (and a few composites), fitted from its DEFAULT start (the
 * library's automatic guesses, no p0) to synthetic data with known Gaussian noise, recovers
 * random true parameters within 5 standard errors. With `absoluteSigma` the standard errors
 * are the exact linearised ones, so a 5σ miss is not bad luck (p ≈ 6e-7 per check) but a
 * guess that lands in the wrong basin or a solver that stops short.
 *
 * Ranges are physically sensible and keep every parameter identifiable from the sampled
 * window (peaks inside it, time constants resolved by the sampling, a few cycles of a sine);
 * where a range is narrower than the formula allows, the comment at the case says why.
 * Seeds are fixed so CI sees the same cases on every run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getLibraryModel, listLibraryModels, resolveModel } from '../model/library';
import { syntheticCurve } from '../model/library/synthetic';
import { curveFit } from './curve-fit';

type Params = Record<string, number>;

interface RecoveryCase {
  /** Model spec passed to curveFit: a library name or a '+'-joined sum. */
  model: string;
  /** Random true parameters, by the resolved (prefixed) names. */
  truth: fc.Arbitrary<Params>;
  domain: readonly [number, number];
  n: number;
  /** Standard deviation of the added noise (also passed as sigma). */
  sigma: number;
  /** Parameters compared modulo 2π. */
  angles?: readonly string[];
  /**
   * Relabels fitted parameters onto the truth's labelling where the model has an exact
   * symmetry (component order of a sum, sign of a sine's amplitude); returns the fitted
   * values and standard errors under the truth's names.
   */
  canonical?: (p: Params, se: Params, truth: Params) => { p: Params; se: Params };
  /** Test name when one model has several cases. */
  label?: string;
  /**
   * A bug outside this file makes the case fail today: it runs as `it.fails`, so the fix
   * turns it red and the marker must go.
   */
  knownBug?: string;
}

const NUM_RUNS = 15;
const NOISE_SEED = fc.integer({ min: 1, max: 0x7fffffff });

/** Uniform on [lo, hi]. */
const uniform = (lo: number, hi: number): fc.Arbitrary<number> => fc.double({ min: lo, max: hi, noNaN: true });

/** Log-uniform on [lo, hi] (scales: widths, time constants). */
const logUniform = (lo: number, hi: number): fc.Arbitrary<number> => uniform(Math.log(lo), Math.log(hi)).map(Math.exp);

/** Magnitude log-uniform on [lo, hi], either sign (amplitudes of peaks and decays). */
const signed = (lo: number, hi: number): fc.Arbitrary<number> =>
  fc.tuple(fc.boolean(), logUniform(lo, hi)).map(([neg, v]) => (neg ? -v : v));

/**
 * Relabels fitted components so that, sorted by their parameter at index `key` of `names(i)`,
 * they match the truth's components sorted the same way (a sum is the same curve in any component order).
 */
function sortComponents(
  count: number,
  names: (i: number) => string[],
  key: number,
  p: Params,
  se: Params,
  truth: Params,
): { p: Params; se: Params } {
  const order = (values: Params): number[] =>
    Array.from({ length: count }, (_, i) => i).sort((i, j) => values[names(i)[key]] - values[names(j)[key]]);
  const fitOrder = order(p);
  const trueOrder = order(truth);
  const outP: Params = { ...p };
  const outSe: Params = { ...se };
  fitOrder.forEach((fi, rank) => {
    names(fi).forEach((name, k) => {
      const target = names(trueOrder[rank])[k];
      outP[target] = p[name];
      outSe[target] = se[name];
    });
  });
  return { p: outP, se: outSe };
}

/** exp_k components (a_i, t_i), ordered by time constant. */
const byTimeConstant = (k: number) => (p: Params, se: Params, truth: Params) =>
  sortComponents(k, (i) => [`a${i + 1}`, `t${i + 1}`], 1, p, se, truth);

/** a·sin(θ) = (−a)·sin(θ + π): fold a negative fitted amplitude onto a positive one. */
const positiveAmplitude = (p: Params, se: Params): { p: Params; se: Params } =>
  p.a >= 0 ? { p, se } : { p: { ...p, a: -p.a, phi: p.phi + Math.PI }, se };

const CASES: RecoveryCase[] = [
  // Peaks: centre inside the window, width resolved by the sampling (≈ 2 samples per σ at least) and
  // the peak well above the noise, either sign of height.
  {
    model: 'gaussian',
    truth: fc.record({ a: signed(0.2, 5), mu: uniform(-5, 5), s: logUniform(0.15, 2) }),
    domain: [-8, 8],
    n: 200,
    sigma: 0.02,
  },
  {
    model: 'gauss4',
    truth: fc.record({ a: signed(0.5, 5), mu: uniform(-3, 3), s: logUniform(0.3, 1.5), c: uniform(-2, 2) }),
    domain: [-8, 8],
    n: 200,
    sigma: 0.02,
  },
  {
    model: 'lorentzian',
    truth: fc.record({ a: signed(0.5, 5), mu: uniform(-3, 3), g: logUniform(0.2, 1.5) }),
    domain: [-10, 10],
    n: 200,
    sigma: 0.02,
  },
  {
    // eta away from its bounds [0, 1]: at a bound the linearised SE does not describe the
    // estimate's distribution (it is censored there), so the 5σ check would not be a property.
    model: 'pseudovoigt',
    truth: fc.record({ a: signed(0.5, 5), eta: uniform(0.1, 0.9), mu: uniform(-4, 4), w: logUniform(0.3, 4) }),
    domain: [-10, 10],
    n: 200,
    sigma: 0.01,
  },
  {
    model: 'voigt',
    truth: fc.record({ a: signed(1, 10), mu: uniform(-3, 3), s: logUniform(0.15, 2), g: logUniform(0.05, 2) }),
    domain: [-10, 10],
    n: 200,
    sigma: 0.005,
  },
  // Decays: the window covers ≥ 2 of the slowest time constant (the offset must show) and the
  // sampling resolves the fastest one.
  {
    model: 'exp1',
    truth: fc.record({ a: signed(0.2, 5), t: logUniform(0.3, 12), c: uniform(-1, 1) }),
    domain: [0, 25],
    n: 200,
    sigma: 0.01,
  },
  {
    // Time constants ≥ 4× apart and the fast one ≥ 2.5 samples: closer decays are nearly
    // degenerate (t1 → t2 with a1 ≈ −a2 fits as well), and an under-sampled fast decay sends the
    // guess onto that ridge (probe: a1 −0.5, t1 0.3, a2 3, t2 0.76, c 0 on [0, 40], noise seed
    // 19930452 → guess t 0.85/3.6, fit wanders to a ≈ ±500 and stops at max-iterations).
    model: 'exp2',
    truth: fc
      .record({
        a1: signed(0.5, 3),
        t1: logUniform(0.5, 2),
        a2: signed(0.5, 3),
        ratio: logUniform(4, 10),
        c: uniform(-1, 1),
      })
      .map(({ ratio, ...p }) => ({ ...p, t2: p.t1 * ratio })),
    domain: [0, 40],
    n: 200,
    sigma: 0.005,
    canonical: byTimeConstant(2),
  },
  {
    model: 'exp3',
    truth: fc
      .record({
        a1: logUniform(1, 3),
        t1: logUniform(0.3, 0.6),
        a2: logUniform(1, 3),
        r2: logUniform(5, 7),
        a3: logUniform(1, 3),
        r3: logUniform(5, 7),
        c: uniform(-1, 1),
      })
      .map(({ r2, r3, ...p }) => ({ ...p, t2: p.t1 * r2, t3: p.t1 * r2 * r3 })),
    domain: [0, 60],
    n: 500,
    sigma: 0.002,
    canonical: byTimeConstant(3),
  },
  {
    model: 'stretchedexp',
    label: 'stretchedexp (x > 0)',
    truth: fc.record({ a: signed(0.5, 5), t: logUniform(0.2, 10), beta: logUniform(0.2, 4), c: uniform(-1, 1) }),
    domain: [0.1, 25],
    n: 200,
    sigma: 0.005,
  },
  {
    model: 'stretchedexp',
    label: 'stretchedexp (data from x = 0)',
    truth: fc.record({ a: signed(0.5, 5), t: logUniform(0.2, 10), beta: logUniform(0.2, 4), c: uniform(-1, 1) }),
    domain: [0, 25],
    n: 200,
    sigma: 0.005,
  },
  {
    model: 'powerlaw',
    truth: fc.record({ a: signed(0.1, 5), b: uniform(-5, 5) }),
    domain: [0.5, 10],
    n: 200,
    sigma: 0.02,
  },
  // Sigmoids: the midpoint inside the window with both plateaus approached.
  {
    // k > 0: (a, k, xmid, c) and (−a, −k, xmid, c + a) are the same curve; the guess picks k > 0.
    model: 'logistic',
    truth: fc.record({ a: signed(1, 5), k: logUniform(0.5, 10), xmid: uniform(-4, 4), c: uniform(-2, 2) }),
    domain: [-8, 8],
    n: 200,
    sigma: 0.02,
  },
  {
    // hill > 0 for the same reason (a negative hill swaps top and bottom).
    model: 'doseresponse',
    truth: fc.record({
      bottom: uniform(0, 20),
      top: uniform(80, 120),
      logec50: uniform(-9.5, -3.5),
      hill: logUniform(0.3, 5),
    }),
    domain: [-11, -2],
    n: 200,
    sigma: 1,
  },
  {
    model: 'hill',
    truth: fc.record({ ymax: signed(1, 10), n: logUniform(0.3, 10), k: logUniform(0.1, 20) }),
    domain: [0.05, 25],
    n: 200,
    sigma: 0.02,
  },
  {
    model: 'michaelismenten',
    truth: fc.record({ vmax: signed(1, 10), km: logUniform(0.1, 20) }),
    domain: [0.05, 40],
    n: 200,
    sigma: 0.02,
  },
  // Periodic: ≥ 1.5 cycles in the window and below the Nyquist frequency (10 per unit here);
  // above it the samples alias a lower frequency and no start can tell them apart.
  {
    model: 'sine',
    truth: fc.record({
      a: logUniform(0.5, 3),
      f: logUniform(0.15, 6),
      phi: uniform(-Math.PI, Math.PI),
      c: uniform(-1, 1),
    }),
    domain: [0, 10],
    n: 200,
    sigma: 0.02,
    angles: ['phi'],
    canonical: positiveAmplitude,
  },
  {
    model: 'dampedsine',
    truth: fc.record({
      a: logUniform(1, 3),
      t: logUniform(0.7, 40),
      f: logUniform(0.2, 5),
      phi: uniform(-Math.PI, Math.PI),
      c: uniform(-1, 1),
    }),
    domain: [0, 10],
    n: 200,
    sigma: 0.02,
    angles: ['phi'],
    canonical: positiveAmplitude,
  },
  // Linear in the parameters: any start converges in one step.
  {
    model: 'linear',
    truth: fc.record({ slope: uniform(-5, 5), intercept: uniform(-5, 5) }),
    domain: [-5, 5],
    n: 200,
    sigma: 0.05,
  },
  {
    model: 'constant',
    truth: fc.record({ c: uniform(-10, 10) }),
    domain: [0, 1],
    n: 200,
    sigma: 0.05,
  },
  ...[1, 2, 3, 4, 5, 6].map((d): RecoveryCase => ({
    model: `poly${d}`,
    truth: fc.record(Object.fromEntries(Array.from({ length: d + 1 }, (_, i) => [`c${i}`, uniform(-2, 2)]))),
    domain: [-1.5, 1.5],
    n: 200,
    sigma: 0.02,
  })),
  // Composites.
  {
    // Two positive peaks ≥ 4 units apart (≥ 3 widths each side) on a gentle slope.
    model: 'gaussian + gaussian + linear',
    truth: fc.record({
      g1_a: logUniform(1, 5),
      g1_mu: uniform(-6, -1),
      g1_s: logUniform(0.3, 1.2),
      g2_a: logUniform(1, 5),
      g2_mu: uniform(1, 6),
      g2_s: logUniform(0.3, 1.2),
      lin1_slope: uniform(-0.2, 0.2),
      lin1_intercept: uniform(-1, 1),
    }),
    domain: [-10, 10],
    n: 200,
    sigma: 0.02,
    canonical: (p, se, truth) =>
      sortComponents(2, (i) => [`g${i + 1}_a`, `g${i + 1}_mu`, `g${i + 1}_s`], 1, p, se, truth),
  },
  {
    model: 'lorentzian + constant',
    truth: fc.record({ l1_a: signed(1, 5), l1_mu: uniform(-3, 3), l1_g: logUniform(0.1, 3), const1_c: uniform(-2, 2) }),
    domain: [-10, 10],
    n: 200,
    sigma: 0.02,
  },
];

/** Plain-JS value of a (possibly composite) library model, from its components' evaluate. */
function evaluator(spec: string): (p: Params, x: number) => number {
  const resolved = resolveModel(spec);
  if (resolved === null) throw new Error(`not a library model: ${spec}`);
  const parts = resolved.components.map((c) => {
    const model = getLibraryModel(c.model);
    if (model === undefined) throw new Error(`unknown component ${c.model}`);
    return { model, prefix: c.prefix };
  });
  return (p, x) =>
    parts.reduce((sum, { model, prefix }) => {
      const own = Object.fromEntries(model.paramNames.map((nm) => [nm, p[prefix + nm]]));
      return sum + model.evaluate(own, x);
    }, 0);
}

/** Difference wrapped into (−π, π]. */
function angleDiff(a: number, b: number): number {
  const d = (a - b) % (2 * Math.PI);
  return d > Math.PI ? d - 2 * Math.PI : d <= -Math.PI ? d + 2 * Math.PI : d;
}

/** Stable per-model seed, so adding a case does not reshuffle the others. */
function seedOf(name: string): number {
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

async function recovers(c: RecoveryCase, truth: Params, noiseSeed: number): Promise<void> {
  const f = evaluator(c.model);
  const { x, y } = syntheticCurve((v) => f(truth, v), c.domain[0], c.domain[1], c.n, c.sigma, noiseSeed);
  const sigma = new Float64Array(c.n).fill(c.sigma);
  const fit = await curveFit({ model: c.model, x, y, sigma }, { absoluteSigma: true });
  const { p, se } = c.canonical?.(fit.params, fit.stdErrors, truth) ?? { p: fit.params, se: fit.stdErrors };
  const misses = Object.keys(truth).flatMap((name) => {
    const diff = c.angles?.includes(name) ? angleDiff(p[name], truth[name]) : p[name] - truth[name];
    const ok = Number.isFinite(se[name]) && se[name] > 0 && Math.abs(diff) <= 5 * se[name];
    return ok
      ? []
      : [`${name}: fit ${p[name]} ± ${se[name]} vs true ${truth[name]} (${(diff / se[name]).toFixed(1)} SE)`];
  });
  const context = `${c.model} truth ${JSON.stringify(truth)} noise seed ${noiseSeed}: ${fit.status} after ${fit.iterations} iterations, ${fit.message}`;
  expect(fit.converged, context).toBe(true);
  expect(misses, context).toEqual([]);
}

describe('library models are recovered from their default start within 5 standard errors', () => {
  it('covers every library model', () => {
    const covered = new Set(CASES.map((c) => c.model));
    expect(
      listLibraryModels()
        .map((m) => m.name)
        .filter((name) => !covered.has(name)),
    ).toEqual([]);
  });

  it('draws truths under the resolved parameter names', () => {
    for (const c of CASES) {
      const sample = fc.sample(c.truth, { numRuns: 1, seed: 1 })[0];
      expect(Object.keys(sample).sort(), c.model).toEqual([...(resolveModel(c.model)?.paramNames ?? [])].sort());
    }
  });

  for (const c of CASES) {
    const name = c.knownBug === undefined ? (c.label ?? c.model) : `${c.label ?? c.model} [known bug: ${c.knownBug}]`;
    (c.knownBug === undefined ? it : it.fails)(name, async () => {
      await fc.assert(
        fc.asyncProperty(c.truth, NOISE_SEED, (truth, noiseSeed) => recovers(c, truth, noiseSeed)),
        { seed: seedOf(c.label ?? c.model), numRuns: NUM_RUNS },
      );
    });
  }
});
