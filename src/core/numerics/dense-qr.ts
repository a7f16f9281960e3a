/**
 * Householder QR with column pivoting and the triangular solves that MINPACK's
 * Levenberg–Marquardt step is built from (Moré, "The Levenberg–Marquardt algorithm:
 * implementation and theory", 1978; MINPACK qrfac/qrsolv).
 *
 * Storage is column-major (a[i + j*m]) because every kernel here walks columns: the
 * Householder sweep, the Givens eliminations and the back-substitutions touch one
 * contiguous column at a time.
 */

/** Euclidean norm of x[off .. off+len) that neither overflows nor underflows. */
export function enorm(x: Float64Array, off = 0, len = x.length - off): number {
  let s = 0;
  for (let i = off; i < off + len; i++) s += x[i] * x[i];
  // The plain sum is exact enough unless it left the normal range; rescale then.
  if (s > 1e-290 && s < 1e290) return Math.sqrt(s);
  let amax = 0;
  for (let i = off; i < off + len; i++) amax = Math.max(amax, Math.abs(x[i]));
  if (amax === 0 || !Number.isFinite(amax)) return amax;
  s = 0;
  for (let i = off; i < off + len; i++) {
    const t = x[i] / amax;
    s += t * t;
  }
  return amax * Math.sqrt(s);
}

/** Result arrays of {@link qrFactor}; allocate once with {@link createQrWorkspace}. */
export interface QrWorkspace {
  readonly m: number;
  readonly n: number;
  /** m × n column-major: R in the upper triangle (diagonal in rdiag), Householder vectors below. */
  readonly a: Float64Array;
  /** Diagonal of R. */
  readonly rdiag: Float64Array;
  /** Norms of the columns of the input matrix (before pivoting). */
  readonly acnorm: Float64Array;
  /** Column j of A·P is column ipvt[j] of A. */
  readonly ipvt: Int32Array;
  readonly wa: Float64Array;
}

export function createQrWorkspace(m: number, n: number): QrWorkspace {
  return {
    m,
    n,
    a: new Float64Array(m * n),
    rdiag: new Float64Array(n),
    acnorm: new Float64Array(n),
    ipvt: new Int32Array(n),
    wa: new Float64Array(n),
  };
}

/**
 * MINPACK qrfac: A·P = Q·R in place on `ws.a` (column-major m × n, m ≥ 1). With `pivot`
 * the column of largest remaining norm is brought forward at each stage, so R's diagonal
 * is non-increasing in magnitude and rank deficiency shows as trailing zeros.
 */
export function qrFactor(ws: QrWorkspace, pivot = true): void {
  const { m, n, a, rdiag, acnorm, ipvt, wa } = ws;
  for (let j = 0; j < n; j++) {
    const nrm = enorm(a, j * m, m);
    acnorm[j] = nrm;
    rdiag[j] = nrm;
    wa[j] = nrm;
    ipvt[j] = j;
  }
  const minmn = Math.min(m, n);
  for (let j = 0; j < minmn; j++) {
    if (pivot) {
      let kmax = j;
      for (let k = j + 1; k < n; k++) if (rdiag[k] > rdiag[kmax]) kmax = k;
      if (kmax !== j) {
        const oj = j * m;
        const ok = kmax * m;
        for (let i = 0; i < m; i++) {
          const t = a[oj + i];
          a[oj + i] = a[ok + i];
          a[ok + i] = t;
        }
        rdiag[kmax] = rdiag[j];
        wa[kmax] = wa[j];
        const t = ipvt[j];
        ipvt[j] = ipvt[kmax];
        ipvt[kmax] = t;
      }
    }
    const oj = j * m;
    let ajnorm = enorm(a, oj + j, m - j);
    if (ajnorm !== 0) {
      if (a[oj + j] < 0) ajnorm = -ajnorm;
      for (let i = j; i < m; i++) a[oj + i] /= ajnorm;
      a[oj + j] += 1;
      const ajj = a[oj + j];
      for (let k = j + 1; k < n; k++) {
        const ok = k * m;
        let sum = 0;
        for (let i = j; i < m; i++) sum += a[oj + i] * a[ok + i];
        const temp = sum / ajj;
        for (let i = j; i < m; i++) a[ok + i] -= temp * a[oj + i];
        if (pivot && rdiag[k] !== 0) {
          const t = a[ok + j] / rdiag[k];
          rdiag[k] *= Math.sqrt(Math.max(0, 1 - t * t));
          const r = rdiag[k] / wa[k];
          // Downdated norms lose accuracy by cancellation: recompute when it bites.
          if (0.05 * r * r <= Number.EPSILON) {
            rdiag[k] = enorm(a, ok + j + 1, m - j - 1);
            wa[k] = rdiag[k];
          }
        }
      }
    }
    rdiag[j] = -ajnorm;
  }
}

