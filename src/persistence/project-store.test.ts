import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { FitbenchError } from '../core/errors';
import type { ParameterRow } from './db-schema';
import { createProjectStore, type ProjectInput } from './project-store';
import { openDatabase } from './open-database';

async function freshStore() {
  const opened = await openDatabase({ name: 'projects-test', indexedDB: new IDBFactory() });
  if (!opened.ok) throw opened.error;
  let t = 0;
  return createProjectStore(opened.db, { now: () => (t += 1) });
}

const rows: ParameterRow[] = [
  { name: 'a', value: 1, min: 0, max: null, fixed: false },
  // Half-typed input is kept as is: the fit, not storage, judges it.
  { name: 'mu', value: null, min: 5, max: 1, fixed: true },
];

describe('project store', () => {
  it('saves, reads, lists most recent first and deletes', async () => {
    const store = await freshStore();
    await store.saveProject({ id: 'p1', name: 'Peak', model: 'gaussian', datasetId: 'd1', parameters: rows });
    await store.saveProject({
      id: 'p2',
      name: 'Decay',
      model: 'a*exp(-x/t)',
      datasetId: null,
      parameters: [],
      columns: { x: 'time', y: 'counts' },
      options: { method: 'trf', loss: 'huber', onIteration: () => undefined } as ProjectInput['options'],
    });
    const p1 = await store.getProject('p1');
    expect(p1).toEqual({ id: 'p1', name: 'Peak', model: 'gaussian', datasetId: 'd1', parameters: rows, updatedAt: 1 });
    const p2 = await store.getProject('p2');
    expect(p2!.options).toEqual({ method: 'trf', loss: 'huber' });
    expect(p2!.columns).toEqual({ x: 'time', y: 'counts' });
    expect((await store.listProjects()).map((p) => p.id)).toEqual(['p2', 'p1']);
    await store.saveProject({ ...p1!, name: 'Peak v2' });
    expect((await store.listProjects()).map((p) => p.id)).toEqual(['p1', 'p2']);
    await store.deleteProject('p2');
    expect(await store.getProject('p2')).toBeUndefined();
  });

  it('rejects malformed projects, naming the row', async () => {
    const store = await freshStore();
    const base: ProjectInput = { name: 'P', model: 'a*x', datasetId: null, parameters: [] };
    const cases: [ProjectInput, RegExp][] = [
      [{ ...base, name: ' ' }, /needs a non-empty name/],
      [{ ...base, model: 3 as unknown as string }, /model must be text/],
      [{ ...base, datasetId: '' }, /datasetId must be a data set id or null/],
      [{ ...base, parameters: [{ ...rows[0], name: '' }] }, /parameter row 1 has no name/],
      [{ ...base, parameters: [rows[0], rows[0]] }, /parameter row 2 repeats parameter "a"/],
      [
        { ...base, parameters: [{ ...rows[0], min: '0' as unknown as number }] },
        /\("a"\): min must be a number or empty/,
      ],
      [{ ...base, parameters: [{ ...rows[0], fixed: 'yes' as unknown as boolean }] }, /fixed must be true or false/],
    ];
    for (const [input, message] of cases) {
      const error = await store.saveProject(input).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, String(message)).toBeInstanceOf(FitbenchError);
      expect((error as FitbenchError).code).toBe('OPTIONS_INVALID');
      expect((error as FitbenchError).message).toMatch(message);
    }
  });
});
