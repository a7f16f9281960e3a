import { describe, expect, it } from 'vitest';
import { curveFit } from '../fit';
import { FitbenchError } from '../errors';
import nested from './reference/nested-fits.json';
import { compareFits, type ComparableFit } from './compare-fits';

const fromLmfit: ComparableFit[] = nested.fits.map((f) => ({
  name: f.name,
  chiSquare: f.chisqr,
  nPoints: f.ndata,
  dof: f.nfree,
}));

describe('compareFits', () => {
  it('matches scipy.stats for the extra-sum-of-squares F test (1e-10) and lmfit for ΔAIC', () => {
    const pairs = nested.fTests.map((t) => [t.simple, t.complex] as [number, number]);
    const out = compareFits(fromLmfit, { nested: pairs });
    out.nestedTests.forEach((t, i) => {
      const ref = nested.fTests[i];
      expect(t.dfn).toBe(ref.df1);
      expect(t.dfd).toBe(ref.df2);
      expect(t.f).toBeCloseTo(ref.F, 9);
      expect(Math.abs(t.pValue - ref.p)).toBeLessThanOrEqual(1e-10);
      expect(Math.abs(t.pValue - ref.p) / ref.p).toBeLessThan(1e-8);
    });
    // Our AIC counts σ (K = k + 1) and the full Gaussian likelihood; lmfit's is n·ln(χ²/n) + 2k.
    const n = nested.fits[0].ndata;
    out.models.forEach((m, i) => {
      expect(m.aic - nested.fits[i].lmfit_aic).toBeCloseTo(n * (Math.log(2 * Math.PI) + 1) + 2, 8);
      expect(m.bic - nested.fits[i].lmfit_bic).toBeCloseTo(n * (Math.log(2 * Math.PI) + 1) + Math.log(n), 8);
    });
  });

  it('computes AICc, weights and evidence ratios as Prism does', () => {
    const out = compareFits(fromLmfit);
    const n = 250;
    out.models.forEach((m, i) => {
      const k = m.numParams + 1;
      expect(m.numParams).toBe(nested.fits[i].nvarys);
      expect(m.aicc).toBeCloseTo(
        n * Math.log(m.chiSquare / n) + 2 * k + (2 * k * (k + 1)) / (n - k - 1) + n * (Math.log(2 * Math.PI) + 1),
        8,
      );
    });
    expect(out.best).toBe(2);
    expect(out.models.reduce((s, m) => s + m.akaikeWeight, 0)).toBeCloseTo(1, 14);
    expect(out.models[2].deltaAicc).toBe(0);
    expect(out.models[2].evidenceRatio).toBe(1);
    const d = out.models[0].deltaAicc;
    expect(out.models[0].evidenceRatio / Math.exp(d / 2)).toBeCloseTo(1, 12);
    expect(out.models[2].akaikeWeight / out.models[1].akaikeWeight / out.models[1].evidenceRatio).toBeCloseTo(1, 10);
    expect(out.conclusion).toMatch(
      /^two-exponentials is preferred by AICc \(Akaike weight 100%, .* times more likely than one-exponential-offset\)\.$/,
    );
  });

  it('states the F test verdict in the conclusion, both ways', () => {
    const close: ComparableFit[] = [
      { name: 'A', chiSquare: 10, nPoints: 50, dof: 48 },
      { name: 'B', chiSquare: 9.9, nPoints: 50, dof: 47 },
    ];
    const out = compareFits(close, { nested: true });
    expect(out.nestedTests[0].preferred).toBe(0);
    expect(out.best).toBe(0);
    expect(out.conclusion).toContain('does not reject A at α = 0.05 (F(1, 47) = 0.474747');
    const far = compareFits(fromLmfit, { nested: [[0, 2]] });
    expect(far.conclusion).toContain(
      'rejects one-exponential for two-exponentials (F(2, 246) = 349.553, p = 1.26e-72)',
    );
  });

  it('compares real fits of nested models on lmfit’s data', async () => {
    const data = { x: nested.x, y: nested.y };
    const one = await curveFit({ ...data, model: 'a*exp(-(x-0.1)/t)', p0: { a: -4, t: 10 } });
    const two = await curveFit({
      ...data,
      model: 'a1*exp(-x/t1) + a2*exp(-(x-0.1)/t2)',
      p0: { a1: 4, t1: 3, a2: -4, t2: 10 },
    });
    expect(one.chiSquare).toBeCloseTo(nested.fits[0].chisqr, 6);
    expect(two.chiSquare).toBeCloseTo(nested.fits[2].chisqr, 6);
    const out = compareFits([one, two], { nested: true });
    expect(out.models[0].name).toBe(one.expression);
    expect(out.nestedTests[0].pValue / nested.fTests[1].p).toBeCloseTo(1, 4);
    expect(out.best).toBe(1);
  });

  it('rejects what cannot be compared with coded errors', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof FitbenchError ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(() => compareFits([fromLmfit[0]]))).toBe('OPTIONS_INVALID');
    expect(code(() => compareFits([fromLmfit[0], { ...fromLmfit[1], nPoints: 10, dof: 7 }]))).toBe(
      'DATA_LENGTH_MISMATCH',
    );
    expect(code(() => compareFits(fromLmfit, { nested: [[2, 0]] }))).toBe('OPTIONS_INVALID');
    expect(code(() => compareFits(fromLmfit, { nested: [[0, 7]] }))).toBe('OPTIONS_INVALID');
    expect(code(() => compareFits([fromLmfit[0], { chiSquare: NaN, nPoints: 250, dof: 3 }]))).toBe('OPTIONS_INVALID');
  });

  it('notes AICc undefined for tiny data sets, robust losses and failed fits', () => {
    const out = compareFits([
      { name: 'A', chiSquare: 1, nPoints: 4, dof: 2, loss: 'huber' },
      { name: 'B', chiSquare: 0.5, nPoints: 4, dof: 1, converged: false },
    ]);
    expect(out.models[1].aicc).toBeNaN();
    expect(out.notes.join('\n')).toMatch(/AICc is undefined/);
    expect(out.notes.join('\n')).toMatch(/robust loss/);
    expect(out.notes.join('\n')).toMatch(/did not converge/);
    expect(structuredClone(out)).toEqual(out);
  });
});
