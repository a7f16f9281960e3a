fn fb_wofz_upper(u: f32, v: f32) -> vec2<f32> {
  if (u * u + v * v >= 25.0) {
    var dr = u;
    var di = v;
    var den: f32;
    den = dr * dr + di * di;
    dr = u - 3.0 * dr / den;
    di = v + 3.0 * di / den;
    den = dr * dr + di * di;
    dr = u - 2.5 * dr / den;
    di = v + 2.5 * di / den;
    den = dr * dr + di * di;
    dr = u - 2.0 * dr / den;
    di = v + 2.0 * di / den;
    den = dr * dr + di * di;
    dr = u - 1.5 * dr / den;
    di = v + 1.5 * di / den;
    den = dr * dr + di * di;
    dr = u - 1.0 * dr / den;
    di = v + 1.0 * di / den;
    den = dr * dr + di * di;
    dr = u - 0.5 * dr / den;
    di = v + 0.5 * di / den;
    den = dr * dr + di * di;
    return vec2<f32>(0.5641896 * di / den, 0.5641896 * dr / den);
  }
  let lv = 3.3635857 + v;
  let den = lv * lv + u * u;
  let zr = (11.313708 - v * v - u * u) / den;
  let zi = 6.7271714 * u / den;
  let rr = lv / den;
  let ri = u / den;
  var qr: f32 = 9.939323e-7;
  var qi: f32 = 0.0;
  var t: f32;
  t = qr * zr - qi * zi + 0.0000039812876;
  qi = qr * zi + qi * zr;
  qr = t;
  t = qr * zr - qi * zi + (-0.0000055842333);
  qi = qr * zi + qi * zr;
  qr = t;
  t = qr * zr - qi * zi + (-0.000027346405);
  qi = qr * zi + qi * zr;
  qr = t;
  t = qr * zr - qi * zi + 0.000021709868;
  qi = qr * zi + qi * zr;
  qr = t;
  t = qr * zr - qi * zi + 0.00021071057;
  qi = qr * zi + qi * zr;
  qr = t;
  t = qr * zr - qi * zi + 0.000087031585;
  qi = qr * zi + qi * zr;
  qr = t;
  t = qr * zr - qi * zi + (-0.0015276597);
  qi = qr * zi + qi * zr;
  qr = t;
  t = qr * zr - qi * zi + (-0.003881015);
  qi = qr * zi + qi * zr;
  qr = t;
  t = qr * zr - qi * zi + 0.0036825673;
  qi = qr * zi + qi * zr;
  qr = t;
  t = qr * zr - qi * zi + 0.0518224;
  qi = qr * zi + qi * zr;
  qr = t;
  t = qr * zr - qi * zi + 0.19124173;
  qi = qr * zi + qi * zr;
  qr = t;
  t = qr * zr - qi * zi + 0.4692909;
  qi = qr * zi + qi * zr;
  qr = t;
  t = qr * zr - qi * zi + 0.88644785;
  qi = qr * zi + qi * zr;
  qr = t;
  t = qr * zr - qi * zi + 1.3622408;
  qi = qr * zi + qi * zr;
  qr = t;
  t = qr * zr - qi * zi + 1.7483959;
  qi = qr * zi + qi * zr;
  qr = t;
  let r2r = rr * rr - ri * ri;
  let r2i = 2.0 * rr * ri;
  return vec2<f32>(2.0 * (qr * r2r - qi * r2i) + 0.5641896 * rr, 2.0 * (qr * r2i + qi * r2r) + 0.5641896 * ri);
}

fn fb_wofz(u: f32, v: f32) -> vec2<f32> {
  if (v >= 0.0) {
    return fb_wofz_upper(u, v);
  }
  let w = fb_wofz_upper(-u, -v);
  let m = 2.0 * exp(v * v - u * u);
  let ang = -2.0 * u * v;
  return vec2<f32>(m * cos(ang) - w.x, m * sin(ang) - w.y);
}

fn model_value(x: array<f32, 1>, p: array<f32, 5>) -> f32 {
  let t0 = (1.4142135 * p[2]);
  return (((p[0] * fb_wofz(((x[0] - p[1]) / t0), (p[3] / t0)).x) / (2.5066283 * p[2])) + p[4]);
}

fn model_value_and_gradient(x: array<f32, 1>, p: array<f32, 5>, g: ptr<function, array<f32, 5>>) -> f32 {
  let t0 = (1.4142135 * p[2]);
  let t1 = ((x[0] - p[1]) / t0);
  let t2 = (p[3] / t0);
  let t3 = fb_wofz(t1, t2).x;
  let t4 = (2.5066283 * p[2]);
  let t5 = ((p[0] * t3) / t4);
  let t6 = fb_wofz(t1, t2).y;
  let t7 = (2.0 * ((t1 * t3) - (t2 * t6)));
  let t8 = (1.0 / t0);
  let t9 = (1.1283792 - (2.0 * ((t1 * t6) + (t2 * t3))));
  (*g)[0] = (t3 / t4);
  (*g)[1] = ((p[0] * (t7 * t8)) / t4);
  (*g)[2] = (((p[0] * ((t7 * ((1.4142135 * t1) / t0)) + (t9 * ((1.4142135 * t2) / t0)))) - (2.5066283 * t5)) / t4);
  (*g)[3] = (-((p[0] * (t9 * t8)) / t4));
  (*g)[4] = 1.0;
  return (t5 + p[4]);
}
