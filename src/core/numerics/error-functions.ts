/**
 * Special functions in f64 for the model language: erf and erfc after W. J. Cody's rational
 * Chebyshev approximations (Math. Comp. 23, 1969; CALERF in netlib specfun), and the
 * Faddeeva function w(z) = exp(−z²)·erfc(−iz) for the Voigt profile, by Weideman's rational
 * approximation (SIAM J. Numer. Anal. 31, 1994) inside |z| < 8 and Laplace's continued
 * fraction outside.
 */

const ERF_A = [3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315];
const ERF_B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
const ERF_C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769, 1712.0476126340707,
  2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8,
];
const ERF_D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597, 4362.619090143247,
  3439.3676741437216, 1230.3393548037495,
];
const ERF_P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 0.0006587491615298378,
  0.016315387137302097,
];
const ERF_Q = [2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918];
const INV_SQRT_PI = 0.5641895835477563;
/** erfc(x) underflows to 0 beyond this (Cody's XBIG for IEEE double). */
const ERFC_XBIG = 26.543;

/** erf(x) for |x| ≤ 0.46875 as x·P(x²)/Q(x²). */
function erfSmall(x: number): number {
  const y = Math.abs(x);
  const ysq = y > 1.11e-16 ? y * y : 0;
  let num = ERF_A[4] * ysq;
  let den = ysq;
  for (let i = 0; i < 3; i++) {
    num = (num + ERF_A[i]) * ysq;
    den = (den + ERF_B[i]) * ysq;
  }
  return (x * (num + ERF_A[3])) / (den + ERF_B[3]);
}

/** erfc(y) for y > 0.46875. exp(−y²) is split so that y² is formed without rounding error. */
function erfcPositive(y: number): number {
  let r: number;
  if (y <= 4) {
    let num = ERF_C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + ERF_C[i]) * y;
      den = (den + ERF_D[i]) * y;
    }
    r = (num + ERF_C[7]) / (den + ERF_D[7]);
  } else {
    if (y >= ERFC_XBIG) return 0;
    const z = 1 / (y * y);
    let num = ERF_P[5] * z;
    let den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + ERF_P[i]) * z;
      den = (den + ERF_Q[i]) * z;
    }
    r = (z * (num + ERF_P[4])) / (den + ERF_Q[4]);
    r = (INV_SQRT_PI - r) / y;
  }
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq) * Math.exp(-del) * r;
}

/** Error function, relative error ~1e-16 (Cody). */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) return erfSmall(x);
  if (Number.isNaN(y)) return NaN;
  const r = 0.5 - erfcPositive(y) + 0.5;
  return x < 0 ? -r : r;
}

/** Complementary error function 1 − erf(x), accurate in the far tail (no cancellation). */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) return 1 - erfSmall(x);
  if (Number.isNaN(y)) return NaN;
  const r = erfcPositive(y);
  return x < 0 ? 2 - r : r;
}

// Weideman's coefficients a_1..a_N for N = 40 (N = 32 left ~3e-13 near the real axis; 40 gives
// < 1e-15 relative there), from the cosine transform of F(t) = exp(−t²)(L² + t²) sampled at
// t_k = L·tan(kπ/2M), computed once at load.
const W_N = 40;
const W_M = 2 * W_N;
const W_L = Math.sqrt(W_N / Math.SQRT2);
const W_COEF: Float64Array = (() => {
  const f = new Float64Array(2 * W_M);
  for (let k = -W_M + 1; k < W_M; k++) {
    const t = W_L * Math.tan((k * Math.PI) / (2 * W_M));
    f[k + W_M] = Math.exp(-t * t) * (W_L * W_L + t * t);
  }
  const a = new Float64Array(W_N + 1);
  for (let n = 1; n <= W_N; n++) {
    let s = 0;
    for (let k = -W_M + 1; k < W_M; k++) s += f[k + W_M] * Math.cos((Math.PI * k * n) / W_M);
    a[n] = s / (2 * W_M);
  }
  return a;
})();

/** Beyond this |z| the continued fraction is both faster and more accurate. */
const W_CF_RADIUS = 8;

let lastU = NaN;
let lastV = NaN;
let lastRe = NaN;
let lastIm = NaN;

/** w(u + iv) for v ≥ 0 into lastRe/lastIm. */
function wofzUpper(u: number, v: number): void {
  if (u * u + v * v >= W_CF_RADIUS * W_CF_RADIUS) {
    // w(z) = (i/√π) / (z − ½/(z − 1/(z − (3/2)/(z − …)))), evaluated from the tail.
    let dr = u;
    let di = v;
    for (let k = 16; k >= 1; k--) {
      const den = dr * dr + di * di;
      const c = k / 2;
      dr = u - (c * dr) / den;
      di = v + (c * di) / den;
    }
    const den = dr * dr + di * di;
    lastRe = (INV_SQRT_PI * di) / den;
    lastIm = (INV_SQRT_PI * dr) / den;
    return;
  }
  const lv = W_L + v;
  const den = lv * lv + u * u;
  // Z = (L + iz)/(L − iz), r = 1/(L − iz), with iz = −v + iu.
  const zr = (W_L * W_L - v * v - u * u) / den;
  const zi = (2 * u * W_L) / den;
  const rr = lv / den;
  const ri = u / den;
  let pr = 0;
  let pi = 0;
  for (let n = W_N; n >= 1; n--) {
    const t = pr * zr - pi * zi + W_COEF[n];
    pi = pr * zi + pi * zr;
    pr = t;
  }
  const r2r = rr * rr - ri * ri;
  const r2i = 2 * rr * ri;
  lastRe = 2 * (pr * r2r - pi * r2i) + INV_SQRT_PI * rr;
  lastIm = 2 * (pr * r2i + pi * r2r) + INV_SQRT_PI * ri;
}

/**
 * Computes w(u + iv) into the module cache. Generated code asks for the real and the
 * imaginary part at the same point one after the other, so the second call is a hit.
 */
function wofz(u: number, v: number): void {
  if (u === lastU && v === lastV) return;
  if (v >= 0 || Number.isNaN(v)) {
    wofzUpper(u, v);
  } else {
    // Lower half-plane by reflection: w(z) = 2·exp(−z²) − w(−z).
    wofzUpper(-u, -v);
    const m = 2 * Math.exp(v * v - u * u);
    const ang = -2 * u * v;
    lastRe = m * Math.cos(ang) - lastRe;
    lastIm = m * Math.sin(ang) - lastIm;
  }
  lastU = u;
  lastV = v;
}

/** Re w(u + iv), the Faddeeva function (Voigt profile: Re w / (σ√(2π))). */
export function wofzRe(u: number, v: number): number {
  wofz(u, v);
  return lastRe;
}

/** Im w(u + iv). */
export function wofzIm(u: number, v: number): number {
  wofz(u, v);
  return lastIm;
}
