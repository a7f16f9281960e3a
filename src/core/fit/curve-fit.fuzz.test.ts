/**
 * Hostile-input fuzz of the library boundary (issue 9, item 5): 10,000 seeded inputs built
 * from wrong types, prototype keys, extreme numbers, symbols, BigInt arrays, null-prototype
 * objects, malformed resume states and option values. Every call must end in a FitbenchError
 * with a real code (never INTERNAL, never a TypeError) and a readable, bounded message, or
 * in a result whose numbers are finite, within the iteration bound.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FitOptions, FitProblem, LibraryFitOptions } from '../api-types';
import { FitbenchError, MAX_MESSAGE_CHARS } from '../errors';
import { MAX_ITERATIONS } from '../input/validate-fit-input';
import { curveFit } from './curve-fit';

const nullProto = (entries: [string, unknown][]): Record<string, unknown> =>
  Object.assign(Object.create(null) as Record<string, unknown>, Object.fromEntries(entries));

const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'length', 'hasOwnProperty'];
const weird = fc.constantFrom<unknown>(
  null,
  undefined,
  Symbol('s'),
  10n,
  () => 1,
  Object.create(null),
  nullProto([['a', 1]]),
  new Date(0),
  /re/,
  new Map(),
  [],
  [[1]],
  '',
  '5',
  'abc',
  true,
  NaN,
  Infinity,
  -Infinity,
  -0,
  1e308,
  -1e-320,
  new BigInt64Array(3),
  new DataView(new ArrayBuffer(8)),
);
const number = fc.oneof(
  fc.double({ min: -10, max: 10, noNaN: true }),
  fc.constantFrom(0, -0, 1, -1, 1e-300, 1e300, -1e300, NaN, Infinity, -Infinity, 5e-324, 1.7976931348623157e308),
  fc.integer({ min: -5, max: 5 }),
);
const anyValue = fc.oneof({ weight: 3, arbitrary: number }, { weight: 1, arbitrary: weird });

const arrayOf = (length: fc.Arbitrary<number>) =>
  length.chain((n) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.array(number, { minLength: n, maxLength: n }) },
      { weight: 2, arbitrary: fc.array(number, { minLength: n, maxLength: n }).map((a) => Float64Array.from(a)) },
      { weight: 1, arbitrary: fc.array(anyValue, { minLength: n, maxLength: n }) },
      { weight: 1, arbitrary: fc.array(number, { minLength: n, maxLength: n }).map((a) => Float32Array.from(a)) },
      { weight: 1, arbitrary: weird },
    ),
  );

const MODELS = [
  'a*x+b',
  'a*exp(-x/t)+c',
  'a*exp(b*x)',
  'log(a*x)',
  'sqrt(1e300+a)',
  'a/(x-b)',
  'a*x^b',
  'gaussian',
  'exp-decay',
  'linear',
  'gaussian + linear',
  'a*x1+b*x2',
  '__proto__*x',
  'constructor + x',
  'a*toString',
  '',
  '   ',
  'a*',
  'sin(',
  'x',
  'a*x+b)',
  'foo(x)',
  '1e999*a',
  'a'.repeat(300),
];
const model = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...MODELS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: weird },
);
const paramName = fc.constantFrom('a', 'b', 'c', 't', 'mu', 'x', 'zz', ...PROTO_KEYS);
const record = (value: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.tuple(paramName, value), { maxLength: 4 }).map((e) => Object.fromEntries(e)) },
    { weight: 1, arbitrary: fc.array(fc.tuple(paramName, value), { maxLength: 4 }).map(nullProto) },
    { weight: 1, arbitrary: weird },
  );
const bound = fc.oneof(number, fc.constant(null), weird);

const problem: fc.Arbitrary<FitProblem> = fc.integer({ min: 0, max: 10 }).chain((n) => {
  const len = fc.oneof(
    { weight: 8, arbitrary: fc.constant(n) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 12 }) },
  );
  return fc.record(
    {
      model,
      x: fc.oneof(
        { weight: 5, arbitrary: arrayOf(len) },
        {
          weight: 2,
          arbitrary: fc
            .array(fc.tuple(fc.constantFrom('x', 'x1', 'x2', ...PROTO_KEYS), arrayOf(len)), { maxLength: 3 })
            .map((e) => Object.fromEntries(e)),
        },
      ),
      y: arrayOf(len),
      sigma: fc.oneof(arrayOf(len), fc.constant(undefined)),
      p0: record(anyValue),
      bounds: record(fc.oneof(fc.tuple(bound, bound), weird)),
      fixed: fc.oneof(fc.array(fc.oneof(paramName, weird), { maxLength: 2 }), weird),
      dropNonFinite: fc.oneof(fc.boolean(), weird),
    },
    { requiredKeys: ['model', 'x', 'y'] },
  ) as fc.Arbitrary<FitProblem>;
});

const resume = fc.record(
  {
    method: fc.oneof(fc.constantFrom('lm', 'trf'), weird),
    iteration: fc.oneof(fc.integer({ min: -2, max: 50 }), weird),
    params: record(anyValue),
    damping: anyValue,
    nfev: fc.oneof(fc.integer({ min: -1, max: 50 }), weird),
    history: fc.oneof(fc.array(number, { maxLength: 4 }), weird),
    cost: anyValue,
    radius: anyValue,
    scale: fc.oneof(fc.array(number, { maxLength: 3 }), weird),
  },
  { requiredKeys: [] },
);

const options: fc.Arbitrary<FitOptions> = fc.record(
  {
    method: fc.oneof(fc.constantFrom('lm', 'trf'), weird),
    loss: fc.oneof(fc.constantFrom('linear', 'soft_l1', 'huber', 'cauchy', 'arctan'), weird),
    fScale: anyValue,
    absoluteSigma: fc.oneof(fc.boolean(), weird),
    maxIterations: fc.oneof(
      fc.integer({ min: 1, max: 60 }),
      fc.constantFrom(0, -1, 1.5, 1e9, MAX_ITERATIONS + 1),
      weird,
    ),
    xtol: fc.oneof(fc.constantFrom(0, 1e-12, 1e-8, -1), weird),
    ftol: fc.oneof(fc.constantFrom(0, 1e-12, 1e-8), weird),
    gtol: fc.oneof(fc.constantFrom(0, 1e-12, 1e-8), weird),
    backend: fc.oneof(fc.constantFrom('auto', 'cpu', 'webgpu'), weird),
    onIteration: fc.oneof(
      fc.constant(() => undefined),
      fc.constant(() => 'stop' as const),
      weird,
    ),
    signal: fc.oneof(fc.constant({ aborted: false }), fc.constant({ aborted: true }), weird),
    bandsAt: fc.oneof(arrayOf(fc.integer({ min: 0, max: 5 })), weird),
    confidenceLevel: anyValue,
    resumeFrom: fc.oneof(resume, weird),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<FitOptions>;

/** Well-formed problems with extreme but legal numbers: the right answer must be finite. */
const PLAUSIBLE_MODELS: [string, string[]][] = [
  ['a*x+b', ['a', 'b']],
  ['a*exp(-x/t)+c', ['a', 't', 'c']],
  ['a*exp(b*x)', ['a', 'b']],
  ['log(abs(a*x)+1)', ['a']],
  ['sqrt(1e300+a)', ['a']],
  ['a/(x*x+b*b+1)', ['a', 'b']],
  ['a*sin(b*x)+c', ['a', 'b', 'c']],
  ['gaussian', []],
  ['exp-decay', []],
  ['linear', []],
];
const finite = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e-300, 1e150, -1e150, 5e-324) },
);
const plausible: fc.Arbitrary<[FitProblem, FitOptions]> = fc
  .tuple(fc.constantFrom(...PLAUSIBLE_MODELS), fc.integer({ min: 3, max: 12 }))
  .chain(([[expression, params], n]) =>
    fc.tuple(
      fc.record({
        model: fc.constant(expression),
        x: fc.array(finite, { minLength: n, maxLength: n }),
        y: fc.array(finite, { minLength: n, maxLength: n }),
        p0: fc
          .tuple(...params.map(() => fc.double({ min: -5, max: 5, noNaN: true })))
          .map((v) => Object.fromEntries(params.map((name, k) => [name, v[k]]))),
      }) as fc.Arbitrary<FitProblem>,
      fc.record(
        {
          loss: fc.constantFrom('linear', 'soft_l1', 'huber', 'cauchy', 'arctan'),
          maxIterations: fc.integer({ min: 1, max: 60 }),
          onIteration: fc.constantFrom(
            () => undefined,
            (st: { iteration: number }) => (st.iteration > 3 ? ('stop' as const) : undefined),
          ),
          bandsAt: fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { maxLength: 5 }),
          resumeFrom: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: resume }),
        },
        { requiredKeys: ['maxIterations'] },
      ) as fc.Arbitrary<FitOptions>,
    ),
  );

