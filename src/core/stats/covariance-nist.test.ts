/**
 * Covariance against NIST StRD certified standard errors: the Jacobian is evaluated
 * analytically at the certified parameters, so any disagreement is the covariance's own.
 */
import { describe, expect, it } from 'vitest';
import { hasNistData, loadNistProblem, type NistProblem } from '../../test-support/nist-strd';
import { covarianceFromJacobian, covarianceFromNormalMatrix } from './covariance';

type Model = (x: number, b: number[]) => { f: number; g: number[] };

function rational(num: number, den: number): Model {
  return (x, b) => {
    let n = 0;
    for (let k = num - 1; k >= 0; k--) n = n * x + b[k];
    let d = 0;
    for (let k = den; k >= 1; k--) d = d * x + b[num + k - 1];
    d = d * x + 1;
    const g: number[] = [];
    for (let k = 0; k < num; k++) g.push(x ** k / d);
    for (let k = 1; k <= den; k++) g.push((-n * x ** k) / (d * d));
    return { f: n / d, g };
  };
}

const MODELS: Record<string, Model> = {
  Misra1a: (x, [b1, b2]) => {
    const e = Math.exp(-b2 * x);
    return { f: b1 * (1 - e), g: [1 - e, b1 * x * e] };
  },
  MGH09: (x, [b1, b2, b3, b4]) => {
    const n = x * x + x * b2;
    const d = x * x + x * b3 + b4;
    return { f: (b1 * n) / d, g: [n / d, (b1 * x) / d, (-b1 * n * x) / (d * d), (-b1 * n) / (d * d)] };
  },
  MGH10: (x, [b1, b2, b3]) => {
    const e = Math.exp(b2 / (x + b3));
    return { f: b1 * e, g: [e, (b1 * e) / (x + b3), (-b1 * e * b2) / (x + b3) ** 2] };
  },
  Thurber: rational(4, 3),
  Hahn1: rational(4, 3),
  Bennett5: (x, [b1, b2, b3]) => {
    const base = b2 + x;
    const h = base ** (-1 / b3);
    return { f: b1 * h, g: [h, (-b1 / b3) * base ** (-1 / b3 - 1), (b1 * h * Math.log(base)) / (b3 * b3)] };
  },
  Eckerle4: (x, [b1, b2, b3]) => {
    const u = (x - b3) / b2;
    const e = Math.exp(-0.5 * u * u);
    return { f: (b1 / b2) * e, g: [e / b2, ((b1 * e) / (b2 * b2)) * (u * u - 1), ((b1 / b2) * e * u) / b2] };
  },
  Rat43: (x, [b1, b2, b3, b4]) => {
    const ex = Math.exp(b2 - b3 * x);
    const gg = 1 + ex;
    const h = gg ** (-1 / b4);
    const dh = (-1 / b4) * gg ** (-1 / b4 - 1) * ex;
    return { f: b1 * h, g: [h, b1 * dh, -b1 * dh * x, (b1 * h * Math.log(gg)) / (b4 * b4)] };
  },
};

function lre(got: number, want: number): number {
  const rel = Math.abs(got - want) / Math.abs(want);
  return rel === 0 ? 15 : Math.min(15, -Math.log10(rel));
}

function linearize(problem: NistProblem, model: Model) {
  const b = problem.certified.params;
  const m = problem.x.length;
  const p = b.length;
  const jac = new Float64Array(m * p);
  let rss = 0;
  for (let i = 0; i < m; i++) {
    const { f, g } = model(problem.x[i] as number, b);
    rss += (problem.y[i] - f) ** 2;
    for (let j = 0; j < p; j++) jac[i * p + j] = -g[j];
  }
  const jtj = new Float64Array(p * p);
  for (let i = 0; i < m; i++)
    for (let a = 0; a < p; a++) for (let c = 0; c < p; c++) jtj[a * p + c] += jac[i * p + a] * jac[i * p + c];
  return { jac, jtj, rss, m, p };
}

describe.skipIf(!hasNistData())('covariance vs NIST certified standard errors', () => {
  for (const [name, model] of Object.entries(MODELS)) {
    // Loaded lazily: collecting this suite must not read the shared folder (skipped when absent).
    const setup = () => {
      const problem = loadNistProblem(name);
      const lin = linearize(problem, model);
      return {
        problem,
        ...lin,
        names: problem.certified.params.map((_, j) => `b${j + 1}`),
        scale: lin.rss / (lin.m - lin.p),
      };
    };

    it(`${name}: residual sum of squares matches the certified one`, () => {
      const { problem, rss } = setup();
      expect(lre(rss, problem.certified.residualSumOfSquares)).toBeGreaterThan(8);
    });

    it(`${name}: standard errors from the Jacobian reach ≥ 8 digits`, () => {
      const { problem, jac, m, p, names, scale } = setup();
      const cov = covarianceFromJacobian(jac, m, p, { paramNames: names, scale });
      expect(cov.rank).toBe(p);
      expect(cov.diagnostics).toEqual([]);
      problem.certified.stdErrors.forEach((se, j) => {
        expect(lre(cov.stdErrors[j], se), `${name} b${j + 1}: ${cov.stdErrors[j]} vs ${se}`).toBeGreaterThanOrEqual(8);
      });
    });

    it(`${name}: standard errors from JᵀJ alone reach ≥ 5 digits`, () => {
      const { problem, jtj, m, p, names, scale } = setup();
      const cov = covarianceFromNormalMatrix(jtj, p, m, { paramNames: names, scale });
      expect(cov.rank).toBe(p);
      problem.certified.stdErrors.forEach((se, j) => {
        expect(lre(cov.stdErrors[j], se), `${name} b${j + 1}: ${cov.stdErrors[j]} vs ${se}`).toBeGreaterThanOrEqual(5);
      });
    });
  }
});
