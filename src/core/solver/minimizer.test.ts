import { describe, expect, it } from 'vitest';
import type { FitStatus } from '../api-types';
import { FitbenchError } from '../errors';
import type { CompiledModel } from '../model/compiled-model';
import { createCpuEvaluator } from './cpu-evaluator';
import type { Evaluator } from './evaluator';
import { minimize } from './minimizer';
import type { MinimizerCheckpoint, MinimizerOptions } from './minimizer-types';

/** A CompiledModel from closed-form f and ∂f/∂θ of one predictor (written in the test). */
function handModel(names: string[], f: (p: Float64Array, x: number, g: Float64Array | null) => number): CompiledModel {
  const np = names.length;
  return {
    expression: names.join(','),
    paramNames: names,
    predictorNames: ['x'],
    evaluate(p, [x], out) {
      for (let i = 0; i < out.length; i++) out[i] = f(p, x[i], null);
    },
    evaluateWithJacobian(p, [x], out, jac) {
      const g = new Float64Array(np);
      for (let i = 0; i < out.length; i++) {
        out[i] = f(p, x[i], g);
        for (let j = 0; j < np; j++) jac[i * np + j] = g[j];
      }
    },
    wgsl: { source: '', numPredictors: 1, numParams: np },
  };
}

const MISRA1A = {
  x: [77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3, 536.8, 593.1, 689.1, 760.0],
  y: [10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05, 61.01, 66.4, 75.47, 81.78],
  model: handModel(['b1', 'b2'], (p, x, g) => {
    const e = Math.exp(-p[1] * x);
    if (g) {
      g[0] = 1 - e;
      g[1] = p[0] * x * e;
    }
    return p[0] * (1 - e);
  }),
  start1: [500, 1e-4],
  cert: [2.3894212918e2, 5.5015643181e-4],
};

const BOXBOD = {
  x: [1, 2, 3, 5, 7, 10],
  y: [109, 149, 149, 191, 213, 224],
  model: MISRA1A.model,
  start1: [1, 1],
  cert: [2.1380940889e2, 5.4723748542e-1],
};

const MGH09 = {
  x: [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625],
  y: [0.1957, 0.1947, 0.1735, 0.16, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246],
  model: handModel(['b1', 'b2', 'b3', 'b4'], (p, x, g) => {
    const num = x * x + x * p[1];
    const den = x * x + x * p[2] + p[3];
    if (g) {
      g[0] = num / den;
      g[1] = (p[0] * x) / den;
      g[2] = (-p[0] * num * x) / (den * den);
      g[3] = (-p[0] * num) / (den * den);
    }
    return (p[0] * num) / den;
  }),
  start1: [25, 39, 41.5, 39],
  cert: [1.9280693458e-1, 1.9128232873e-1, 1.2305650693e-1, 1.3606233068e-1],
};

type Problem = typeof MISRA1A;
const evaluatorOf = (d: Problem, extra: Partial<Parameters<typeof createCpuEvaluator>[0]> = {}) =>
  createCpuEvaluator({ model: d.model, predictors: [Float64Array.from(d.x)], y: Float64Array.from(d.y), ...extra });

function lre(est: number, cert: number): number {
  return est === cert ? 11 : -Math.log10(Math.abs(est - cert) / Math.abs(cert));
}

/** Rosenbrock as least squares: r = (10(x₂ − x₁²), 1 − x₁). */
function rosenbrock(): Evaluator & { costCalls: number } {
  const res = (p: Float64Array, r: Float64Array) => {
    r[0] = 10 * (p[1] - p[0] * p[0]);
    r[1] = 1 - p[0];
  };
  const r = new Float64Array(2);
  const ev = {
    numResiduals: 2,
    numParameters: 2,
    paramNames: ['x1', 'x2'],
    kind: 'dense' as const,
    backend: 'cpu' as const,
    costCalls: 0,
    cost(p: Float64Array) {
      ev.costCalls++;
      res(p, r);
      return 0.5 * (r[0] * r[0] + r[1] * r[1]);
    },
    linearize(p: Float64Array, out: Float64Array, jac: Float64Array) {
      res(p, out);
      jac.set([-20 * p[0], 10, -1, 0]);
      return 0.5 * (out[0] * out[0] + out[1] * out[1]);
    },
    normalEquations(p: Float64Array, jtj: Float64Array, jtr: Float64Array) {
      const jac = new Float64Array(4);
      const c = ev.linearize(p, r, jac);
      jtj.set([jac[0] * jac[0] + 1, jac[0] * 10, jac[0] * 10, 100]);
      jtr.set([jac[0] * r[0] - r[1], 10 * r[0]]);
      return c;
    },
    residuals(p: Float64Array, out: Float64Array) {
      res(p, out);
    },
  };
  return ev;
}

