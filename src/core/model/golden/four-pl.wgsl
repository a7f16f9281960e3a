fn model_value(x: array<f32, 1>, p: array<f32, 4>) -> f32 {
  return (p[0] + ((p[1] - p[0]) / (1.0 + pow((x[0] / p[2]), p[3]))));
}

fn model_value_and_gradient(x: array<f32, 1>, p: array<f32, 4>, g: ptr<function, array<f32, 4>>) -> f32 {
  let t0 = (x[0] / p[2]);
  let t1 = pow(t0, p[3]);
  let t2 = (1.0 + t1);
  let t3 = ((p[1] - p[0]) / t2);
  let t4 = (1.0 / t2);
  let t5 = abs(t0);
  (*g)[0] = (1.0 - t4);
  (*g)[1] = t4;
  (*g)[2] = (-((t3 * select((-((p[3] * pow(t0, (p[3] - 1.0))) * (t0 / p[2]))), 0.0, t5 <= 0.0)) / t2));
  (*g)[3] = (-((t3 * select((t1 * log(t0)), 0.0, t5 <= 0.0)) / t2));
  return (p[0] + t3);
}
