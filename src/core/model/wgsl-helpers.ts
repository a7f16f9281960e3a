/**
 * WGSL (f32) helper functions for what WGSL lacks: erf, erfc, an overflow-safe tanh and the
 * Faddeeva function. Coefficients live here as numbers; the WGSL text is generated from them
 * and each helper has a JS mirror with the same arithmetic so tests can check the
 * approximation error without a GPU.
 */

/** Shortest decimal that reads back as the same f32, always a valid WGSL float literal. */
export function wgslFloat(v: number): string {
  const F32_MAX = 3.4028234663852886e38;
  // Out-of-range constants saturate: a WGSL constant that overflows f32 is a compile error.
  const f = Math.fround(Math.max(-F32_MAX, Math.min(F32_MAX, v)));
  let text = String(f);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(f.toPrecision(digits));
    if (Math.fround(candidate) === f) {
      text = String(candidate);
      break;
    }
  }
  if (!/[.e]/.test(text)) text += '.0';
  return f < 0 || Object.is(f, -0) ? `(${text})` : text;
}

/** Numerical Recipes' erfcc Chebyshev fit: fractional error < 1.2e-7 everywhere. */
const ERFC_COEF = [
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223,
  0.17087277,
];
/** Maclaurin series of erf(x)·√π/(2x) in x², used for |x| < 0.5 where 1 − erfc cancels. */
const ERF_SERIES = [1, -1 / 3, 1 / 10, -1 / 42, 1 / 216, -1 / 1320];
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

function hornerText(coef: readonly number[], v: string): string {
  let text = wgslFloat(coef[coef.length - 1]);
  for (let i = coef.length - 2; i >= 0; i--) text = `${wgslFloat(coef[i])} + ${v} * (${text})`;
  return text;
}

function horner(coef: readonly number[], v: number): number {
  let s = coef[coef.length - 1];
  for (let i = coef.length - 2; i >= 0; i--) s = coef[i] + v * s;
  return s;
}

/** JS mirror of fb_erfc. */
export function erfcApprox(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z + horner(ERFC_COEF, t));
  return x >= 0 ? r : 2 - r;
}

/** JS mirror of fb_erf. */
export function erfApprox(x: number): number {
  if (Math.abs(x) < 0.5) return TWO_OVER_SQRT_PI * x * horner(ERF_SERIES, x * x);
  return 1 - erfcApprox(x);
}

const ERF_WGSL = `fn fb_erfc(x: f32) -> f32 {
  let z = abs(x);
  let t = 1.0 / (1.0 + 0.5 * z);
  let r = t * exp(-z * z + ${hornerText(ERFC_COEF, 't')});
  return select(2.0 - r, r, x >= 0.0);
}`;

const ERF_SMALL_WGSL = `fn fb_erf(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    let x2 = x * x;
    return ${wgslFloat(TWO_OVER_SQRT_PI)} * x * (${hornerText(ERF_SERIES, 'x2')});
  }
  return 1.0 - fb_erfc(x);
}`;

const TANH_WGSL = `fn fb_tanh(x: f32) -> f32 {
  let e = exp(-2.0 * abs(x));
  return sign(x) * (1.0 - e) / (1.0 + e);
}`;

// Faddeeva w(z) in f32: Weideman's rational approximation with N = 16 inside |z| < 5
// (relative error ~5e-7), Laplace's continued fraction (6 levels) outside.
const W_N = 16;
const W_RADIUS = 5;
const W_CF_DEPTH = 6;
const W_L = Math.sqrt(W_N / Math.SQRT2);
const W_COEF: readonly number[] = (() => {
  const m = 2 * W_N;
  const a = [0];
  for (let n = 1; n <= W_N; n++) {
    let s = 0;
    for (let k = -m + 1; k < m; k++) {
      const t = W_L * Math.tan((k * Math.PI) / (2 * m));
      s += Math.exp(-t * t) * (W_L * W_L + t * t) * Math.cos((Math.PI * k * n) / m);
    }
    a.push(Math.fround(s / (2 * m)));
  }
  return a;
})();

