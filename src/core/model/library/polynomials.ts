/**
 * Polynomials of degree 1–6, the straight line and the constant. Guesses are the linear
 * least-squares solution, computed on x centred and scaled to [-1, 1] for conditioning and
 * mapped back to the monomial coefficients the expressions use.
 */
import { leastSquares, mean } from './numeric';
import type { LibraryModel } from './types';

/** Monomial coefficients c0..c_degree fitted to (x, y); fewer points than terms → zeros. */
export function polynomialFit(x: Float64Array, y: Float64Array, degree: number): Float64Array {
  const n = x.length;
  const coef = new Float64Array(degree + 1);
  if (n === 0) return coef;
  const lo = x[0];
  const hi = x[n - 1];
  const m = (lo + hi) / 2;
  const h = hi > lo ? (hi - lo) / 2 : 1;
  const columns: Float64Array[] = [];
  for (let j = 0; j <= degree; j++) columns.push(Float64Array.from(x, (v) => ((v - m) / h) ** j));
  const b = leastSquares(columns, y);
  // p(x) = Σ_j b_j ((x − m)/h)^j  →  coefficient of x^i = Σ_{j≥i} b_j C(j,i) (−m)^{j−i} / h^j
  for (let i = 0; i <= degree; i++) {
    let s = 0;
    for (let j = i; j <= degree; j++) s += (b[j] * binomial(j, i) * (-m) ** (j - i)) / h ** j;
    coef[i] = s;
  }
  return coef;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

const EXTRA_ALIASES: Record<number, string[]> = { 2: ['quadratic'], 3: ['cubic'] };

/** Coefficients (c0 first) of the polynomial whose roots are spread evenly over (−1, 1): its picture shows every turn. */
function rootsPolynomial(degree: number): number[] {
  let c = [1];
  for (let j = 0; j < degree; j++) {
    const r = degree === 1 ? -0.5 : -0.9 + (1.8 * j) / (degree - 1);
    const next = new Array<number>(c.length + 1).fill(0);
    c.forEach((v, i) => {
      next[i + 1] += v;
      next[i] -= r * v;
    });
    c = next;
  }
  return c;
}

function polynomial(degree: number): LibraryModel {
  const names = Array.from({ length: degree + 1 }, (_, i) => `c${i}`);
  const terms = names.map((c, i) => (i === 0 ? c : i === 1 ? `${c}*x` : `${c}*x^${i}`));
  return {
    name: `poly${degree}`,
    aliases: [`polynomial${degree}`, ...(EXTRA_ALIASES[degree] ?? [])],
    prefix: 'poly',
    family: 'polynomial',
    title: `Polynomial, degree ${degree}`,
    description: `c0 + c1·x${degree > 1 ? ` + … + c${degree}·x^${degree}` : ''} (linear least squares start).`,
    expression: terms.join(' + '),
    paramNames: names,
    defaultBounds: {},
    fallback: Object.fromEntries(names.map((c) => [c, 0])),
    meanings: Object.fromEntries(
      names.map((c, i) => [c, i === 0 ? 'value at x = 0' : i === 1 ? 'coefficient of x' : `coefficient of x^${i}`]),
    ),
    preview: { x: [-1.1, 1.1], params: Object.fromEntries(rootsPolynomial(degree).map((v, i) => [names[i], v])) },
    evaluate: (p, x) => {
      let s = 0;
      for (let i = degree; i >= 0; i--) s = s * x + p[names[i]];
      return s;
    },
    guess: (x, y) => {
      const c = polynomialFit(x, y, degree);
      return Object.fromEntries(names.map((name, i) => [name, c[i]]));
    },
  };
}

export const POLYNOMIALS: readonly LibraryModel[] = [1, 2, 3, 4, 5, 6].map(polynomial);

export const linear: LibraryModel = {
  name: 'linear',
  aliases: ['line', 'straightline'],
  prefix: 'lin',
  family: 'polynomial',
  title: 'Straight line',
  description: 'slope·x + intercept.',
  expression: 'slope*x + intercept',
  paramNames: ['slope', 'intercept'],
  defaultBounds: {},
  fallback: { slope: 0, intercept: 0 },
  meanings: { slope: 'change in y per unit x', intercept: 'value at x = 0' },
  preview: { x: [0, 1], params: { slope: 1, intercept: 0.2 } },
  evaluate: (p, x) => p.slope * x + p.intercept,
  guess: (x, y) => {
    const [c0, c1] = polynomialFit(x, y, 1);
    return { slope: c1, intercept: c0 };
  },
};

export const constant: LibraryModel = {
  name: 'constant',
  aliases: ['const', 'offset'],
  prefix: 'const',
  family: 'polynomial',
  title: 'Constant',
  description: 'A constant level c (baseline for composites).',
  expression: 'c',
  paramNames: ['c'],
  defaultBounds: {},
  fallback: { c: 0 },
  meanings: { c: 'constant level' },
  preview: { x: [0, 1], params: { c: 1 } },
  evaluate: (p) => p.c,
  guess: (_x, y) => ({ c: mean(y) }),
};