/**
 * Overwrites b (length m) with Qᵀb using the Householder vectors left by
 * {@link qrFactor}; the first n entries are then the projected right-hand side.
 */
export function applyQt(ws: QrWorkspace, b: Float64Array): void {
  const { m, n, a } = ws;
  const minmn = Math.min(m, n);
  for (let j = 0; j < minmn; j++) {
    const oj = j * m;
    const ajj = a[oj + j];
    if (ajj === 0) continue;
    let sum = 0;
    for (let i = j; i < m; i++) sum += a[oj + i] * b[i];
    const temp = -sum / ajj;
    for (let i = j; i < m; i++) b[i] += temp * a[oj + i];
  }
}

/**
 * Copies R (n × n, column-major, diagonal included) out of a factored workspace into `r`.
 * Entries below the diagonal are zeroed. Requires m ≥ n.
 */
export function extractR(ws: QrWorkspace, r: Float64Array): void {
  const { m, n, a, rdiag } = ws;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      r[i + j * n] = i < j ? a[i + j * m] : i === j ? rdiag[j] : 0;
    }
  }
}

/** Scratch for {@link qrSolve} and {@link lmpar} (length n each). */
export interface LmparWorkspace {
  readonly sdiag: Float64Array;
  readonly wa1: Float64Array;
  readonly wa2: Float64Array;
  readonly wa3: Float64Array;
}

export function createLmparWorkspace(n: number): LmparWorkspace {
  return {
    sdiag: new Float64Array(n),
    wa1: new Float64Array(n),
    wa2: new Float64Array(n),
    wa3: new Float64Array(n),
  };
}

/**
 * MINPACK qrsolv: given the pivoted QR factor R (n × n column-major in `r`, leading
 * dimension ldr) of A·P, solves the least-squares problem [A; D]·x ≈ [b; 0] where
 * qtb = Qᵀb. Givens rotations eliminate D; the resulting triangular S (SᵀS = PᵀAᵀAP +
 * PᵀD²P) is left with its diagonal in `sdiag` and its strict lower triangle in r's
 * strict lower triangle. R's diagonal and upper triangle are preserved.
 */
export function qrSolve(
  n: number,
  r: Float64Array,
  ldr: number,
  ipvt: Int32Array,
  diag: Float64Array,
  qtb: Float64Array,
  x: Float64Array,
  sdiag: Float64Array,
  wa: Float64Array,
): void {
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) r[i + j * ldr] = r[j + i * ldr];
    x[j] = r[j + j * ldr];
    wa[j] = qtb[j];
  }
  for (let j = 0; j < n; j++) {
    const dl = diag[ipvt[j]];
    if (dl !== 0) {
      for (let k = j; k < n; k++) sdiag[k] = 0;
      sdiag[j] = dl;
      let qtbpj = 0;
      for (let k = j; k < n; k++) {
        if (sdiag[k] === 0) continue;
        const rkk = r[k + k * ldr];
        let cos: number;
        let sin: number;
        if (Math.abs(rkk) < Math.abs(sdiag[k])) {
          const cotan = rkk / sdiag[k];
          sin = 0.5 / Math.sqrt(0.25 + 0.25 * cotan * cotan);
          cos = sin * cotan;
        } else {
          const tan = sdiag[k] / rkk;
          cos = 0.5 / Math.sqrt(0.25 + 0.25 * tan * tan);
          sin = cos * tan;
        }
        r[k + k * ldr] = cos * rkk + sin * sdiag[k];
        const temp = cos * wa[k] + sin * qtbpj;
        qtbpj = -sin * wa[k] + cos * qtbpj;
        wa[k] = temp;
        for (let i = k + 1; i < n; i++) {
          const rik = r[i + k * ldr];
          const t = cos * rik + sin * sdiag[i];
          sdiag[i] = -sin * rik + cos * sdiag[i];
          r[i + k * ldr] = t;
        }
      }
    }
    sdiag[j] = r[j + j * ldr];
    r[j + j * ldr] = x[j];
  }
  // A singular S gives a least-squares solution with the trailing components zeroed.
  let nsing = n;
  for (let j = 0; j < n; j++) {
    if (sdiag[j] === 0 && nsing === n) nsing = j;
    if (nsing < n) wa[j] = 0;
  }
  for (let k = nsing - 1; k >= 0; k--) {
    let sum = 0;
    for (let i = k + 1; i < nsing; i++) sum += r[i + k * ldr] * wa[i];
    wa[k] = (wa[k] - sum) / sdiag[k];
  }
  for (let j = 0; j < n; j++) x[ipvt[j]] = wa[j];
}

