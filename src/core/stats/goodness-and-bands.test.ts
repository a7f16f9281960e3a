import { describe, expect, it } from 'vitest';
import { dataSumsOfSquares, goodnessOfFit, totalSumOfSquares } from './goodness-of-fit';
import { confidenceBands, confidenceIntervals, criticalT } from './confidence';
import { studentTQuantile } from './student-t';
import { covarianceFromJacobian } from './covariance';

describe('goodnessOfFit', () => {
  it('gives SS_tot and the raw Σ(y/σ)² from one call, weighted and not', () => {
    const y = [1, 2, 3, 5];
    expect(dataSumsOfSquares(y)).toEqual({ total: 8.75, raw: 39 });
    const sigma = [1, 2, 0.5, 1];
    const w = sigma.map((s) => 1 / (s * s));
    const mean = y.reduce((a, v, i) => a + w[i] * v, 0) / w.reduce((a, b) => a + b, 0);
    const sums = dataSumsOfSquares(y, sigma);
    expect(sums.total).toBeCloseTo(
      y.reduce((a, v, i) => a + ((v - mean) / sigma[i]) ** 2, 0),
      13,
    );
    expect(sums.raw).toBeCloseTo(
      y.reduce((a, v, i) => a + (v / sigma[i]) ** 2, 0),
      13,
    );
    expect(totalSumOfSquares(y, sigma)).toBe(sums.total);
  });

  it('gives exactly the left-to-right sums: Σ y², and Σ (y − ȳ)² about ȳ = Σ y / n', () => {
    const y = Float64Array.from({ length: 1001 }, (_, i) => Math.sin(i * 0.37) * 10 ** ((i % 9) - 4) + 1e3);
    let sum = 0;
    let raw = 0;
    for (const v of y) {
      sum += v;
      raw += v * v;
    }
    const mean = sum / y.length;
    let total = 0;
    for (const v of y) total += (v - mean) ** 2;
    expect(dataSumsOfSquares(y)).toEqual({ total, raw });
    expect(Object.is(dataSumsOfSquares(y).total, total)).toBe(true);
  });

  it('computes χ², reduced χ², R², AIC and BIC as lmfit does (unweighted)', () => {
    const y = [1, 2, 3, 5];
    const r = [0.1, -0.2, 0.05, 0.1];
    const g = goodnessOfFit({ y, weightedResiduals: r, numFreeParams: 2 });
    const chi2 = 0.01 + 0.04 + 0.0025 + 0.01;
    expect(g.chiSquare).toBeCloseTo(chi2, 15);
    expect(g.dof).toBe(2);
    expect(g.nPoints).toBe(4);
    expect(g.reducedChiSquare).toBeCloseTo(chi2 / 2, 15);
    // ȳ = 2.75, SS_tot = 3.0625 + 0.5625 + 0.0625 + 5.0625 = 8.75
    expect(g.rSquared).toBeCloseTo(1 - chi2 / 8.75, 15);
    expect(g.aic).toBeCloseTo(4 * Math.log(chi2 / 4) + 4, 13);
    expect(g.bic).toBeCloseTo(4 * Math.log(chi2 / 4) + Math.log(4) * 2, 13);
  });

  it('uses the weighted R² when sigma is given', () => {
    const y = [1, 2, 4];
    const sigma = [1, 2, 0.5];
    const f = [1.1, 1.8, 4.1];
    const r = y.map((v, i) => (v - f[i]) / sigma[i]);
    const g = goodnessOfFit({ y, weightedResiduals: r, sigma, numFreeParams: 1 });
    const w = sigma.map((s) => 1 / (s * s));
    const mean = (w[0] * 1 + w[1] * 2 + w[2] * 4) / (w[0] + w[1] + w[2]);
    const ssTot = y.reduce((acc, v, i) => acc + w[i] * (v - mean) ** 2, 0);
    expect(g.rSquared).toBeCloseTo(1 - g.chiSquare / ssTot, 14);
  });

  it('stays finite for perfect fits, constant data and n = k', () => {
    const perfect = goodnessOfFit({ y: [1, 2, 3], weightedResiduals: [0, 0, 0], numFreeParams: 2 });
    expect(perfect.rSquared).toBe(1);
    expect(Number.isFinite(perfect.aic)).toBe(true);
    expect(perfect.aic).toBeCloseTo(3 * Math.log(1e-250) + 4, 8);
    const flat = goodnessOfFit({ y: [2, 2, 2], weightedResiduals: [0.1, 0, -0.1], numFreeParams: 1 });
    expect(flat.rSquared).toBe(0);
    const exact = goodnessOfFit({ y: [1, 2], weightedResiduals: [0.5, 0.5], numFreeParams: 2 });
    expect(exact.dof).toBe(0);
    expect(exact.reducedChiSquare).toBe(0.5);
    const bad = goodnessOfFit({ y: [1, 2, 3], weightedResiduals: [NaN, 0, 1], numFreeParams: 1 });
    expect(bad.rSquared).toBeNaN();
  });
});

