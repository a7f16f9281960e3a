/**
 * More–Garbow–Hillstrom test problems (ACM TOMS 7, 1981) written as curve fits: residual i
 * is y_i − f(x_i) with x the index (or the problem's own abscissa). Minima are the paper's
 * f = Σ r² at the global minimum. reference/mgh-scipy-lm.py records where scipy's
 * least_squares(method='lm') (MINPACK) stops from 10× and 100× the standard start.
 */
export interface MghProblem {
  name: string;
  model: string;
  x: number[];
  y: number[];
  /** The standard starting point x0. */
  p0: Record<string, number>;
  /** Global minimum of Σ r². */
  fmin: number;
  /** Multiples of x0 from which MINPACK's LM stops at a local minimum or fails (scipy 1.17). */
  stuckFrom: number[];
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const yBard = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.1, 4.39];
const yGauss = [
  0.0009, 0.0044, 0.0175, 0.054, 0.1295, 0.242, 0.3521, 0.3989, 0.3521, 0.242, 0.1295, 0.054, 0.0175, 0.0044, 0.0009,
];
const uKowalik = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625];
const yKowalik = [0.1957, 0.1947, 0.1735, 0.16, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246];
const tBiggs = range(1, 13).map((i) => 0.1 * i);

export const MGH_PROBLEMS: MghProblem[] = [
  {
    // MGH 2: f1 = −13 + a + ((5 − b)b − 2)b, f2 = −29 + a + ((b + 1)b − 14)b; local minimum 48.9842.
    name: 'Freudenstein–Roth',
    model: 'a + (2 - x)*(((5 - b)*b - 2)*b) + (x - 1)*(((b + 1)*b - 14)*b)',
    x: [1, 2],
    y: [13, 29],
    p0: { a: 0.5, b: -2 },
    fmin: 0,
    stuckFrom: [1, 10, 100],
  },
  {
    // MGH 5
    name: 'Beale',
    model: 'a*(1 - b^x)',
    x: [1, 2, 3],
    y: [1.5, 2.25, 2.625],
    p0: { a: 1, b: 1 },
    fmin: 0,
    stuckFrom: [10, 100],
  },
  {
    // MGH 6 (m = 10)
    name: 'Jennrich–Sampson',
    model: 'exp(x*a) + exp(x*b)',
    x: range(1, 10),
    y: range(1, 10).map((i) => 2 + 2 * i),
    p0: { a: 0.3, b: 0.4 },
    fmin: 124.362182355,
    stuckFrom: [10, 100],
  },
  {
    // MGH 8: u = i, v = 16 − i, w = min(u, v); local minimum 17.4286 at (0.8406, −∞, −∞).
    name: 'Bard',
    model: 'a + x/((16 - x)*b + min(x, 16 - x)*c)',
    x: range(1, 15),
    y: yBard,
    p0: { a: 1, b: 1, c: 1 },
    fmin: 8.21487730657e-3,
    stuckFrom: [10, 100],
  },
  {
    // MGH 9 (t = (8 − i)/2)
    name: 'Gaussian',
    model: 'a*exp(-b*((8 - x)/2 - c)^2/2)',
    x: range(1, 15),
    y: yGauss,
    p0: { a: 0.4, b: 1, c: 0 },
    fmin: 1.12793276e-8,
    stuckFrom: [100],
  },
  {
    // MGH 12 (t = 0.1 i, m = 10)
    name: 'Box three-dimensional',
    model: 'exp(-0.1*x*a) - exp(-0.1*x*b) - c*(exp(-0.1*x) - exp(-x))',
    x: range(1, 10),
    y: range(1, 10).map(() => 0),
    p0: { a: 0, b: 10, c: 20 },
    fmin: 0,
    stuckFrom: [10, 100],
  },
  {
    // MGH 15; local minimum 1.02734e-3 at (+∞, −14.07…, −∞, −∞).
    name: 'Kowalik–Osborne',
    model: 'a*(x^2 + x*b)/(x^2 + x*c + d)',
    x: uKowalik,
    y: yKowalik,
    p0: { a: 0.25, b: 0.39, c: 0.415, d: 0.39 },
    fmin: 3.07505603849e-4,
    stuckFrom: [10],
  },
  {
    // MGH 18 (m = 13); local minimum 5.65565e-3 and others.
    name: 'Biggs EXP6',
    model: 'c*exp(-x*a) - d*exp(-x*b) + h*exp(-x*g)',
    x: tBiggs,
    y: tBiggs.map((t) => Math.exp(-t) - 5 * Math.exp(-10 * t) + 3 * Math.exp(-4 * t)),
    p0: { a: 1, b: 2, c: 1, d: 1, g: 1, h: 1 },
    fmin: 0,
    stuckFrom: [100],
  },
];
