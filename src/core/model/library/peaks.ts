/**
 * Peak models. Heights are peak heights except for the Voigt, whose `a` is the area (its
 * height has no closed form). Widths: Gaussian σ `s`, Lorentzian half width `g`, pseudo-Voigt
 * full width `w` shared by both parts.
 */
import { guessPeaksAndBackground } from './peak-guess';
import { constant } from './polynomials';
import type { PeakModel } from './types';
import { faddeevaRe, voigtValue } from './voigt-profile';

const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2);
const POSITIVE: readonly [number, number] = [0, Infinity];
/** What a Gaussian peak reports without being asked (lmfit's fwhm and height, plus the area). */
const GAUSSIAN_DERIVED = { center: 'mu', fwhm: '2*sqrt(2*log(2))*abs(s)', height: 'a', area: 'a*abs(s)*sqrt(2*pi)' };

/** Guess for a lone peak model: the most prominent peak, measured from zero. */
function singlePeakGuess(model: PeakModel) {
  return (x: Float64Array, y: Float64Array): Record<string, number> =>
    guessPeaksAndBackground(x, y, [model], []).peaks[0];
}

export const gaussian: PeakModel = {
  name: 'gaussian',
  aliases: ['gauss', 'gauss3'],
  prefix: 'g',
  family: 'peak',
  title: 'Gaussian',
  description: 'Gaussian peak: height a, centre mu, standard deviation s (FWHM = 2.3548·s).',
  expression: 'a*exp(-(x-mu)^2/(2*s^2))',
  paramNames: ['a', 'mu', 's'],
  defaultBounds: { s: POSITIVE },
  fallback: { a: 1, mu: 0, s: 1 },
  meanings: { a: 'peak height', mu: 'centre', s: 'width (standard deviation σ)' },
  preview: { x: [-4, 4], params: { a: 1, mu: 0, s: 1 } },
  evaluate: (p, x) => p.a * Math.exp(-((x - p.mu) ** 2) / (2 * p.s ** 2)),
  fromPeak: (height, center, fwhm) => ({ a: height, mu: center, s: fwhm / FWHM_PER_SIGMA }),
  derived: GAUSSIAN_DERIVED,
  guess: (x, y) => singlePeakGuess(gaussian)(x, y),
};

export const gauss4: PeakModel = {
  name: 'gauss4',
  aliases: ['gaussianoffset'],
  prefix: 'gc',
  family: 'peak',
  title: 'Gaussian + offset',
  description: 'Gaussian peak on a constant offset c (the benchmark model); unbounded, as scipy fits it.',
  expression: 'a*exp(-(x-mu)^2/(2*s^2)) + c',
  paramNames: ['a', 'mu', 's', 'c'],
  defaultBounds: {},
  fallback: { a: 1, mu: 0, s: 1, c: 0 },
  meanings: {
    a: 'peak height above the offset',
    mu: 'centre',
    s: 'width (standard deviation σ)',
    c: 'constant offset (baseline)',
  },
  preview: { x: [-4, 4], params: { a: 1, mu: 0, s: 1, c: 0.3 } },
  evaluate: (p, x) => gaussian.evaluate(p, x) + p.c,
  fromPeak: (height, center, fwhm) => ({ ...gaussian.fromPeak(height, center, fwhm), c: 0 }),
  derived: GAUSSIAN_DERIVED,
  guess: (x, y) => {
    const g = guessPeaksAndBackground(x, y, [gaussian], [constant]);
    return { ...g.peaks[0], c: g.background[0].c };
  },
};

export const lorentzian: PeakModel = {
  name: 'lorentzian',
  aliases: ['lorentz', 'cauchy'],
  prefix: 'l',
  family: 'peak',
  title: 'Lorentzian',
  description: 'Lorentzian (Cauchy) peak: height a, centre mu, half width at half maximum g.',
  expression: 'a/(1 + ((x-mu)/g)^2)',
  paramNames: ['a', 'mu', 'g'],
  defaultBounds: { g: POSITIVE },
  fallback: { a: 1, mu: 0, g: 1 },
  meanings: { a: 'peak height', mu: 'centre', g: 'half width at half maximum' },
  preview: { x: [-5, 5], params: { a: 1, mu: 0, g: 1 } },
  evaluate: (p, x) => p.a / (1 + ((x - p.mu) / p.g) ** 2),
  fromPeak: (height, center, fwhm) => ({ a: height, mu: center, g: fwhm / 2 }),
  derived: { center: 'mu', fwhm: '2*abs(g)', height: 'a', area: 'pi*a*abs(g)' },
  guess: (x, y) => singlePeakGuess(lorentzian)(x, y),
};