describe('confidence intervals and bands', () => {
  it('gives the same critical t from its cache as from the quantile, past the cache size too', () => {
    const asked: [number, number][] = [];
    for (let dof = 1; dof <= 100; dof++) asked.push([0.95, dof], [0.683, dof * 7.5]);
    for (const [level, dof] of [...asked, ...asked.reverse()]) {
      expect(criticalT(level, dof)).toBe(studentTQuantile(0.5 + level / 2, dof));
    }
  });

  it('uses t_{0.975, dof}', () => {
    expect(criticalT(0.95, 10)).toBeCloseTo(2.228138851986274, 13);
    expect(criticalT(0.95, 0)).toBe(Infinity);
    expect(criticalT(1.5, 10)).toBeNaN();
    const [[lo, hi]] = confidenceIntervals([5], [0.5], 10);
    expect(lo).toBeCloseTo(5 - 0.5 * 2.228138851986274, 13);
    expect(hi).toBeCloseTo(5 + 0.5 * 2.228138851986274, 13);
    expect(confidenceIntervals([5], [0], 0)[0]).toEqual([5, 5]);
    expect(confidenceIntervals([5], [1], 0)[0]).toEqual([-Infinity, Infinity]);
    const [[lo99]] = confidenceIntervals([0], [1], 4, 0.99);
    expect(lo99).toBeCloseTo(-4.604094871349992, 12);
  });

  it('match the textbook formulas for a straight line', () => {
    // y = c0 + c1 x, unweighted: half-widths t·s·√(1/n + (x0−x̄)²/Sxx) and t·s·√(1 + …).
    const xs = [0, 1, 2, 3, 4, 5];
    const ys = [0.1, 1.2, 1.9, 3.2, 3.9, 5.1];
    const n = xs.length;
    const xbar = xs.reduce((a, b) => a + b, 0) / n;
    const ybar = ys.reduce((a, b) => a + b, 0) / n;
    const sxx = xs.reduce((a, x) => a + (x - xbar) ** 2, 0);
    const c1 = xs.reduce((a, x, i) => a + (x - xbar) * (ys[i] - ybar), 0) / sxx;
    const c0 = ybar - c1 * xbar;
    const res = ys.map((y, i) => y - c0 - c1 * xs[i]);
    const s2 = res.reduce((a, r) => a + r * r, 0) / (n - 2);
    const jac = new Float64Array(xs.flatMap((x) => [-1, -x]));
    const cov = covarianceFromJacobian(jac, n, 2, { paramNames: ['c0', 'c1'], scale: s2 });
    const at = [-1, 2.5, 7];
    const bands = confidenceBands(at, (x) => ({ value: c0 + c1 * x, gradient: [1, x] }), {
      covariance: cov.covariance,
      numFreeParams: 2,
      dof: n - 2,
      reducedChiSquare: s2,
    });
    const t = criticalT(0.95, n - 2);
    at.forEach((x0, i) => {
      const lever = 1 / n + (x0 - xbar) ** 2 / sxx;
      const conf = t * Math.sqrt(s2 * lever);
      const pred = t * Math.sqrt(s2 * (1 + lever));
      expect(bands.x[i]).toBe(x0);
      expect(bands.y[i]).toBeCloseTo(c0 + c1 * x0, 14);
      expect(bands.confidenceUpper[i] - bands.y[i]).toBeCloseTo(conf, 12);
      expect(bands.y[i] - bands.confidenceLower[i]).toBeCloseTo(conf, 12);
      expect(bands.predictionUpper[i] - bands.y[i]).toBeCloseTo(pred, 12);
      expect(bands.y[i] - bands.predictionLower[i]).toBeCloseTo(pred, 12);
    });
  });

  it('prediction noise: σ(x)²·reduced χ², or σ(x)² alone with absoluteSigma', () => {
    const common = { covariance: new Float64Array([0]), numFreeParams: 1, dof: 1e6, reducedChiSquare: 4 };
    const point = () => ({ value: 0, gradient: [1], sigma: 0.5 });
    const rel = confidenceBands([0], point, common);
    const abs = confidenceBands([0], point, { ...common, absoluteSigma: true });
    const t = criticalT(0.95, 1e6);
    expect(rel.predictionUpper[0]).toBeCloseTo(t * 0.5 * 2, 12);
    expect(abs.predictionUpper[0]).toBeCloseTo(t * 0.5, 12);
    expect(rel.confidenceUpper[0]).toBe(0);
    const none = confidenceBands([0], point, { ...common, dof: 0 });
    expect(none.confidenceUpper[0]).toBe(Infinity);
  });
});
