import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { FitbenchError } from '../core/errors';
import { createDatasetStore, type NewDataset } from './dataset-store';
import { openDatabase } from './open-database';

async function freshStore() {
  const opened = await openDatabase({ name: 'datasets-test', indexedDB: new IDBFactory() });
  if (!opened.ok) throw opened.error;
  let t = 0;
  return createDatasetStore(opened.db, { now: () => (t += 1) });
}

describe('dataset store', () => {
  it('keeps columns as Float64Arrays, bit for bit', async () => {
    const store = await freshStore();
    const x = Float64Array.of(0, 0.1, -0, Number.MIN_VALUE, 1e308);
    await store.saveDataset({ id: 'd1', name: 'decay', columns: ['x', 'y'], data: { x, y: [5, 4, 3, 2, 1] } });
    const back = await store.getDataset('d1');
    expect(back!.data.x).toBeInstanceOf(Float64Array);
    expect(back!.data.y).toBeInstanceOf(Float64Array);
    expect(new Uint8Array(back!.data.x.buffer)).toEqual(new Uint8Array(x.buffer));
    expect(Array.from(back!.data.y)).toEqual([5, 4, 3, 2, 1]);
    expect(back!.columns).toEqual(['x', 'y']);
  });

  it('lists summaries newest first and deletes', async () => {
    const store = await freshStore();
    await store.saveDataset({ id: 'a', name: 'A', columns: ['x'], data: { x: [1, 2, 3] } });
    const b = await store.saveDataset({ name: 'B', columns: ['t', 'v'], data: { t: [1], v: [2] } });
    expect(await store.listDatasets()).toEqual([
      { id: b.id, name: 'B', columns: ['t', 'v'], rows: 1, createdAt: 2 },
      { id: 'a', name: 'A', columns: ['x'], rows: 3, createdAt: 1 },
    ]);
    await store.deleteDataset('a');
    expect(await store.getDataset('a')).toBeUndefined();
    expect((await store.listDatasets()).map((d) => d.id)).toEqual([b.id]);
  });

  it('rejects malformed data sets, naming the problem', async () => {
    const store = await freshStore();
    const cases: [NewDataset, string, RegExp][] = [
      [{ name: '', columns: ['x'], data: { x: [1] } }, 'OPTIONS_INVALID', /needs a non-empty name/],
      [{ name: 'n', columns: [], data: {} }, 'DATA_EMPTY', /has no columns/],
      [{ name: 'n', columns: ['x', 'x'], data: { x: [1] } }, 'OPTIONS_INVALID', /names column "x" twice/],
      [
        { name: 'n', columns: ['x', 'y'], data: { x: [1] } },
        'DATA_COLUMN_MISSING',
        /lists column "y" but holds no values/,
      ],
      [
        { name: 'n', columns: ['x', 'y'], data: { x: [1, 2], y: [1] } },
        'DATA_LENGTH_MISMATCH',
        /Column "y" .* has 1 rows; the first column has 2/,
      ],
      [{ name: 'n', columns: ['x'], data: { x: [1], z: [2] } }, 'OPTIONS_INVALID', /holds values for "z"/],
      [{ id: '', name: 'n', columns: ['x'], data: { x: [1] } }, 'OPTIONS_INVALID', /id must be a non-empty string/],
    ];
    for (const [input, code, message] of cases) {
      const error = await store.saveDataset(input).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, String(message)).toBeInstanceOf(FitbenchError);
      expect((error as FitbenchError).code).toBe(code);
      expect((error as FitbenchError).message).toMatch(message);
    }
  });
});
