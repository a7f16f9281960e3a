import { describe, expect, it } from 'vitest';
import { compileModel, deriveModel, parseModel } from './compile-model';
import { generateFusedWasm } from './codegen-wasm';
import { fusedWasmBinder } from './wasm-fused-kernel';
import { listLibraryModels } from './library';
import { createCpuEvaluator } from '../solver/cpu-evaluator';

const n = 61;
const x = Float64Array.from({ length: n }, (_, i) => -3 + i / 10);
const x2 = Float64Array.from({ length: n }, (_, i) => 0.5 + Math.cos(i));
const y = Float64Array.from(x, (v, i) => Math.exp(-v * v) + 0.3 * Math.sin(3 * i));
const w = Float64Array.from(x, (_, i) => 1 / (0.4 + (i % 5) * 0.3));

/** Starting values that make most models finite on x (typical values where the library has them). */
function paramsFor(names: readonly string[], typical: Record<string, number> = {}): Float64Array {
  return Float64Array.from(names, (name, k) => typical[name] ?? 0.7 + 0.3 * k);
}

function kernelsOf(expression: string, predictors?: string[]) {
  const model = compileModel(expression, predictors ? { predictors } : {});
  const fused = model.fused;
  if (!fused) throw new Error('no fused kernels');
  const columns = predictors && predictors.length === 2 ? [x, x2] : [x];
  return { model, fused, columns };
}

const SYNTHETIC = [
  { expression: 'a*exp(-(x-mu)^2/(2*s^2)) + c' },
  { expression: 'a1*exp(-x/t1) + a2*exp(-x/t2) + c' },
  { expression: 'a*sqrt(abs(x - b)) + c*abs(x)' }, // ∂/∂b holds sign(x − b)
  { expression: 'min(a*x, b) + max(c, x^2) - d/(x^2 + e^2)' },
  { expression: 'a*(x - b)^3 + c*(x + d)^-2 + (x*e)^0.5*0' },
  { expression: 'a*exp(b*x1) + c*x2^2 + pi*d + e', predictors: ['x1', 'x2'] },
  // exp beyond its table range and of NaN go through Math.exp, lane by lane.
  { expression: 'a*exp(b*x*800) + c' },
];

