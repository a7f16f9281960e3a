import { describe, expect, it } from 'vitest';
import { parseTable } from '../parse-table';
import {
  batchResultFromArrow,
  batchResultToArrow,
  batchResultToCsv,
  checkBatchCurves,
  curvesFromArrow,
  curvesFromNpy,
  curvesFromTable,
  curvesToArrow,
  fitBatchOf,
  packResultTable,
  readNpy,
  sliceCurves,
  unpackResultTable,
  writeNpy,
  type BatchCurves,
  type CurveStatus,
} from './index';
import { FitbenchError } from '../../errors';
import { tableFromArrays, tableToIPC } from 'apache-arrow';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return error instanceof FitbenchError ? error.code : `not a FitbenchError: ${String(error)}`;
  }
  return 'no error';
};

describe('.npy', () => {
  it('round-trips float32 and float64 arrays of 1 to 3 dimensions', () => {
    const f32 = Float32Array.from({ length: 24 }, (_, i) => i / 3);
    const back = readNpy(writeNpy(f32, [2, 3, 4]));
    expect(back.shape).toEqual([2, 3, 4]);
    expect(back.data).toBeInstanceOf(Float32Array);
    expect(Array.from(back.data)).toEqual(Array.from(f32));
    const f64 = Float64Array.from({ length: 5 }, (_, i) => Math.PI * i);
    const one = readNpy(writeNpy(f64, [5]));
    expect(one.shape).toEqual([5]);
    expect(Array.from(one.data)).toEqual(Array.from(f64));
  });

  it('reads Fortran order into row-major order', () => {
    // A 2×3 array [[0,1,2],[3,4,5]] stored column by column: 0,3,1,4,2,5.
    const bytes = writeNpy(Float64Array.from([0, 3, 1, 4, 2, 5]), [2, 3]);
    const text = new TextDecoder('latin1').decode(bytes).replace("'fortran_order': False", "'fortran_order': True ");
    const patched = Uint8Array.from(text, (c) => c.charCodeAt(0));
    patched.set(bytes.subarray(bytes.length - 48), bytes.length - 48);
    expect(Array.from(readNpy(patched).data)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('rejects what is not .npy or not numeric, with DATA_PARSE', () => {
    expect(codeOf(() => readNpy(new TextEncoder().encode('x,y\n1,2\n')))).toBe('DATA_PARSE');
    const bytes = writeNpy(Float64Array.from([1, 2]), [2]);
    const text = new TextDecoder('latin1').decode(bytes).replace('<f8', '<U8');
    expect(codeOf(() => readNpy(Uint8Array.from(text, (c) => c.charCodeAt(0))))).toBe('DATA_PARSE');
    expect(codeOf(() => readNpy(bytes.subarray(0, bytes.length - 3)))).toBe('DATA_PARSE');
  });

  it('makes curves from (curves, points), (rows, cols, points) with grid coordinates, and an x array', () => {
    const y = { shape: [2, 3, 4], data: Float32Array.from({ length: 24 }, (_, i) => i) };
    const curves = curvesFromNpy(y, { shape: [4], data: Float64Array.from([0, 0.5, 1, 1.5]) });
    expect(curves.count).toBe(6);
    expect(curves.points).toBe(4);
    expect(curves.y).toBeInstanceOf(Float32Array);
    expect(Array.from(curves.grid?.rows ?? [])).toEqual([0, 0, 0, 1, 1, 1]);
    expect(Array.from(curves.grid?.cols ?? [])).toEqual([0, 1, 2, 0, 1, 2]);
    expect(Array.from(curvesFromNpy({ shape: [2, 3], data: new Float64Array(6) }).x)).toEqual([0, 1, 2]);
    expect(codeOf(() => curvesFromNpy(y, { shape: [5], data: new Float64Array(5) }))).toBe('DATA_LENGTH_MISMATCH');
  });
});

describe('CSV tables', () => {
  it('reads the columns layout and the rows layout with grid columns', () => {
    const cols = curvesFromTable(parseTable('t,a,b\n0,1,2\n1,3,4\n2,5,6\n'), 'columns');
    expect(cols.labels).toEqual(['a', 'b']);
    expect(Array.from(cols.y)).toEqual([1, 3, 5, 2, 4, 6]);
    const rows = curvesFromTable(parseTable('row,col,0,1,2\n0,0,1,2,3\n0,1,4,5,6\n', { numericHeader: true }), 'rows');
    expect(rows.count).toBe(2);
    expect(Array.from(rows.x)).toEqual([0, 1, 2]);
    expect(Array.from(rows.grid?.cols ?? [])).toEqual([0, 1]);
    expect(Array.from(rows.y)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('Arrow IPC', () => {
  const curves: BatchCurves = {
    count: 3,
    points: 4,
    x: Float64Array.from([0, 1, 2, 3]),
    xPerCurve: false,
    y: Float32Array.from({ length: 12 }, (_, i) => i * 0.25),
    labels: ['p', 'q', 'r'],
    grid: { rows: Int32Array.from([0, 0, 1]), cols: Int32Array.from([0, 1, 0]) },
  };

  it('round-trips one row per curve with float32 kept, a shared x, labels and grid', () => {
    const back = curvesFromArrow(curvesToArrow(curves));
    expect(back.y).toBeInstanceOf(Float32Array);
    expect(Array.from(back.y)).toEqual(Array.from(curves.y));
    expect(Array.from(back.x)).toEqual([0, 1, 2, 3]);
    expect(back.labels).toEqual(['p', 'q', 'r']);
    expect(Array.from(back.grid?.rows ?? [])).toEqual([0, 0, 1]);
  });

  it('round-trips one x per curve', () => {
    const perCurve = { ...curves, x: Float64Array.from({ length: 12 }, (_, i) => i), xPerCurve: true };
    const back = curvesFromArrow(curvesToArrow(perCurve));
    expect(back.xPerCurve).toBe(true);
    expect(Array.from(back.x)).toEqual(Array.from(perCurve.x));
  });

  it('round-trips per-curve sigma (a list column) and start values (p0_<name> columns); slices and FitBatches carry them', () => {
    const weighted: BatchCurves = {
      ...curves,
      sigma: Float64Array.from({ length: 12 }, (_, i) => 0.1 + i / 100),
      p0: { names: ['a', 't'], values: Float64Array.from([1, 2, 3, 4, 5, 6]) },
    };
    const back = curvesFromArrow(curvesToArrow(weighted));
    expect(Array.from(back.sigma ?? [])).toEqual(Array.from(weighted.sigma ?? []));
    expect(back.p0?.names).toEqual(['a', 't']);
    expect(Array.from(back.p0?.values ?? [])).toEqual([1, 2, 3, 4, 5, 6]);
    const tail = sliceCurves(back, 1, 3);
    expect(Array.from(tail.sigma ?? [])).toEqual(Array.from(weighted.sigma ?? []).slice(4));
    expect(Array.from(tail.p0?.values ?? [])).toEqual([3, 4, 5, 6]);
    const batch = fitBatchOf(tail, { model: 'a*exp(-x/t)+c', p0: { a: 9, t: 9, c: 0.5 } });
    expect(batch.sigma?.map((r) => Array.from(r))).toEqual([
      Array.from(weighted.sigma!.subarray(4, 8)),
      Array.from(weighted.sigma!.subarray(8, 12)),
    ]);
    expect(batch.p0).toEqual([
      { a: 3, t: 4, c: 0.5 },
      { a: 5, t: 6, c: 0.5 },
    ]);
    expect(codeOf(() => checkBatchCurves({ ...weighted, sigma: new Float64Array(5) }))).toBe('DATA_LENGTH_MISMATCH');
    expect(codeOf(() => checkBatchCurves({ ...weighted, p0: { names: ['a'], values: new Float64Array(2) } }))).toBe(
      'DATA_LENGTH_MISMATCH',
    );
  });

  it('reads the one-column-per-curve layout that pandas writes', () => {
    const bytes = tableToIPC(
      tableFromArrays({
        x: Float64Array.from([0, 1, 2]),
        s1: Float64Array.from([1, 2, 3]),
        s2: Float64Array.from([4, 5, 6]),
      }),
      'stream',
    );
    const back = curvesFromArrow(bytes);
    expect(back.labels).toEqual(['s1', 's2']);
    expect(Array.from(back.y)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects bytes that are not Arrow and tables without float columns', () => {
    expect(codeOf(() => curvesFromArrow(new TextEncoder().encode('not arrow at all')))).toBe('DATA_PARSE');
    expect(codeOf(() => curvesFromArrow(tableToIPC(tableFromArrays({ n: Int32Array.from([1, 2]) }))))).toBe(
      'DATA_PARSE',
    );
  });

  it('writes results as Arrow and CSV that read back exactly', () => {
    const result = {
      paramNames: ['a', 'b'],
      params: Float64Array.from([1 / 3, 2, Number.NaN, Number.NaN, 0.1, 0.2]),
      stdErrors: Float64Array.from([0.01, 0.02, Number.NaN, Number.NaN, 1e-300, 5]),
      cost: Float64Array.from([0.5, Number.NaN, 2]),
      converged: Uint8Array.from([1, 0, 0]),
      iterations: Uint32Array.from([4, 0, 200]),
    };
    const back = batchResultFromArrow(batchResultToArrow({ result, labels: curves.labels, grid: curves.grid }));
    expect(back.result.paramNames).toEqual(['a', 'b']);
    expect(Array.from(back.result.params)).toEqual(Array.from(result.params));
    expect(Array.from(back.result.stdErrors)).toEqual(Array.from(result.stdErrors));
    expect(back.status).toEqual(['converged', 'failed', 'not-converged']);
    expect(back.labels).toEqual(['p', 'q', 'r']);
    const csv = batchResultToCsv({ result });
    expect(csv.split('\n')[0]).toBe('curve,a,b,stderr_a,stderr_b,cost,converged,iterations,status');
    expect(csv.split('\n')[1]).toBe(`0,${1 / 3},2,0.01,0.02,0.5,1,4,converged`);
  });

  it('writes per-curve diagnostics as columns between iterations and status, read back exactly', () => {
    const result = {
      paramNames: ['a'],
      params: Float64Array.from([1, 2]),
      stdErrors: Float64Array.from([0.1, Number.NaN]),
      cost: Float64Array.from([0.5, 0.25]),
      converged: Uint8Array.from([1, 1]),
      iterations: Uint32Array.from([4, 5]),
      diagnostics: {
        atBound: Uint8Array.from([1, 0]),
        notIdentifiable: Uint8Array.from([0, 1]),
        refittedF64: Uint8Array.from([0, 1]),
      },
    };
    const csv = batchResultToCsv({ result }).split('\n');
    expect(csv[0]).toBe('curve,a,stderr_a,cost,converged,iterations,at_bound,not_identifiable,refitted_f64,status');
    expect(csv[2]).toBe('1,2,NaN,0.25,1,5,0,1,1,converged');
    const back = batchResultFromArrow(batchResultToArrow({ result }));
    expect(back.result.diagnostics).toEqual(result.diagnostics);
    expect(back.status).toEqual(['converged', 'converged']);
  });
});

describe('packed results tables', () => {
  it('round-trip statuses and labels (one byte per status, labels as one string)', () => {
    const result = {
      paramNames: ['a'],
      params: Float64Array.from([1, 2, 3]),
      stdErrors: Float64Array.from([0.1, 0.2, 0.3]),
      cost: Float64Array.from([1, Number.NaN, 2]),
      converged: Uint8Array.from([1, 0, 0]),
      iterations: Uint32Array.from([3, 0, 9]),
    };
    const table = {
      result,
      labels: ['p,"q"', 'r\nline', '=1+1'],
      status: ['converged', 'chunk-failed', 'not-fitted'] as CurveStatus[],
    };
    const packed = packResultTable(table);
    expect(packed.statusCodes).toBeInstanceOf(Uint8Array);
    expect(typeof packed.labelsJson).toBe('string');
    const back = unpackResultTable(structuredClone(packed));
    expect(back.status).toEqual(table.status);
    expect(back.labels).toEqual(table.labels);
    expect(batchResultToCsv(back)).toBe(batchResultToCsv(table));
  });
});
