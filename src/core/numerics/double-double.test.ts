import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  compare,
  dd,
  DD_E,
  DD_HALF_PI,
  DD_LN10,
  DD_LN2,
  DD_PI,
  div,
  ldexp,
  mul,
  neg,
  powInt,
  sqr,
  sqrt,
  sub,
  toNumber,
  twoProd,
  twoSum,
  type DD,
} from './double-double';
import * as F from './double-double-functions';

/** |a − (hi + lo)| / |hi|, the difference taken in double-double. */
function relErr(a: DD, hi: number, lo = 0): number {
  const d = sub(a, dd(hi, lo));
  return Math.abs(d.hi + d.lo) / Math.abs(hi);
}

// References: 60-digit mpmath values split as hi = float(v), lo = float(v − hi).
const REFERENCES: [string, () => DD, number, number][] = [
  ['exp(1)', () => F.exp(dd(1)), DD_E.hi, DD_E.lo],
  ['exp(0.3)', () => F.exp(dd(0.3)), 1.3498588075760032, -9.447314673432387e-17],
  ['exp(-230.5)', () => F.exp(dd(-230.5)), 7.854561080291416e-101, 4.619365942491141e-117],
  ['exp(700.125)', () => F.exp(dd(700.125)), 1.1492754838737592e304, -7.79635420863961e287],
  ['log(5e-324)', () => F.log(dd(5e-324)), -744.4400719213812, -4.422444340918698e-14],
  ['exp(-20.5)', () => F.exp(dd(-20.5)), 1.2501528663867426e-9, 6.448235878237776e-26],
  ['exp(100.25)', () => F.exp(dd(100.25)), 3.451610733125924e43, 4.140163399793071e26],
  ['log(2)', () => F.log(dd(2)), DD_LN2.hi, DD_LN2.lo],
  ['log(7.5)', () => F.log(dd(7.5)), 2.0149030205422647, 8.991967888489638e-17],
  ['log(1e-5)', () => F.log(dd(1e-5)), -11.512925464970229, 2.790027459050308e-16],
  ['log10(3)', () => F.log10(dd(3)), 0.47712125471966244, 1.8999057013019158e-18],
  ['sqrt(2)', () => sqrt(dd(2)), 1.4142135623730951, -9.667293313452913e-17],
  ['sin(2.5)', () => F.sin(dd(2.5)), 0.5984721441039565, -5.521403334082375e-17],
  ['cos(10)', () => F.cos(dd(10)), -0.8390715290764524, -1.4147119988953418e-17],
  ['tan(1.25)', () => F.tan(dd(1.25)), 3.0095696738628313, 3.6503648506807936e-17],
  ['atan(0.7)', () => F.atan(dd(0.7)), 0.6107259643892086, 2.2418914462967458e-17],
  ['atan(-30)', () => F.atan(dd(-30)), -1.5374753309166493, -8.116858600761242e-17],
  ['asin(0.25)', () => F.asin(dd(0.25)), 0.25268025514207865, 6.584019697419058e-18],
  ['acos(-0.75)', () => F.acos(dd(-0.75)), 2.4188584057763776, 6.473823484486311e-17],
  ['atan2(-1,-3)', () => F.atan2(dd(-1), dd(-3)), -2.819842099193151, -5.903613615775535e-17],
  ['sinh(0.2)', () => F.sinh(dd(0.2)), 0.201336002541094, 9.868384930084555e-18],
  ['sinh(3)', () => F.sinh(dd(3)), 10.017874927409903, -6.97789774734877e-16],
  ['cosh(2.5)', () => F.cosh(dd(2.5)), 6.132289479663686, 3.560067179782552e-16],
  ['tanh(0.2)', () => F.tanh(dd(0.2)), 0.197375320224904, 6.334792292201447e-18],
  ['tanh(-1.5)', () => F.tanh(dd(-1.5)), -0.9051482536448664, -4.1992024501810215e-17],
  ['pow(2.5,0.3)', () => F.pow(dd(2.5), dd(0.3)), 1.3163822043342375, -7.113171158760339e-17],
  ['pow(1.5,7)', () => F.pow(dd(1.5), dd(7)), 17.0859375, 0],
  ['ln 10', () => F.log(dd(10)), DD_LN10.hi, DD_LN10.lo],
];

describe('double-double functions against 60-digit references', () => {
  it.each(REFERENCES)('%s to 1e-30 relative', (_name, f, hi, lo) => {
    expect(relErr(f(), hi, lo)).toBeLessThan(1e-30);
  });

  it('π identities: 4·atan(1), sin(π/6), cos(π/3), atan2(1,1), asin(½), acos(½)', () => {
    expect(relErr(ldexp(F.atan(dd(1)), 2), DD_PI.hi, DD_PI.lo)).toBeLessThan(1e-31);
    expect(relErr(F.sin(div(DD_PI, dd(6))), 0.5)).toBeLessThan(1e-30);
    expect(relErr(F.cos(div(DD_PI, dd(3))), 0.5)).toBeLessThan(1e-30);
    expect(relErr(ldexp(F.atan2(dd(1), dd(1)), 2), DD_PI.hi, DD_PI.lo)).toBeLessThan(1e-31);
    expect(relErr(mul(F.asin(dd(0.5)), dd(6)), DD_PI.hi, DD_PI.lo)).toBeLessThan(1e-30);
    expect(relErr(mul(F.acos(dd(0.5)), dd(3)), DD_PI.hi, DD_PI.lo)).toBeLessThan(1e-30);
    expect(F.asin(dd(1))).toEqual(DD_HALF_PI);
    expect(F.acos(dd(-1))).toEqual(DD_PI);
  });

  it('edge values follow Math semantics', () => {
    expect(F.exp(dd(800)).hi).toBe(Infinity);
    expect(F.exp(dd(-800)).hi).toBe(0);
    expect(F.log(dd(0)).hi).toBe(-Infinity);
    expect(F.log(dd(-1)).hi).toBeNaN();
    expect(sqrt(dd(-1)).hi).toBeNaN();
    expect(F.asin(dd(1.5)).hi).toBeNaN();
    expect(F.pow(dd(-2), dd(0.5)).hi).toBeNaN();
    expect(toNumber(F.pow(dd(-2), dd(3)))).toBe(-8);
    expect(F.pow(dd(0), dd(-1)).hi).toBe(Infinity);
    expect(F.pow(dd(Number.NaN), dd(0)).hi).toBe(1);
    expect(toNumber(F.tanh(dd(400)))).toBe(1);
    expect(toNumber(F.tanh(dd(-400)))).toBe(-1);
    expect(toNumber(F.cosh(dd(-3)))).toBe(Math.cosh(3));
  });

  it('sin/cos of huge arguments fall back to f64 and say so', () => {
    const notes: string[] = [];
    expect(toNumber(F.sin(dd(1e12), (w) => notes.push(w)))).toBe(Math.sin(1e12));
    expect(notes).toHaveLength(1);
  });
});

