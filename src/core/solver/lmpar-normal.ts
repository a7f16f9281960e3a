/**
 * MINPACK's lmpar iteration (Moré 1978) on the normal equations: the same safeguarded
 * Newton iteration for λ on φ(λ) = ‖D·x(λ)‖ − Δ, but each x(λ) comes from a Cholesky
 * factorization of JᵀJ + λ·D² instead of Givens eliminations on R. Used when only JᵀJ and
 * Jᵀr are available (GPU evaluators, very large n); it loses accuracy as cond(J)², which
 * is why the dense path uses QR.
 */
import { backSubstituteTransposed, choleskyFactor, forwardSubstitute } from '../numerics/dense-cholesky';
import { enorm } from '../numerics/dense-qr';

const DWARF = 2.2250738585072014e-308;

export interface NormalLmparWorkspace {
  readonly l: Float64Array;
  readonly b: Float64Array;
  readonly wa1: Float64Array;
  readonly wa2: Float64Array;
}

export function createNormalLmparWorkspace(n: number): NormalLmparWorkspace {
  return {
    l: new Float64Array(n * n),
    b: new Float64Array(n * n),
    wa1: new Float64Array(n),
    wa2: new Float64Array(n),
  };
}

/** Factors A + λ·D² into ws.l; false when it is not numerically positive definite. */
function factorDamped(
  n: number,
  a: Float64Array,
  diag: Float64Array,
  lambda: number,
  ws: NormalLmparWorkspace,
): boolean {
  const { b, l } = ws;
  b.set(a);
  if (lambda !== 0) for (let j = 0; j < n; j++) b[j * n + j] += lambda * diag[j] * diag[j];
  return choleskyFactor(n, b, l);
}

function solveInto(n: number, l: Float64Array, g: Float64Array, x: Float64Array): void {
  for (let j = 0; j < n; j++) x[j] = g[j];
  forwardSubstitute(n, l, x);
  backSubstituteTransposed(n, l, x);
}

/** ‖L⁻¹·D·(D·x)/‖D·x‖‖, the derivative factor of φ. */
function phiSlopeNorm(n: number, ws: NormalLmparWorkspace, diag: Float64Array, dxnorm: number): number {
  const { wa1, wa2, l } = ws;
  for (let j = 0; j < n; j++) wa1[j] = diag[j] * (wa2[j] / dxnorm);
  forwardSubstitute(n, l, wa1);
  return enorm(wa1, 0, n);
}

/**
 * λ for the LM step of radius `delta` from A = JᵀJ and g = Jᵀr (row-major n × n, n);
 * x receives the solution of (A + λD²)·x = g (the LM step is −x). Returns λ.
 */
export function lmparNormal(
  n: number,
  a: Float64Array,
  g: Float64Array,
  diag: Float64Array,
  delta: number,
  par: number,
  x: Float64Array,
  ws: NormalLmparWorkspace,
): number {
  const { wa1, wa2 } = ws;
  let parl = 0;
  let fp = Infinity;
  let dxnorm = 0;
  const fullRank = factorDamped(n, a, diag, 0, ws);
  if (fullRank) {
    solveInto(n, ws.l, g, x);
    for (let j = 0; j < n; j++) wa2[j] = diag[j] * x[j];
    dxnorm = enorm(wa2, 0, n);
    fp = dxnorm - delta;
    if (fp <= 0.1 * delta) return 0;
    const temp = phiSlopeNorm(n, ws, diag, dxnorm);
    parl = fp / delta / temp / temp;
  }
  for (let j = 0; j < n; j++) wa1[j] = g[j] / diag[j];
  const gnorm = enorm(wa1, 0, n);
  let paru = gnorm / delta;
  if (paru === 0) paru = DWARF / Math.min(delta, 0.1);
  par = Math.min(Math.max(par, parl), paru);
  if (par === 0 && fullRank) par = gnorm / dxnorm;

  for (let iter = 1; ; iter++) {
    if (par === 0) par = Math.max(DWARF, 0.001 * paru);
    // Rounding can make A + λD² indefinite for tiny λ: raise λ until it factors.
    let tries = 0;
    while (!factorDamped(n, a, diag, par, ws)) {
      parl = Math.max(parl, par);
      par = Math.max(10 * par, 1e-12 * paru, DWARF);
      if (++tries > 40) return par;
    }
    solveInto(n, ws.l, g, x);
    for (let j = 0; j < n; j++) wa2[j] = diag[j] * x[j];
    dxnorm = enorm(wa2, 0, n);
    const prevFp = fp;
    fp = dxnorm - delta;
    if (Math.abs(fp) <= 0.1 * delta || (parl === 0 && fp <= prevFp && prevFp < 0) || iter === 10) {
      return par;
    }
    const temp = phiSlopeNorm(n, ws, diag, dxnorm);
    const parc = fp / delta / temp / temp;
    if (fp > 0) parl = Math.max(parl, par);
    if (fp < 0) paru = Math.min(paru, par);
    par = Math.max(parl, par + parc);
  }
}