export const pseudoVoigt: PeakModel = {
  name: 'pseudovoigt',
  aliases: ['pseudo-voigt', 'pseudo_voigt', 'pvoigt'],
  prefix: 'pv',
  family: 'peak',
  title: 'Pseudo-Voigt',
  description: 'Mix of a Lorentzian (fraction eta) and a Gaussian with one shared FWHM w: height a, centre mu.',
  expression: 'a*((1-eta)*exp(-4*log(2)*((x-mu)/w)^2) + eta/(1 + 4*((x-mu)/w)^2))',
  paramNames: ['a', 'eta', 'mu', 'w'],
  defaultBounds: { eta: [0, 1], w: POSITIVE },
  fallback: { a: 1, eta: 0.5, mu: 0, w: 1 },
  meanings: { a: 'peak height', eta: 'Lorentzian fraction (0 to 1)', mu: 'centre', w: 'full width at half maximum' },
  preview: { x: [-3, 3], params: { a: 1, eta: 0.5, mu: 0, w: 1 } },
  evaluate: (p, x) => {
    const u = (x - p.mu) / p.w;
    return p.a * ((1 - p.eta) * Math.exp(-4 * Math.LN2 * u * u) + p.eta / (1 + 4 * u * u));
  },
  fromPeak: (height, center, fwhm) => ({ a: height, eta: 0.5, mu: center, w: fwhm }),
  // Area of each part at FWHM w: Gaussian w·√(π/(4 ln 2)), Lorentzian π·w/2.
  derived: { center: 'mu', fwhm: 'abs(w)', height: 'a', area: 'a*abs(w)*((1-eta)*sqrt(pi/(4*log(2))) + eta*pi/2)' },
  guess: (x, y) => singlePeakGuess(pseudoVoigt)(x, y),
};

// Seeding a Voigt with equal Gaussian and Lorentzian FWHM F: total FWHM ≈ 1.6376·F (Olivero &
// Longbothum), and the peak height of unit area is K/(σ√(2π)) with K = erfcx(√ln 2).
const VOIGT_FWHM_RATIO = 0.5346 + Math.sqrt(0.2166 + 1);
const VOIGT_K = faddeevaRe(0, Math.sqrt(Math.LN2));

export const voigt: PeakModel = {
  name: 'voigt',
  aliases: [],
  prefix: 'v',
  family: 'peak',
  title: 'Voigt',
  description: 'Gaussian σ s convolved with a Lorentzian of half width g: area a, centre mu (exact, via Faddeeva).',
  expression: 'a*wofz_re((x-mu)/(s*sqrt(2)), g/(s*sqrt(2)))/(s*sqrt(2*pi))',
  paramNames: ['a', 'mu', 's', 'g'],
  defaultBounds: { s: POSITIVE, g: POSITIVE },
  fallback: { a: 1, mu: 0, s: 1, g: 1 },
  meanings: {
    a: 'area',
    mu: 'centre',
    s: 'Gaussian width (standard deviation σ)',
    g: 'Lorentzian half width at half maximum',
  },
  preview: { x: [-5, 5], params: { a: 1, mu: 0, s: 0.7, g: 0.5 } },
  evaluate: (p, x) => voigtValue(p.a, p.mu, p.s, p.g, x),
  // FWHM: Olivero & Longbothum's approximation (0.02%), as lmfit reports it.
  derived: {
    center: 'mu',
    fwhm: '1.0692*g + sqrt(0.8664*g^2 + 5.545083*s^2)',
    height: 'a*wofz_re(0, g/(s*sqrt(2)))/(s*sqrt(2*pi))',
    area: 'a',
  },
  fromPeak: (height, center, fwhm) => {
    const f = fwhm / VOIGT_FWHM_RATIO;
    const s = f / FWHM_PER_SIGMA;
    return { a: (height * s * Math.sqrt(2 * Math.PI)) / VOIGT_K, mu: center, s, g: f / 2 };
  },
  guess: (x, y) => singlePeakGuess(voigt)(x, y),
};

export const PEAK_MODELS: readonly PeakModel[] = [gaussian, gauss4, lorentzian, pseudoVoigt, voigt];
