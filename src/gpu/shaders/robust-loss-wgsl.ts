/**
 * WGSL of the robust losses (scipy least_squares), shared by every kernel skeleton.
 * `robust(z, code, fs)` returns (ρ, ρ′, ρ″) of z = r² with the fScale scaling applied;
 * the TypeScript twin is robust-loss.ts.
 */
export const ROBUST_LOSS_WGSL = /* wgsl */ `
const JSCALE_EPS: f32 = ${Number.EPSILON};

fn log1p_f32(v: f32) -> f32 {
  // log(1+v) loses all digits for tiny v in f32; this is the classic exact-rounding fix.
  let u = 1.0 + v;
  if (u == 1.0) { return v; }
  return log(u) * v / (u - 1.0);
}

fn robust(z: f32, code: u32, fs: f32) -> vec3<f32> {
  let c2 = fs * fs;
  let s = z / c2;
  var r = vec3<f32>(s, 1.0, 0.0);
  switch code {
    case 1u: {
      let t = 1.0 + s;
      let q = sqrt(t);
      r = vec3<f32>(2.0 * (q - 1.0), 1.0 / q, -0.5 / (t * q));
    }
    case 2u: {
      if (s > 1.0) {
        let q = sqrt(s);
        r = vec3<f32>(2.0 * q - 1.0, 1.0 / q, -0.5 / (s * q));
      }
    }
    case 3u: {
      let t = 1.0 + s;
      r = vec3<f32>(log1p_f32(s), 1.0 / t, -1.0 / (t * t));
    }
    case 4u: {
      let d = 1.0 + s * s;
      r = vec3<f32>(atan(s), 1.0 / d, -2.0 * s / (d * d));
    }
    default: {}
  }
  return vec3<f32>(r.x * c2, r.y, r.z / c2);
}
`;