// Products and quotients of these stay in the normal range, where double-double has its 106 bits.
const finite = fc
  .double({ min: -1e100, max: 1e100, noNaN: true, noDefaultInfinity: true })
  .filter((x) => x === 0 || Math.abs(x) > 1e-100);
const positive = fc.double({ min: 1e-100, max: 1e100, noNaN: true });
const moderate = fc.double({ min: -40, max: 40, noNaN: true }).filter((x) => x === 0 || Math.abs(x) > 1e-300);

describe('double-double properties', () => {
  it('TwoSum and TwoProd are exact: hi is the f64 result and hi + lo loses nothing', () => {
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        const s = twoSum(a, b);
        const p = twoProd(a, b);
        expect(s.hi).toBe(a + b);
        expect(p.hi).toBe(a * b);
        // (a + b) − hi is exactly representable and equals lo.
        if (Number.isFinite(s.hi)) expect(sub(sub(dd(s.hi, s.lo), dd(a)), dd(b)).hi).toBe(0);
      }),
    );
  });

  it('rounded to f64, add/mul/div/sqrt give the correctly rounded f64 result', () => {
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        // == so that the sign of a zero result does not matter.
        expect(toNumber(add(dd(a), dd(b))) == a + b).toBe(true);
        expect(toNumber(mul(dd(a), dd(b))) == a * b).toBe(true);
        if (b !== 0 && Math.abs(a / b) > 1e-290 && Math.abs(a / b) < 1e290)
          expect(toNumber(div(dd(a), dd(b)))).toBe(a / b);
        if (a > 0) expect(toNumber(sqrt(dd(a)))).toBe(Math.sqrt(a));
      }),
    );
  });

  it('inverse pairs agree to ~1e-30 (far beyond f64)', () => {
    fc.assert(
      fc.property(positive, positive, moderate, (a, b, x) => {
        const q = div(dd(a), dd(b));
        expect(relErr(mul(q, dd(b)), a)).toBeLessThan(1e-30);
        expect(relErr(sqr(sqrt(dd(a))), a)).toBeLessThan(1e-30);
        expect(relErr(F.exp(F.log(dd(a))), a)).toBeLessThan(1e-29);
        expect(relErr(F.pow(F.pow(dd(a), dd(0.25)), dd(4)), a)).toBeLessThan(1e-29);
        expect(Math.abs(toNumber(sub(F.log(F.exp(dd(x))), dd(x))))).toBeLessThan(1e-30 * Math.max(1, Math.abs(x)));
        const { sin, cos } = F.sinCos(dd(x));
        expect(Math.abs(toNumber(sub(add(sqr(sin), sqr(cos)), dd(1))))).toBeLessThan(1e-30);
        const c = F.cosh(dd(x / 2));
        const s = F.sinh(dd(x / 2));
        expect(relErr(sub(sqr(c), sqr(s)), 1)).toBeLessThan(1e-30 * toNumber(sqr(c)));
        expect(Math.abs(toNumber(sub(F.tanh(dd(x / 2)), div(s, c))))).toBeLessThan(1e-30);
      }),
    );
  });

  it('functions agree with Math to f64 accuracy and are at least as accurate', () => {
    fc.assert(
      fc.property(moderate, (x) => {
        const close = (v: DD, f: number) =>
          expect(Math.abs(toNumber(v) - f)).toBeLessThanOrEqual(4e-16 * Math.abs(f) + 1e-300);
        close(F.exp(dd(x)), Math.exp(x));
        close(F.sin(dd(x)), Math.sin(x));
        close(F.cos(dd(x)), Math.cos(x));
        close(F.atan(dd(x)), Math.atan(x));
        close(F.sinh(dd(x)), Math.sinh(x));
        close(F.tanh(dd(x)), Math.tanh(x));
        if (x > 0) close(F.log(dd(x)), Math.log(x));
      }),
    );
  });

  it('powInt matches repeated multiplication; compare orders by hi then lo', () => {
    const x = dd(1.1, 1e-17);
    let p = dd(1);
    for (let i = 0; i < 13; i++) p = mul(p, x);
    expect(relErr(powInt(x, 13), p.hi, p.lo)).toBeLessThan(1e-30);
    expect(relErr(mul(powInt(x, -13), p), 1)).toBeLessThan(1e-30);
    expect(compare(dd(1, 1e-20), dd(1))).toBe(1);
    expect(compare(neg(dd(1, 1e-20)), dd(-1))).toBe(-1);
    expect(compare(dd(Number.NaN), dd(1))).toBeNaN();
  });
});
