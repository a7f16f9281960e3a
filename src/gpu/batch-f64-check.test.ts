import { describe, expect, it } from 'vitest';
import type { BatchResult, FitBatch } from '../core/api-types';
import { curveFitBatch } from '../core/fit';
import { compileModel } from '../core/model/compile-model';
import { checkAndRefitInF64, checkCurvesInF64 } from './batch-f64-check';
import { packBatch } from './batch-pack';

const model = compileModel('a*exp(-x/t)');
const N = 24;
const x = Float64Array.from({ length: N }, (_, i) => i / 6);

function batchOf(count: number): FitBatch {
  let s = 9;
  const random = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const y = Array.from({ length: count }, () => {
    const a = 1 + random();
    const t = 0.5 + random();
    return Float64Array.from(x, (v) => a * Math.exp(-v / t) + 0.01 * (random() - 0.5));
  });
  return { model: 'a*exp(-x/t)', x, y, p0: { a: 1, t: 1 }, bounds: { t: [0.6, null] } };
}

const copy = (r: BatchResult): BatchResult => ({
  ...r,
  params: r.params.slice(),
  stdErrors: r.stdErrors.slice(),
  cost: r.cost.slice(),
  converged: r.converged.slice(),
  iterations: r.iterations.slice(),
});

describe('float64 check of a float32 GPU batch', () => {
  it('passes converged minima and flags wrong answers, NaN standard errors and mismatched costs', async () => {
    const batch = { ...batchOf(40), bounds: undefined };
    const reference = await curveFitBatch(batch, { backend: 'cpu' });
    const gpu = copy(reference);
    // The kinds of wrong a float32 batch can report as converged:
    gpu.params[3 * 2 + 1] += 3 * gpu.stdErrors[3 * 2 + 1]; // 3 standard errors off, cost not updated
    gpu.stdErrors[7 * 2] = Number.NaN; // NaN standard error
    gpu.cost[11] *= 1.5; // reported cost is not the cost at its parameters
    gpu.params[20 * 2] *= 1.2; // off the minimum, with its true cost
    gpu.cost[20] = 0;
    const { refit } = checkCurvesInF64(model, batch, gpu);
    const flagged = Array.from(refit.keys()).filter((j) => refit[j]);
    expect(flagged).toEqual([3, 7, 11, 20]);

    await checkAndRefitInF64(model, batch, gpu);
    expect(Array.from(gpu.params)).toEqual(Array.from(reference.params));
    expect(Array.from(gpu.cost)).toEqual(Array.from(reference.cost));
    expect(Array.from(gpu.diagnostics?.refittedF64 ?? [])).toEqual(
      Array.from({ length: 40 }, (_, j) => (flagged.includes(j) ? 1 : 0)),
    );
  });

  it('leaves a float32-accurate answer alone (parameters within 0.1% of a standard error)', () => {
    const batch = { ...batchOf(10), bounds: undefined };
    return curveFitBatch(batch, { backend: 'cpu' }).then((reference) => {
      const gpu = copy(reference);
      for (let i = 0; i < gpu.params.length; i++) gpu.params[i] += 1e-3 * gpu.stdErrors[i];
      for (let j = 0; j < 10; j++) gpu.cost[j] = Math.fround(gpu.cost[j]);
      expect(Array.from(checkCurvesInF64(model, batch, gpu).refit)).toEqual(new Array(10).fill(0));
    });
  });

  it('marks curves that end at a bound', async () => {
    const batch = batchOf(30);
    const result = await curveFitBatch(batch, { backend: 'cpu' });
    await checkAndRefitInF64(model, batch, result);
    const np = 2;
    for (let j = 0; j < 30; j++)
      expect(result.diagnostics?.atBound[j], `curve ${j}`).toBe(
        Math.abs(result.params[j * np + 1] - 0.6) < 1e-9 ? 1 : 0,
      );
    expect(result.diagnostics?.atBound.some((v) => v === 1)).toBe(true);
  });

  it('packs float32 curves without a float64 pass, equal to packing the same values as float64', () => {
    const values = Float32Array.from({ length: 3 * N }, (_, i) => Math.exp(-i / 30));
    const rows32 = [0, 1, 2].map((j) => values.subarray(j * N, (j + 1) * N));
    const rows64 = rows32.map((r) => Float64Array.from(r));
    const a = packBatch(model, { model: '', x, y: rows32, p0: { a: 1, t: 1 } });
    const b = packBatch(model, { model: '', x, y: rows64, p0: { a: 1, t: 1 } });
    expect(Array.from(a.ys)).toEqual(Array.from(b.ys));
    expect(Array.from(a.ys)).toEqual(Array.from(values));
  });
});
