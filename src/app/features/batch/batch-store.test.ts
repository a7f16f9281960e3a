import { describe, expect, it } from 'vitest';
import type { BatchResult, FitBatch } from '../../../core/api-types';
import { curveFitBatch } from '../../../core/fit';
import { parameterImage, readBatchBytes } from '../../../core/data/batch';
import { createBatchStore } from './batch-store';

const csv = 'x,c1,c2,c3\n0,1,2,3\n1,0.5,1.1,1.4\n2,0.26,0.5,0.8\n3,0.12,0.26,0.41\n4,0.07,0.12,0.2\n';

function store() {
  return createBatchStore({
    files: {
      read: async (bytes, name, options) => readBatchBytes(new Uint8Array(bytes), name, options),
      sortOrder: async (values, descending) =>
        Uint32Array.from(
          Array.from(values.keys()).sort((a, b) => (descending ? values[b] - values[a] : values[a] - values[b])),
        ),
      paintMap: async (params, stride, index, grid) => parameterImage(params, stride, index, grid),
      exportCsv: async () => new TextEncoder().encode('csv'),
      exportArrow: async () => new Uint8Array([1]),
    },
    service: {
      fitBatch: (batch: FitBatch) => ({
        result: curveFitBatch(batch, { backend: 'cpu' }) as Promise<BatchResult>,
        cancel: () => false,
      }),
      now: () => performance.now(),
    },
  });
}

describe('batch page store', () => {
  it('loads a file, fits it with progress reported from the first moment, and sorts the results', async () => {
    const s = store();
    await s.getState().loadFile(new File([csv], 'three.csv'));
    expect(s.getState().curves?.count).toBe(3);
    s.getState().fit();
    expect(s.getState().runState).toBe('running');
    expect(s.getState().progress).toMatchObject({ done: 0, total: 3 });
    await new Promise<void>((resolve) => s.subscribe((state) => state.runState !== 'running' && resolve()));
    expect(s.getState().runState).toBe('done');
    expect(s.getState().outcome?.status).toEqual(['converged', 'converged', 'converged']);
    await s.getState().sortBy({ kind: 'param', index: 0 });
    const order = Array.from(s.getState().order ?? []);
    const a = s.getState().outcome?.result.params ?? new Float64Array();
    expect(a[order[0] * 2]).toBeLessThanOrEqual(a[order[2] * 2]);
  });

  it('says what is wrong with the start values or the file, and fits nothing', async () => {
    const s = store();
    await s.getState().loadFile(new File(['x,y\n1,abc\n'], 'bad.csv'));
    expect(s.getState().readError).toMatch(/./);
    await s.getState().loadFile(new File([csv], 'three.csv'));
    s.getState().setP0Text('a=1, t');
    s.getState().fit();
    expect(s.getState().runState).toBe('failed');
    expect(s.getState().runError).toMatch(/name=number/);
  });
});