/** JS mirror of fb_wofz (same algorithm and constants), returning [Re w, Im w]. */
export function wofzApprox(u: number, v: number): [number, number] {
  if (v < 0) {
    const [wr, wi] = wofzApprox(-u, -v);
    const m = 2 * Math.exp(v * v - u * u);
    const ang = -2 * u * v;
    return [m * Math.cos(ang) - wr, m * Math.sin(ang) - wi];
  }
  if (u * u + v * v >= W_RADIUS * W_RADIUS) {
    let dr = u;
    let di = v;
    for (let k = W_CF_DEPTH; k >= 1; k--) {
      const den = dr * dr + di * di;
      dr = u - ((k / 2) * dr) / den;
      di = v + ((k / 2) * di) / den;
    }
    const den = dr * dr + di * di;
    return [(INV_SQRT_PI * di) / den, (INV_SQRT_PI * dr) / den];
  }
  const lv = W_L + v;
  const den = lv * lv + u * u;
  const zr = (W_L * W_L - v * v - u * u) / den;
  const zi = (2 * u * W_L) / den;
  const rr = lv / den;
  const ri = u / den;
  let pr = W_COEF[W_N];
  let pi = 0;
  for (let n = W_N - 1; n >= 1; n--) {
    const t = pr * zr - pi * zi + W_COEF[n];
    pi = pr * zi + pi * zr;
    pr = t;
  }
  const r2r = rr * rr - ri * ri;
  const r2i = 2 * rr * ri;
  return [2 * (pr * r2r - pi * r2i) + INV_SQRT_PI * rr, 2 * (pr * r2i + pi * r2r) + INV_SQRT_PI * ri];
}

function wofzWgsl(): string {
  const cf: string[] = [];
  for (let k = W_CF_DEPTH; k >= 1; k--) {
    const c = wgslFloat(k / 2);
    cf.push(`    den = dr * dr + di * di;`, `    dr = u - ${c} * dr / den;`, `    di = v + ${c} * di / den;`);
  }
  const steps: string[] = [];
  for (let n = W_N - 1; n >= 1; n--) {
    steps.push(`  t = qr * zr - qi * zi + ${wgslFloat(W_COEF[n])};`, `  qi = qr * zi + qi * zr;`, `  qr = t;`);
  }
  const L = wgslFloat(W_L);
  const s = wgslFloat(INV_SQRT_PI);
  return `fn fb_wofz_upper(u: f32, v: f32) -> vec2<f32> {
  if (u * u + v * v >= ${wgslFloat(W_RADIUS * W_RADIUS)}) {
    var dr = u;
    var di = v;
    var den: f32;
${cf.join('\n')}
    den = dr * dr + di * di;
    return vec2<f32>(${s} * di / den, ${s} * dr / den);
  }
  let lv = ${L} + v;
  let den = lv * lv + u * u;
  let zr = (${wgslFloat(W_L * W_L)} - v * v - u * u) / den;
  let zi = ${wgslFloat(2 * W_L)} * u / den;
  let rr = lv / den;
  let ri = u / den;
  var qr: f32 = ${wgslFloat(W_COEF[W_N])};
  var qi: f32 = 0.0;
  var t: f32;
${steps.join('\n')}
  let r2r = rr * rr - ri * ri;
  let r2i = 2.0 * rr * ri;
  return vec2<f32>(2.0 * (qr * r2r - qi * r2i) + ${s} * rr, 2.0 * (qr * r2i + qi * r2r) + ${s} * ri);
}

fn fb_wofz(u: f32, v: f32) -> vec2<f32> {
  if (v >= 0.0) {
    return fb_wofz_upper(u, v);
  }
  let w = fb_wofz_upper(-u, -v);
  let m = 2.0 * exp(v * v - u * u);
  let ang = -2.0 * u * v;
  return vec2<f32>(m * cos(ang) - w.x, m * sin(ang) - w.y);
}`;
}

const POWI_WGSL = `fn fb_powi(b: f32, n: i32) -> f32 {
  var r = 1.0;
  var base = b;
  var k = abs(n);
  loop {
    if (k == 0) {
      break;
    }
    if ((k & 1) == 1) {
      r = r * base;
    }
    base = base * base;
    k = k >> 1u;
  }
  return select(r, 1.0 / r, n < 0);
}`;

export type WgslHelper = 'erf' | 'erfc' | 'tanh' | 'wofz' | 'powi';

/** Source of the helpers needed (dependencies included), in a fixed order. */
export function wgslHelperSource(needed: ReadonlySet<WgslHelper>): string {
  const parts: string[] = [];
  if (needed.has('erf') || needed.has('erfc')) parts.push(ERF_WGSL);
  if (needed.has('erf')) parts.push(ERF_SMALL_WGSL);
  if (needed.has('tanh')) parts.push(TANH_WGSL);
  if (needed.has('powi')) parts.push(POWI_WGSL);
  if (needed.has('wofz')) parts.push(wofzWgsl());
  return parts.join('\n\n');
}
