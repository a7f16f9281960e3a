import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choleskyFactor, choleskyInverse, choleskySolve } from './dense-cholesky';
import { applyQt, createLmparWorkspace, createQrWorkspace, enorm, extractR, lmpar, qrFactor } from './dense-qr';
import { symmetricEigen, symmetricEigenvalues, thinSvd } from './jacobi-decompositions';
import { createNormalLmparWorkspace, lmparNormal } from '../solver/lmpar-normal';

/** Deterministic pseudo-random numbers in [-1, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

function randomColumnMajor(m: number, n: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: m * n }, () => r());
}

describe('Householder QR with column pivoting', () => {
  it('reconstructs A·P = Q·R with |R| diagonal non-increasing', () => {
    for (const [m, n, seed] of [
      [7, 4, 1],
      [30, 6, 2],
      [5, 5, 3],
    ] as const) {
      const a = randomColumnMajor(m, n, seed);
      const ws = createQrWorkspace(m, n);
      ws.a.set(a);
      qrFactor(ws, true);
      const r = new Float64Array(n * n);
      extractR(ws, r);
      for (let j = 1; j < n; j++)
        expect(Math.abs(ws.rdiag[j])).toBeLessThanOrEqual(Math.abs(ws.rdiag[j - 1]) * (1 + 1e-12));
      // Qᵀ·(A·P) must equal [R; 0].
      for (let j = 0; j < n; j++) {
        const col = a.slice(ws.ipvt[j] * m, ws.ipvt[j] * m + m);
        applyQt(ws, col);
        for (let i = 0; i < m; i++) {
          const expected = i < n ? r[i + j * n] : 0;
          expect(col[i]).toBeCloseTo(expected, 12);
        }
      }
      // Column norms of the input are reported.
      for (let j = 0; j < n; j++) expect(ws.acnorm[j]).toBeCloseTo(enorm(a, j * m, m), 14);
    }
  });

  it('enorm survives huge and tiny entries', () => {
    expect(enorm(new Float64Array([3e200, 4e200]))).toBeCloseTo(5e200, -190);
    expect(enorm(new Float64Array([3e-200, 4e-200])) / 5e-200).toBeCloseTo(1, 14);
    expect(enorm(new Float64Array([0, 0]))).toBe(0);
  });
});

describe('lmpar (Moré 1978)', () => {
  const setup = (m: number, n: number, seed: number) => {
    const a = randomColumnMajor(m, n, seed);
    const b = Float64Array.from({ length: m }, rng(seed + 100));
    const ws = createQrWorkspace(m, n);
    ws.a.set(a);
    qrFactor(ws, true);
    const qtb = b.slice();
    applyQt(ws, qtb);
    const r = new Float64Array(n * n);
    extractR(ws, r);
    const diag = Float64Array.from({ length: n }, (_, j) => 0.5 + j);
    return { a, b, ws, qtb, r, diag };
  };

  it('returns λ = 0 when the Gauss–Newton step fits and satisfies ‖D·x‖ ≈ Δ otherwise', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 1e-3, max: 10, noNaN: true }),
        (seed, deltaScale) => {
          const m = 9;
          const n = 4;
          const { a, b, ws, qtb, r, diag } = setup(m, n, seed);
          const x = new Float64Array(n);
          const gn = new Float64Array(n);
          lmpar(n, r.slice(), n, ws.ipvt, diag, qtb, 1e300, 0, gn, createLmparWorkspace(n));
          const gnNorm = enorm(Float64Array.from(gn, (v, j) => v * diag[j]));
          const delta = deltaScale * gnNorm * 0.5;
          const par = lmpar(n, r.slice(), n, ws.ipvt, diag, qtb, delta, 0, x, createLmparWorkspace(n));
          const dx = enorm(Float64Array.from(x, (v, j) => v * diag[j]));
          if (par === 0) {
            expect(dx).toBeLessThanOrEqual(1.1 * delta);
            return;
          }
          expect(Math.abs(dx - delta)).toBeLessThanOrEqual(0.1 * delta + 1e-12);
          // x solves (AᵀA + λD²)·x = Aᵀb.
          for (let j = 0; j < n; j++) {
            let lhs = par * diag[j] * diag[j] * x[j];
            let rhs = 0;
            for (let i = 0; i < m; i++) {
              let ax = 0;
              for (let k = 0; k < n; k++) ax += a[i + k * m] * x[k];
              lhs += a[i + j * m] * ax;
              rhs += a[i + j * m] * b[i];
            }
            expect(lhs).toBeCloseTo(rhs, 9);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the normal-equation variant gives the same λ and step', () => {
    const m = 12;
    const n = 3;
    const { a, b, ws, qtb, r, diag } = setup(m, n, 7);
    const jtj = new Float64Array(n * n);
    const jtb = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++) for (let i = 0; i < m; i++) jtj[j * n + k] += a[i + j * m] * a[i + k * m];
      for (let i = 0; i < m; i++) jtb[j] += a[i + j * m] * b[i];
    }
    const x1 = new Float64Array(n);
    const x2 = new Float64Array(n);
    const delta = 0.05;
    const p1 = lmpar(n, r, n, ws.ipvt, diag, qtb, delta, 0, x1, createLmparWorkspace(n));
    const p2 = lmparNormal(n, jtj, jtb, diag, delta, 0, x2, createNormalLmparWorkspace(n));
    expect(p2).toBeCloseTo(p1, 8);
    for (let j = 0; j < n; j++) expect(x2[j]).toBeCloseTo(x1[j], 10);
  });
});

describe('Cholesky', () => {
  it('solves SPD systems and flags indefinite ones', () => {
    const a = new Float64Array([4, 2, 0.6, 2, 5, 1, 0.6, 1, 3]);
    const l = new Float64Array(9);
    expect(choleskyFactor(3, a, l)).toBe(true);
    const x = new Float64Array([1, 2, 3]);
    choleskySolve(3, l, x);
    for (let i = 0; i < 3; i++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += a[i * 3 + k] * x[k];
      expect(s).toBeCloseTo(i + 1, 13);
    }
    expect(choleskyFactor(2, new Float64Array([1, 2, 2, 1]), new Float64Array(4))).toBe(false);
    expect(choleskyFactor(1, new Float64Array([NaN]), new Float64Array(1))).toBe(false);
    const inv = new Float64Array(9);
    expect(choleskyInverse(3, a, inv)).toBe(true);
    expect(inv[0] * a[0] + inv[1] * a[3] + inv[2] * a[6]).toBeCloseTo(1, 13);
  });
});

describe('Jacobi eigen-decomposition and SVD', () => {
  it('diagonalizes a symmetric matrix', () => {
    const n = 5;
    const r = rng(5);
    const b = Float64Array.from({ length: n * n }, () => r());
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j] += b[k * n + i] * b[k * n + j];
    const { values, vectors } = symmetricEigen(n, a);
    for (let k = 1; k < n; k++) expect(values[k]).toBeLessThanOrEqual(values[k - 1]);
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j] * vectors[j * n + k];
        expect(av).toBeCloseTo(values[k] * vectors[i * n + k], 11);
      }
    }
  });

  it('gives the eigenvalues alone bit for bit as the full decomposition does, graded matrices too', () => {
    const n = 5;
    const r = rng(9);
    const b = Float64Array.from({ length: n * n }, (_, k) => r() * 10 ** (-(k % n) * 2));
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j] += b[k * n + i] * b[k * n + j];
    expect(Array.from(symmetricEigenvalues(n, a))).toEqual(Array.from(symmetricEigen(n, a).values));
  });

  it('thin SVD reconstructs A and finds a rank deficiency', () => {
    const m = 8;
    const n = 3;
    const a = randomColumnMajor(m, n, 11);
    for (let i = 0; i < m; i++) a[i + 2 * m] = a[i] + 2 * a[i + m]; // column 2 = col0 + 2·col1
    const { s, u, v } = thinSvd(m, n, a);
    expect(s[2] / s[0]).toBeLessThan(1e-14);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let t = 0;
        for (let k = 0; k < n; k++) t += u[k * m + i] * s[k] * v[j * n + k];
        expect(t).toBeCloseTo(a[i + j * m], 12);
      }
    }
  });
});