const DWARF = 2.2250738585072014e-308;

/**
 * MINPACK lmpar: finds λ ≥ 0 (returned) such that x solving [A; √λ·D]·x ≈ [b; 0] has
 * ||D·x|| within 10% of `delta`, or λ = 0 when the Gauss–Newton step already fits inside
 * (||D·x|| ≤ 1.1·delta). Moré's safeguarded Newton/secant iteration on
 * φ(λ) = ||D·x(λ)|| − delta, at most 10 steps. `par` is the starting guess.
 *
 * `r` holds R (n × n upper, column-major, leading dimension ldr) of A·P = Q·R; its strict
 * lower triangle is overwritten. The solution goes into x (the LM step is −x).
 */
export function lmpar(
  n: number,
  r: Float64Array,
  ldr: number,
  ipvt: Int32Array,
  diag: Float64Array,
  qtb: Float64Array,
  delta: number,
  par: number,
  x: Float64Array,
  ws: LmparWorkspace,
): number {
  const { sdiag, wa1, wa2 } = ws;
  let nsing = n;
  for (let j = 0; j < n; j++) {
    wa1[j] = qtb[j];
    if (r[j + j * ldr] === 0 && nsing === n) nsing = j;
    if (nsing < n) wa1[j] = 0;
  }
  for (let k = nsing - 1; k >= 0; k--) {
    wa1[k] /= r[k + k * ldr];
    const temp = wa1[k];
    for (let i = 0; i < k; i++) wa1[i] -= r[i + k * ldr] * temp;
  }
  for (let j = 0; j < n; j++) x[ipvt[j]] = wa1[j];

  for (let j = 0; j < n; j++) wa2[j] = diag[j] * x[j];
  let dxnorm = enorm(wa2, 0, n);
  let fp = dxnorm - delta;
  if (fp <= 0.1 * delta) return 0;

  // Lower bound parl from the Newton step at λ = 0 (only when R is non-singular).
  let parl = 0;
  if (nsing >= n) {
    for (let j = 0; j < n; j++) {
      const l = ipvt[j];
      wa1[j] = diag[l] * (wa2[l] / dxnorm);
    }
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let i = 0; i < j; i++) sum += r[i + j * ldr] * wa1[i];
      wa1[j] = (wa1[j] - sum) / r[j + j * ldr];
    }
    const temp = enorm(wa1, 0, n);
    parl = fp / delta / temp / temp;
  }
  // Upper bound paru = ||D⁻¹·Aᵀb|| / delta.
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i <= j; i++) sum += r[i + j * ldr] * qtb[i];
    wa1[j] = sum / diag[ipvt[j]];
  }
  const gnorm = enorm(wa1, 0, n);
  let paru = gnorm / delta;
  if (paru === 0) paru = DWARF / Math.min(delta, 0.1);

  par = Math.max(par, parl);
  par = Math.min(par, paru);
  if (par === 0) par = gnorm / dxnorm;

  for (let iter = 1; ; iter++) {
    if (par === 0) par = Math.max(DWARF, 0.001 * paru);
    const sq = Math.sqrt(par);
    for (let j = 0; j < n; j++) wa1[j] = sq * diag[j];
    qrSolve(n, r, ldr, ipvt, wa1, qtb, x, sdiag, wa2);
    for (let j = 0; j < n; j++) wa2[j] = diag[j] * x[j];
    dxnorm = enorm(wa2, 0, n);
    const prevFp = fp;
    fp = dxnorm - delta;
    if (Math.abs(fp) <= 0.1 * delta || (parl === 0 && fp <= prevFp && prevFp < 0) || iter === 10) {
      return par;
    }
    for (let j = 0; j < n; j++) {
      const l = ipvt[j];
      wa1[j] = diag[l] * (wa2[l] / dxnorm);
    }
    for (let j = 0; j < n; j++) {
      wa1[j] /= sdiag[j];
      const temp = wa1[j];
      for (let i = j + 1; i < n; i++) wa1[i] -= r[i + j * ldr] * temp;
    }
    const temp = enorm(wa1, 0, n);
    const parc = fp / delta / temp / temp;
    if (fp > 0) parl = Math.max(parl, par);
    if (fp < 0) paru = Math.min(paru, par);
    par = Math.max(parl, par + parc);
  }
}