async function expectCode(run: () => Promise<unknown>, code: string): Promise<void> {
  await expect(run()).rejects.toSatisfy((e: unknown) => e instanceof FitbenchError && e.code === code);
}

describe('Levenberg–Marquardt and TRF', () => {
  for (const [method, linearSolver] of [
    ['lm', 'qr'],
    ['lm', 'normal'],
    ['trf', 'auto'],
  ] as const) {
    const opts: MinimizerOptions = { method, linearSolver };
    it(`${method}/${linearSolver} solves Rosenbrock from (−1.2, 1)`, async () => {
      const s = await minimize(rosenbrock(), new Float64Array([-1.2, 1]), opts);
      expect(s.converged).toBe(true);
      expect(s.params[0]).toBeCloseTo(1, 10);
      expect(s.params[1]).toBeCloseTo(1, 10);
      expect(s.cost).toBeLessThan(1e-20);
      expect(s.history[0]).toBeCloseTo(12.1, 10);
      expect(s.history.length).toBe(s.iterations + 1);
    });

    for (const [name, d] of [
      ['Misra1a', MISRA1A],
      ['BoxBOD', BOXBOD],
      ['MGH09', MGH09],
    ] as const) {
      it(`${method}/${linearSolver} reaches NIST ${name} (start 1) to 6 digits`, async () => {
        const s = await minimize(evaluatorOf(d), Float64Array.from(d.start1), opts);
        expect(s.converged).toBe(true);
        for (let j = 0; j < d.cert.length; j++) expect(lre(s.params[j], d.cert[j])).toBeGreaterThan(6);
        expect(s.message).toMatch(/tolerance/);
        expect(s.jtj.length).toBe(d.cert.length ** 2);
      });
    }
  }

  it('keeps TRF iterates strictly inside the bounds and reports the active bound', async () => {
    const seen: number[] = [];
    const s = await minimize(evaluatorOf(MISRA1A), new Float64Array([150, 1e-3]), {
      lower: new Float64Array([100, 0]),
      upper: new Float64Array([200, 1]),
      onIteration: (st) => {
        seen.push(st.params[0]);
      },
    });
    expect(s.method).toBe('trf');
    for (const b1 of seen) expect(b1 < 200 && b1 > 100).toBe(true);
    expect(s.params[0]).toBeLessThan(200);
    expect(s.params[0]).toBeGreaterThan(199.999);
    expect(s.activeMask[0]).toBe(1);
    expect(s.activeMask[1]).toBe(0);
  });

  it('fits with a fixed parameter', async () => {
    const ev = evaluatorOf(MISRA1A, { fixed: { b2: MISRA1A.cert[1] } });
    const s = await minimize(ev, new Float64Array([300]));
    expect(lre(s.params[0], MISRA1A.cert[0])).toBeGreaterThan(7);
  });

  it('rejects a non-finite trial point and carries on', async () => {
    const ev = rosenbrock();
    const inner = ev.cost.bind(ev);
    let calls = 0;
    // The first two trial points land in a region where the model is undefined.
    ev.cost = (p) => (++calls <= 2 ? NaN : inner(p));
    const s = await minimize(ev, new Float64Array([-1.2, 1]));
    expect(calls).toBeGreaterThan(2);
    expect(s.converged).toBe(true);
    expect(s.params[0]).toBeCloseTo(1, 10);
    expect(s.history.every(Number.isFinite)).toBe(true);
    expect(s.history[2]).toBe(s.history[0]);
  });

  it('raises FIT_NONFINITE when the start is non-finite', async () => {
    const model = handModel(['a'], (p, x, g) => {
      if (g) g[0] = 0.5 / Math.sqrt(p[0] - x);
      return Math.sqrt(p[0] - x);
    });
    const ev = createCpuEvaluator({ model, predictors: [new Float64Array([1, 2, 3])], y: new Float64Array([1, 1, 1]) });
    await expectCode(() => minimize(ev, new Float64Array([0])), 'FIT_NONFINITE');
    await expectCode(() => minimize(ev, new Float64Array([0]), { method: 'trf' }), 'FIT_NONFINITE');
  });

  it("stops when the callback returns 'stop' and when the signal aborts", async () => {
    const stopped = await minimize(evaluatorOf(MGH09), Float64Array.from(MGH09.start1), {
      onIteration: (st) => (st.iteration === 3 ? 'stop' : undefined),
    });
    expect(stopped.status).toBe<FitStatus>('user-stop');
    expect(stopped.iterations).toBe(3);
    expect(stopped.converged).toBe(false);
    for (const method of ['lm', 'trf'] as const) {
      const signal = { aborted: false };
      const aborted = await minimize(evaluatorOf(MGH09), Float64Array.from(MGH09.start1), {
        method,
        signal,
        onIteration: (st) => {
          if (st.iteration === 2) signal.aborted = true;
        },
      });
      expect(aborted.status).toBe<FitStatus>('aborted');
      expect(aborted.iterations).toBe(2);
      expect(aborted.message).toMatch(/Aborted/);
    }
  });

  it('stops at maxIterations', async () => {
    const s = await minimize(evaluatorOf(MGH09), Float64Array.from(MGH09.start1), { maxIterations: 4 });
    expect(s.status).toBe<FitStatus>('max-iterations');
    expect(s.iterations).toBe(4);
  });

  for (const method of ['lm', 'trf'] as const) {
    it(`${method} resumed from a mid-run checkpoint reaches the same answer`, async () => {
      const start = Float64Array.from(MGH09.start1);
      const full = await minimize(evaluatorOf(MGH09), start, { method });
      let saved: MinimizerCheckpoint | undefined;
      await minimize(evaluatorOf(MGH09), start, {
        method,
        onIteration: (st) => {
          if (st.iteration === 10) {
            saved = JSON.parse(JSON.stringify(st.checkpoint())) as MinimizerCheckpoint;
            return 'stop';
          }
        },
      });
      expect(saved?.iteration).toBe(10);
      const resumed = await minimize(evaluatorOf(MGH09), start, { method, resume: saved });
      expect(resumed.iterations).toBe(full.iterations);
      expect(resumed.history.length).toBe(full.history.length);
      for (let j = 0; j < 4; j++) expect(resumed.params[j]).toBeCloseTo(full.params[j], 12);
    });
  }

  it('ends with gtol on an exact fit', async () => {
    const x = [1, 2, 3, 4];
    const y = x.map((v) => 10 * (1 - Math.exp(-0.5 * v)));
    const s = await minimize(evaluatorOf({ ...MISRA1A, x, y }), new Float64Array([10, 0.5]));
    expect(s.status).toBe<FitStatus>('gtol');
    expect(s.iterations).toBe(0);
  });

  it('a robust loss resists outliers', async () => {
    const x = Array.from({ length: 40 }, (_, i) => 20 * i);
    const y = x.map((v, i) => 240 * (1 - Math.exp(-5.5e-4 * v)) + (i % 7 === 3 ? 40 : 0.1 * Math.sin(i)));
    const d = { ...MISRA1A, x, y };
    const plain = await minimize(evaluatorOf(d), new Float64Array([250, 5e-4]));
    const robust = await minimize(evaluatorOf(d, { loss: 'soft_l1', fScale: 0.5 }), new Float64Array([250, 5e-4]));
    expect(Math.abs(robust.params[0] - 240)).toBeLessThan(Math.abs(plain.params[0] - 240) / 5);
  });

  it('rejects bad options with a named error', async () => {
    const ev = evaluatorOf(MISRA1A);
    const x0 = new Float64Array([500, 1e-4]);
    const bounds = { lower: new Float64Array([0, 0]), upper: new Float64Array([1000, 1]) };
    await expectCode(() => minimize(ev, x0, { method: 'lm', ...bounds }), 'OPTIONS_INVALID');
    await expectCode(
      () => minimize(ev, x0, { lower: new Float64Array([600, 0]), upper: new Float64Array([100, 1]) }),
      'BOUNDS_INVERTED',
    );
    await expectCode(() => minimize(ev, x0, { lower: new Float64Array([600, 0]) }), 'START_OUTSIDE_BOUNDS');
    await expectCode(() => minimize(ev, x0, { xtol: -1 }), 'OPTIONS_INVALID');
    await expectCode(() => minimize(ev, x0, { maxIterations: 0 }), 'OPTIONS_INVALID');
    await expectCode(() => minimize(ev, new Float64Array([1])), 'OPTIONS_INVALID');
    await expectCode(() => minimize(ev, new Float64Array([NaN, 1])), 'PARAM_NONFINITE');
    const tiny = evaluatorOf({ ...MISRA1A, x: [1], y: [2] });
    await expectCode(() => minimize(tiny, x0), 'DATA_TOO_FEW_POINTS');
    const bad: MinimizerCheckpoint = {
      method: 'trf',
      params: [1, 2],
      cost: 1,
      iteration: 1,
      nfev: 1,
      njev: 1,
      radius: 1,
      alpha: 0,
      scale: [],
      history: [1],
    };
    await expectCode(() => minimize(ev, x0, { resume: bad }), 'CHECKPOINT_CORRUPT');
  });
});
