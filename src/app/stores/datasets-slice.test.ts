import { afterEach, describe, expect, it } from 'vitest';
import { createFitClient, type FitClient } from '../../runtime';
import { FakeRunner } from '../../test-support/runtime-fakes';
import { snapshotOf } from '../projects/workbench-snapshot';
import { buildGlobalProblem, fittedStart } from './fit-slice';
import { createWorkbenchStore, type WorkbenchStore } from './workbench-store';

const A = 'x,y\n0,1\n1,0.5\n2,0.26\n3,0.12\n';
const B = 'x,y\n0,2\n1,0.7\n2,0.27\n3,0.1\n';

let client: FitClient;

function setup(): WorkbenchStore {
  client = createFitClient({ runner: new FakeRunner(), storage: 'none', search: '' });
  return createWorkbenchStore(client);
}

async function twoSets(store: WorkbenchStore): Promise<void> {
  const s = () => store.getState();
  s().setDataText(A);
  await s().commitData();
  s().setModelText('a*exp(-k*x)');
  await s().addDataset();
  s().setDataText(B);
  await s().commitData();
}

afterEach(() => client?.dispose());

describe('data sets', () => {
  it('adds a set, keeps the other as its inputs, and switches back to it exactly', async () => {
    const store = setup();
    await twoSets(store);
    const s = store.getState();
    expect(s.datasets.map((d) => d.name)).toEqual(['data set 1', 'data set 2']);
    expect(s.activeDataset).toBe(1);
    expect(s.datasets[0].inputs?.text).toBe(A);
    expect(s.datasets[1].inputs).toBeNull();
    expect(s.fitData?.y[0]).toBe(2);
    await s.selectDataset(0);
    expect(store.getState().dataText).toBe(A);
    expect(store.getState().datasets[1].inputs?.text).toBe(B);
    expect(store.getState().fitData?.y[0]).toBe(1);
    // The model and rows belong to the project, not to a data set.
    expect(store.getState().modelText).toBe('a*exp(-k*x)');
  });

  it('renames and removes sets; the last one stays', async () => {
    const store = setup();
    await twoSets(store);
    store.getState().renameDataset(0, 'cold');
    await store.getState().removeDataset(1);
    let s = store.getState();
    expect(s.datasets).toEqual([{ name: 'cold', inputs: null }]);
    expect(s.activeDataset).toBe(0);
    expect(s.dataText).toBe(A);
    await s.removeDataset(0);
    s = store.getState();
    expect(s.datasets).toHaveLength(1);
  });

  it('builds the global problem: every data set, shared names, ties and bounds under bare names', async () => {
    const store = setup();
    await twoSets(store);
    store.getState().editParam('k', { shared: true, min: '0' });
    store.getState().editParam('a', { value: '1.5' });
    const problem = buildGlobalProblem(store.getState());
    expect(problem.model).toBe('a*exp(-k*x)');
    expect(problem.datasets.map((d) => d.name)).toEqual(['data set 1', 'data set 2']);
    expect(Array.from(problem.datasets[0].y)).toEqual([1, 0.5, 0.26, 0.12]);
    expect(Array.from(problem.datasets[1].y)).toEqual([2, 0.7, 0.27, 0.1]);
    expect(problem.shared).toEqual(['k']);
    expect(problem.bounds).toEqual({ k: [0, null] });
    expect(problem.p0?.a).toBe(1.5);
  });

  it('derived quantities of a global fit read its names (shared q, per-set q_1, q_2…); a bare per-set name is refused', async () => {
    const store = setup();
    await twoSets(store);
    const s = () => store.getState();
    s().editParam('k', { shared: true });
    s().addDerived({ name: 'ratio', expr: 'a_1/a_2' });
    s().addDerived({ name: 'tau', expr: '1/k' });
    expect(buildGlobalProblem(s()).derived).toEqual({ ratio: 'a_1/a_2', tau: '1/k' });
    s().editDerived(1, { expr: 'a/k' });
    s().startFit();
    expect(s().fitError?.field).toBe('derived-expr-1');
    expect(s().fitError?.message).toMatch(
      /'a' is one parameter per data set .* write a_1, a_2…, or tick “shared” for a/,
    );
    s().editDerived(1, { expr: '1/k' });
    s().editParam('k', { shared: false });
    expect(() => buildGlobalProblem(s())).toThrow(/'k' is one parameter per data set/);
  });

  it('a data set whose name was cleared is still named by its position in the fit', async () => {
    const store = setup();
    await twoSets(store);
    store.getState().renameDataset(1, '  ');
    expect(buildGlobalProblem(store.getState()).datasets.map((d) => d.name)).toEqual(['data set 1', 'data set 2']);
  });

  it('names the data set whose text does not parse', async () => {
    const store = setup();
    await twoSets(store);
    await store.getState().selectDataset(0);
    store.setState({
      datasets: store
        .getState()
        .datasets.map((d, k) =>
          k === 1 && d.inputs ? { ...d, inputs: { ...d.inputs, text: 'x,y\n1,2\n2,oops\n3,4\n' } } : d,
        ),
    });
    expect(() => buildGlobalProblem(store.getState())).toThrow(/Data set 2 \(“data set 2”\)/);
  });

  it('a fit of two sets is a global fit; one set fits as before', async () => {
    const store = setup();
    await twoSets(store);
    store.getState().startFit();
    expect(store.getState().fitError).toBeNull();
    expect(store.getState().fit?.global?.datasets).toHaveLength(2);
    expect(store.getState().fit?.problem).toBeNull();
    await store.getState().removeDataset(0);
    store.getState().startFit();
    expect(store.getState().fit?.global).toBeUndefined();
    expect(store.getState().fit?.problem?.y.length).toBe(4);
  });

  it('the snapshot carries every set, the shared flag and ties; a new store restores them', async () => {
    const store = setup();
    await twoSets(store);
    store.getState().editParam('k', { shared: true });
    store.getState().renameDataset(1, 'warm');
    const snap = snapshotOf(store.getState());
    const other = setup();
    await other.getState().restoreSnapshot(snap);
    const s = other.getState();
    expect(s.datasets.map((d) => d.name)).toEqual(['data set 1', 'warm']);
    expect(s.activeDataset).toBe(1);
    expect(s.dataText).toBe(B);
    expect(s.rows.find((r) => r.name === 'k')?.shared).toBe(true);
    expect(buildGlobalProblem(s).datasets).toHaveLength(2);
  });

  it("uses a global fit's values as starts: shared as is, per-set ones averaged", () => {
    const params = { k: 0.7, a_1: 1, a_2: 3, ab_1: 9 };
    expect(fittedStart(params, 'k')).toBe(0.7);
    expect(fittedStart(params, 'a')).toBe(2);
    expect(fittedStart(params, 'b')).toBeUndefined();
  });
});

describe('tied parameters in the store', () => {
  it('an expr row is not varied: its start and bounds are ignored, the problem ties it', async () => {
    const store = setup();
    store.getState().setDataText(A);
    await store.getState().commitData();
    store.getState().setModelText('a*exp(-k*x) + c');
    store.getState().editParam('c', { expr: 'a/10', value: 'not a number' });
    expect(store.getState().paramErrors.c).toBeUndefined();
    store.getState().startFit();
    expect(store.getState().fitError).toBeNull();
    expect(store.getState().fit?.problem?.expressions).toEqual({ c: 'a/10' });
    expect(store.getState().fit?.problem?.p0).not.toHaveProperty('c');
    store.getState().editParam('c', { expr: 'a/q' });
    expect(store.getState().paramErrors.c).toMatch(/'q'/);
  });
});
