import { describe, expect, it } from 'vitest';
import { AUTO_GPU_MIN_POINTS, assessF32, chooseBackend, F32_COND_LIMIT, isSoftwareAdapter } from './choose-backend';
import { FitbenchError } from '../core/errors';

describe('chooseBackend', () => {
  it('honours explicit choices', () => {
    expect(chooseBackend({ requested: 'cpu', gpuAvailable: true, points: 1e9 }).backend).toBe('cpu');
    expect(chooseBackend({ requested: 'webgpu', gpuAvailable: true, points: 10 }).backend).toBe('webgpu');
  });
  it('rejects webgpu without an adapter with GPU_UNAVAILABLE', () => {
    expect(() => chooseBackend({ requested: 'webgpu', gpuAvailable: false, points: 10 })).toThrow(FitbenchError);
    try {
      chooseBackend({ requested: 'webgpu', gpuAvailable: false, points: 10 });
    } catch (e) {
      expect((e as FitbenchError).code).toBe('GPU_UNAVAILABLE');
    }
  });
  it('rejects an unknown backend name', () => {
    expect(() => chooseBackend({ requested: 'tpu' as 'cpu', gpuAvailable: true, points: 10 })).toThrow(
      /Unknown backend "tpu"/,
    );
  });
  it('auto uses the threshold, the adapter and the adapter kind', () => {
    expect(chooseBackend({ requested: 'auto', gpuAvailable: true, points: AUTO_GPU_MIN_POINTS }).backend).toBe(
      'webgpu',
    );
    expect(chooseBackend({ requested: 'auto', gpuAvailable: true, points: AUTO_GPU_MIN_POINTS - 1 }).backend).toBe(
      'cpu',
    );
    expect(chooseBackend({ requested: undefined, gpuAvailable: false, points: 1e8 }).backend).toBe('cpu');
    expect(chooseBackend({ requested: 'auto', gpuAvailable: true, softwareAdapter: true, points: 1e8 }).backend).toBe(
      'cpu',
    );
    expect(chooseBackend({ requested: 'auto', gpuAvailable: true, points: 128, curves: 1000 }).backend).toBe('webgpu');
    expect(chooseBackend({ requested: 'auto', gpuAvailable: true, points: 100, curves: 10 }).backend).toBe('cpu');
  });
  it('recognises software adapters', () => {
    expect(
      isSoftwareAdapter({ vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: false }),
    ).toBe(true);
    expect(
      isSoftwareAdapter({ vendor: 'nvidia', architecture: '', description: 'NVIDIA', isFallbackAdapter: false }),
    ).toBe(false);
  });
});

/** Normal equations of a straight-line fit y = a + b·x over x in [lo, hi] with noise-free data + offset. */
function line(lo: number, hi: number, n: number, resid: number, gradShift = 0) {
  let sx = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const x = lo + ((hi - lo) * i) / (n - 1);
    sx += x;
    sxx += x * x;
  }
  const jtj = Float64Array.from([n, sx, sx, sxx]);
  return {
    jtj,
    jtr: Float64Array.from([gradShift, 0]),
    points: n,
    cost: 0.5 * n * resid * resid,
    sumSq: n * resid * resid,
    sumSqWeightedY: n,
  };
}

describe('assessF32', () => {
  it('says converged when the Gauss–Newton step is far below a standard error', () => {
    const a = assessF32(line(-1, 1, 1000, 0.1));
    expect(a.verdict).toBe('converged');
    expect(a.stepInStdErrors).toBe(0);
  });
  it('says continue while the step is large', () => {
    const a = assessF32(line(-1, 1, 1000, 0.1, 100));
    expect(a.verdict).toBe('continue');
    expect(a.stepInStdErrors).toBeGreaterThan(1);
  });
  it('sends ill-conditioned problems to f64', () => {
    const a = assessF32(line(1000, 1001, 1000, 0.1));
    expect(a.condition).toBeGreaterThan(F32_COND_LIMIT);
    expect(a.verdict).toBe('finish-f64');
  });
  it('sends tiny residuals to f64', () => {
    const a = assessF32(line(-1, 1, 1000, 1e-7));
    expect(a.verdict).toBe('finish-f64');
    expect(a.reason).toMatch(/residuals/);
  });
  it('treats a singular JᵀJ as ill-conditioned', () => {
    const a = assessF32({
      jtj: Float64Array.from([1, 1, 1, 1]),
      jtr: new Float64Array(2),
      points: 10,
      cost: 1,
      sumSq: 2,
      sumSqWeightedY: 10,
    });
    expect(a.verdict).toBe('finish-f64');
  });
});