describe('WebAssembly fused normal-equation kernel', () => {
  const cases = [
    ...SYNTHETIC,
    ...listLibraryModels().map((m) => ({ expression: m.expression, typical: m.typical, library: m.name })),
  ];
  let generated = 0;
  for (const c of cases) {
    const label = 'library' in c ? `${c.library}: ${c.expression}` : c.expression;
    it(`matches the JavaScript kernel row for row, bit for bit (${label})`, () => {
      const { model, fused, columns } = kernelsOf(c.expression, 'predictors' in c ? c.predictors : undefined);
      const P = model.paramNames.length;
      const params = paramsFor(model.paramNames, 'typical' in c ? c.typical : {});
      const accLength = 1 + P + (P * (P + 1)) / 2;
      for (const weights of [null, w]) {
        const bound = fused.bindNormalEquations(columns, y, weights);
        if (!bound) return; // log, sin, pow…: the model stays on JavaScript (checked below)
        generated++;
        const js = new Float64Array(accLength);
        const wasm = new Float64Array(accLength);
        // One row (the masked odd-row path) and two rows (one f64x2 step): the lanes add to
        // exactly what the JavaScript running sum gives, so these compare bit for bit.
        for (const span of [1, 2]) {
          for (let i = 0; i + span <= n; i++) {
            fused.normalEquations(params, columns, y, weights, i, i + span, js);
            expect(bound.run(params, i, i + span, wasm)).toBe(true);
            for (let k = 0; k < accLength; k++) expect(Object.is(wasm[k], js[k]) || wasm[k] === js[k]).toBe(true);
          }
        }
        // Longer ranges, any start and parity: the two lanes add the rows at even and at odd
        // offsets from `start` apart, in row order, then lane 0 + lane 1 — exactly that, bit for bit.
        const row = new Float64Array(accLength);
        for (const [start, end] of [
          [0, n],
          [3, n],
          [5, 9],
          [2, 7],
          [1, 4],
          [6, 6],
        ]) {
          const lanes = [new Float64Array(accLength), new Float64Array(accLength)];
          for (let i = start; i < end; i++) {
            fused.normalEquations(params, columns, y, weights, i, i + 1, row);
            for (let k = 0; k < accLength; k++) lanes[(i - start) & 1][k] += row[k];
          }
          expect(bound.run(params, start, end, wasm)).toBe(true);
          for (let k = 0; k < accLength; k++) expect(Object.is(wasm[k], lanes[0][k] + lanes[1][k])).toBe(true);
        }
      }
    });
  }

  it('covers every synthetic model and most of the library (the rest call log, sin, pow or erf)', () => {
    expect(generated).toBeGreaterThanOrEqual(2 * (SYNTHETIC.length + 8));
  });

  it('is not generated where a row would call into JavaScript', () => {
    for (const expression of ['a*log(x) + b', 'a*sin(b*x)', 'a*x^b', 'a*erf(x/b)']) {
      const parsed = parseModel(expression);
      const { value, gradient } = deriveModel(parsed);
      const slots = { paramNames: parsed.paramNames, predictorNames: parsed.predictorNames };
      expect(generateFusedWasm([value, ...gradient], slots, false)).toBeNull();
      expect(compileModel(expression).fused!.bindNormalEquations([x], y, null)).toBeUndefined();
    }
  });

  it('leaves the JavaScript kernel in charge when the module does not compile', () => {
    const parsed = parseModel('a*x + b');
    const { value, gradient } = deriveModel(parsed);
    const slots = { paramNames: parsed.paramNames, predictorNames: parsed.predictorNames };
    const good = generateFusedWasm([value, ...gradient], slots, false)!;
    // An unknown binary version: CompileError, as code generation refused by a CSP would be.
    const bytes = good.bytes.slice();
    bytes[4] = 0x7f;
    const bind = fusedWasmBinder('test: corrupt module', () => ({ ...good, bytes }));
    expect(bind([x], y, null)).toBeUndefined();
  });

  it('fits that share a model and alternate (a global fit) each see their own data', () => {
    const { fused } = kernelsOf('a1*exp(-x/t1) + a2*exp(-x/t2) + c');
    const params = Float64Array.of(1.5, 0.7, 1.5, 2, 0);
    const sets = [0, 1, 2, 3, 4, 5].map((k) => {
      const ys = Float64Array.from(x, (v) => (1 + k) * Math.exp(-v / (0.5 + k)) + 0.1 * k);
      return { ys, bound: fused.bindNormalEquations([x], ys, k % 2 ? w : null)!, weights: k % 2 ? w : null };
    });
    const js = new Float64Array(21);
    const wasm = new Float64Array(21);
    // More data sets than pooled instances, in turns and out of turn: every pass copies in
    // whatever its instance lost, and pairs of rows compare bit for bit.
    for (const order of [
      [0, 1, 2, 3, 4, 5],
      [5, 0, 5, 0, 3, 1, 1, 2],
    ]) {
      for (const k of order) {
        const { ys, bound, weights } = sets[k];
        fused.normalEquations(params, [x], ys, weights, 10, 12, js);
        expect(bound.run(params, 10, 12, wasm)).toBe(true);
        expect(Array.from(wasm)).toEqual(Array.from(js));
      }
    }
  });

  it('a fit whose instance grew for a larger one gets its own rows back', () => {
    const { fused } = kernelsOf('a*exp(-(x-mu)^2/(2*s^2)) + c');
    const params = Float64Array.of(1.4, 0.2, 0.7, 0.1);
    const sizes = [600, 40_000, 900, 300_000];
    const fits = sizes.map((m, k) => {
      const xs = Float64Array.from({ length: m }, (_, i) => -3 + (6 * i) / m);
      const ys = Float64Array.from(xs, (v, i) => Math.exp(-v * v) + 0.01 * k + 1e-3 * Math.sin(i));
      return { xs, ys, bound: fused.bindNormalEquations([xs], ys, null)! };
    });
    const js = new Float64Array(15);
    const wasm = new Float64Array(15);
    for (const k of [0, 1, 2, 3, 0, 2, 1, 3, 0]) {
      const { xs, ys, bound } = fits[k];
      const at = xs.length - 2; // the last two rows: past every smaller fit's columns
      fused.normalEquations(params, [xs], ys, null, at, at + 2, js);
      expect(bound.run(params, at, at + 2, wasm)).toBe(true);
      expect(Array.from(wasm)).toEqual(Array.from(js));
    }
  });

  it('the CPU evaluator gives the JavaScript sums on large fits and follows data changed in place', () => {
    const m = 3001;
    const xs = Float64Array.from({ length: m }, (_, i) => i / 300);
    const ys = Float64Array.from(xs, (v) => 2 * Math.exp(-v / 0.5) + Math.exp(-v / 3) + 0.1);
    const model = compileModel('a1*exp(-x/t1) + a2*exp(-x/t2) + c');
    const evaluator = createCpuEvaluator({ model, predictors: [xs], y: ys });
    const params = Float64Array.of(1.5, 0.7, 1.5, 2, 0);
    const jtj = new Float64Array(25);
    const jtr = new Float64Array(5);
    // The JavaScript kernel over the whole range in one block (the evaluator's default).
    const reference = (): { cost: number; jtj: Float64Array; jtr: Float64Array } => {
      const acc = new Float64Array(21);
      model.fused!.normalEquations(params, [xs], ys, null, 0, m, acc);
      const a = new Float64Array(25);
      const b = new Float64Array(5);
      let o = 6;
      for (let j = 0; j < 5; j++) {
        b[j] = -acc[1 + j];
        for (let k = j; k < 5; k++) a[j * 5 + k] = a[k * 5 + j] = acc[o++];
      }
      return { cost: 0.5 * acc[0], jtj: a, jtr: b };
    };
    const check = (): void => {
      const cost = evaluator.normalEquations(params, jtj, jtr);
      const ref = reference();
      expect(cost).toBeCloseTo(ref.cost, 10);
      for (let k = 0; k < 25; k++)
        expect(Math.abs(jtj[k] - ref.jtj[k])).toBeLessThan(1e-11 * (1 + Math.abs(ref.jtj[k])));
      for (let k = 0; k < 5; k++)
        expect(Math.abs(jtr[k] - ref.jtr[k])).toBeLessThan(1e-11 * (1 + Math.abs(ref.jtr[k])));
    };
    check();
    // A batch workspace refills y in place and says so: the next pass sees the new data.
    for (let i = 0; i < m; i++) ys[i] = 3 * Math.exp(-xs[i]) + 0.2;
    evaluator.dataChanged();
    check();
  });
});
