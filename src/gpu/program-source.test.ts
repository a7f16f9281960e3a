import { describe, expect, it } from 'vitest';
import { compileModel } from '../core/model/compile-model';
import {
  buildProgramSource,
  hashSource,
  normalLayout,
  programKey,
  upperIndex,
  validateWgslModel,
} from './program-source';
import { FitbenchError } from '../core/errors';

const gauss = compileModel('a*exp(-(x-mu)^2/(2*s^2)) + c');
const peaks = compileModel(
  'b0 + b1*x + a1*exp(-(x-m1)^2/(2*s1^2)) + a2*exp(-(x-m2)^2/(2*s2^2)) + a3*exp(-(x-m3)^2/(2*s3^2))',
);

describe('normalLayout / upperIndex', () => {
  it('packs the upper triangle row-major, then Jᵀr, Σr², Σρ', () => {
    expect(normalLayout(4)).toEqual({ nt: 10, k: 16, jtrOffset: 10, sumSqOffset: 14 });
    expect(normalLayout(4, true).k).toBe(2);
    const seen = new Set<number>();
    for (let a = 0; a < 5; a++) for (let b = a; b < 5; b++) seen.add(upperIndex(5, a, b));
    expect([...seen].sort((x, y) => x - y)).toEqual([...Array(15).keys()]);
    expect(upperIndex(4, 1, 1)).toBe(4);
  });
});

describe('buildProgramSource', () => {
  it('splices the model and fills every slot', () => {
    const src = buildProgramSource({ kernel: 'normal-equations', workgroupSize: 256 }, gauss.wgsl);
    expect(src).toContain('fn model_value_and_gradient(');
    expect(src).toContain('const NP: u32 = 4u;');
    expect(src).toContain('const K: u32 = 16u;');
    expect(src).toContain('const KB: u32 = 16u;');
    expect(src).toContain('const COST_ONLY: bool = false;');
    expect(src).not.toMatch(/\{\{[A-Z_]+\}\}/);
    expect(src).toContain('fn robust(');
  });
  it('splits the tree reduction into rounds within 16 KiB of workgroup memory', () => {
    const src = buildProgramSource({ kernel: 'normal-equations', workgroupSize: 256 }, peaks.wgsl);
    expect(src).toContain('const K: u32 = 79u;');
    expect(src).toContain('const ROUNDS: u32 = 5u;');
    expect(src).toContain('array<f32, 4096>');
  });
  it('builds the cost-only, reduce and batch kernels', () => {
    expect(buildProgramSource({ kernel: 'cost-only', workgroupSize: 128 }, gauss.wgsl)).toContain(
      'const COST_ONLY: bool = true;',
    );
    expect(buildProgramSource({ kernel: 'reduce-partials', workgroupSize: 256 }, null)).toContain(
      'const WG: u32 = 256u;',
    );
    const batch = buildProgramSource({ kernel: 'batch-lm', workgroupSize: 64 }, gauss.wgsl);
    expect(batch).toContain('fn cholesky(');
    expect(batch).not.toMatch(/\{\{[A-Z_]+\}\}/);
  });
  it('rejects bad workgroup sizes, points per thread and models with clear errors', () => {
    expect(() => buildProgramSource({ kernel: 'normal-equations', workgroupSize: 100 }, gauss.wgsl)).toThrow(
      /power of two/,
    );
    expect(() => buildProgramSource({ kernel: 'normal-equations', workgroupSize: 512 }, gauss.wgsl)).toThrow(
      FitbenchError,
    );
    expect(() =>
      buildProgramSource({ kernel: 'normal-equations', workgroupSize: 64, pointsPerThread: 0 }, gauss.wgsl),
    ).toThrow(/Points per thread/);
    expect(() => buildProgramSource({ kernel: 'batch-lm', workgroupSize: 64 }, null)).toThrow(/needs a model/);
    expect(() => validateWgslModel({ source: 'fn nope() {}', numPredictors: 1, numParams: 2 })).toThrow(/model_value/);
    expect(() => validateWgslModel({ source: gauss.wgsl.source, numPredictors: 1, numParams: 0 })).toThrow(
      /1 to 32 parameters/,
    );
    expect(() => validateWgslModel({ source: gauss.wgsl.source, numPredictors: 0, numParams: 4 })).toThrow(/predictor/);
  });
});

describe('programKey', () => {
  it('is deterministic and depends on kernel, model and workgroup size', () => {
    const k1 = programKey({ kernel: 'normal-equations', workgroupSize: 256 }, gauss.wgsl);
    expect(programKey({ kernel: 'normal-equations', workgroupSize: 256 }, gauss.wgsl)).toBe(k1);
    expect(programKey({ kernel: 'normal-equations', workgroupSize: 128 }, gauss.wgsl)).not.toBe(k1);
    expect(programKey({ kernel: 'cost-only', workgroupSize: 256 }, gauss.wgsl)).not.toBe(k1);
    expect(programKey({ kernel: 'normal-equations', workgroupSize: 256 }, peaks.wgsl)).not.toBe(k1);
    expect(hashSource('abc')).toMatch(/^[0-9a-f]{8}$/);
  });
});
