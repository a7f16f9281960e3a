fn model_value(x: array<f32, 1>, p: array<f32, 4>) -> f32 {
  let t0 = (x[0] - p[1]);
  return ((p[0] * exp((-((t0 * t0) / (2.0 * (p[2] * p[2])))))) + p[3]);
}

fn model_value_and_gradient(x: array<f32, 1>, p: array<f32, 4>, g: ptr<function, array<f32, 4>>) -> f32 {
  let t0 = (x[0] - p[1]);
  let t1 = (2.0 * (p[2] * p[2]));
  let t2 = ((t0 * t0) / t1);
  let t3 = exp((-t2));
  (*g)[0] = t3;
  (*g)[1] = (p[0] * (t3 * ((2.0 * t0) / t1)));
  (*g)[2] = (p[0] * (t3 * ((t2 * (4.0 * p[2])) / t1)));
  (*g)[3] = 1.0;
  return ((p[0] * t3) + p[3]);
}