/** Iterations a fit may take: what it asked for, else the solver's default (100·(n+1), at most 10⁵). */
const iterationBound = (o: FitOptions): number =>
  typeof o.maxIterations === 'number' ? o.maxIterations : MAX_ITERATIONS;

function checkError(e: unknown): void {
  if (!(e instanceof FitbenchError)) throw e;
  expect(e.code).not.toBe('INTERNAL');
  expect(typeof e.message).toBe('string');
  expect(e.message.length).toBeGreaterThan(0);
  expect(e.message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
  expect(e.message).not.toMatch(/\[object |Symbol\(|undefined is not|is not a function/);
}

describe('curveFit fuzz', () => {
  it('answers 10,000 hostile inputs with a coded error or a finite result', async () => {
    let results = 0;
    let errors = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(plausible, fc.tuple(problem, fc.oneof(options, fc.constant(undefined), weird))),
        async ([p, o]) => {
          try {
            const r = await curveFit(p, o as LibraryFitOptions);
            results++;
            expect(Number.isFinite(r.cost)).toBe(true);
            for (const name of r.paramNames) expect(Number.isFinite(r.params[name])).toBe(true);
            expect(r.iterations).toBeLessThanOrEqual(iterationBound((o ?? {}) as FitOptions));
          } catch (e) {
            errors++;
            checkError(e);
          }
        },
      ),
      { numRuns: 10_000, seed: 20261202, endOnFailure: true },
    );
    // Both outcomes are exercised: the generator is not all garbage.
    expect(results).toBeGreaterThan(2000);
    expect(errors).toBeGreaterThan(4000);
  });
});
