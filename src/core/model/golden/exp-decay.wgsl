fn model_value(x: array<f32, 1>, p: array<f32, 3>) -> f32 {
  return ((p[0] * exp((-(x[0] / p[1])))) + p[2]);
}

fn model_value_and_gradient(x: array<f32, 1>, p: array<f32, 3>, g: ptr<function, array<f32, 3>>) -> f32 {
  let t0 = (x[0] / p[1]);
  let t1 = exp((-t0));
  (*g)[0] = t1;
  (*g)[1] = (p[0] * (t1 * (t0 / p[1])));
  (*g)[2] = 1.0;
  return ((p[0] * t1) + p[2]);
}
