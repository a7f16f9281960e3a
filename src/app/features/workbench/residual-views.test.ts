import { describe, expect, it } from 'vitest';
import { residualSummary, standardizedResiduals, standardizedSample } from './residual-views';

describe('residual views', () => {
  it('standardizes by σ and the residual scale', () => {
    const z = standardizedResiduals([2, -2, 2, -2], [2, 2, 2, 2], 0);
    expect([...z]).toEqual([1, -1, 1, -1]);
  });

  it('a normal sample lies on the Q–Q diagonal; the histogram counts every point', () => {
    const n = 2000;
    const z = new Float64Array(n);
    // Exact normal quantiles: the Q–Q plot of them is the line y = x.
    for (let i = 0; i < n; i++) z[i] = Math.SQRT2 * erfinvApprox(2 * ((i + 0.5) / n) - 1);
    const { histogram, qq } = residualSummary(z);
    expect(histogram.reduce((a, b) => a + b.y, 0)).toBe(n);
    for (const p of qq.slice(5, -5)) expect(Math.abs(p.y - p.x)).toBeLessThan(0.02);
  });
});

/** Inverse error function (Giles' approximation), enough for a test sample. */
function erfinvApprox(x: number): number {
  let w = -Math.log((1 - x) * (1 + x));
  let p: number;
  if (w < 5) {
    w -= 2.5;
    p = 2.81022636e-8;
    for (const c of [
      3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727,
      1.50140941,
    ])
      p = c + p * w;
  } else {
    w = Math.sqrt(w) - 3;
    p = -0.000200214257;
    for (const c of [
      0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406,
      2.83297682,
    ])
      p = c + p * w;
  }
  return p * x;
}

describe('standardizedSample', () => {
  it('matches standardizedResiduals on the rows residualSummary samples, from χ² alone', () => {
    const n = 120_001;
    const r = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 7)));
    const s = Float64Array.from({ length: n }, (_, i) => 0.5 + (i % 5));
    let chi2 = 0;
    for (let i = 0; i < n; i++) chi2 += (r[i] / s[i]) ** 2;
    const full = standardizedResiduals(r, s, 3);
    const step = Math.ceil(n / 50_000);
    const rows = Uint32Array.from({ length: Math.ceil(n / step) }, (_, k) => k * step);
    const sample = standardizedSample(
      Float64Array.from(rows, (i) => r[i]),
      rows,
      s,
      n,
      chi2,
      3,
    );
    for (let k = 0; k < sample.length; k += 997) expect(sample[k]).toBeCloseTo(full[k * step], 12);
    expect(residualSummary(sample)).toEqual(residualSummary(full));
    // Without χ², the scale is estimated from the sample: close, not equal.
    const estimated = standardizedSample(
      Float64Array.from(rows, (i) => r[i]),
      rows,
      s,
      n,
      Number.NaN,
      3,
    );
    expect(Math.abs(estimated[1] / sample[1] - 1)).toBeLessThan(0.05);
  });
});
