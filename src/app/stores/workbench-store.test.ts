import { afterEach, describe, expect, it } from 'vitest';
import { createFitClient, type FitClient } from '../../runtime';
import { FakeRunner, flush } from '../../test-support/runtime-fakes';
import { createServiceStore, findJob } from './service-store';
import { createWorkbenchStore, type WorkbenchStore } from './workbench-store';

const CSV = 'x,y\n0,1.0\n1,2.7\n2,7.4\n3,20.1\n4,54.6\n5,148.4\n';
const GAUSS = [
  'x,y',
  ...Array.from({ length: 41 }, (_, i) => {
    const x = -4 + i * 0.2;
    return `${x.toFixed(2)},${(3 * Math.exp(-((x - 0.5) ** 2) / 2)).toFixed(5)}`;
  }),
].join('\n');

let client: FitClient;
let runner: FakeRunner;

function setup(): WorkbenchStore {
  runner = new FakeRunner();
  client = createFitClient({ runner, storage: 'none', search: '' });
  return createWorkbenchStore(client);
}

function typed(store: WorkbenchStore, data: string, model: string): void {
  store.getState().setDataText(data);
  store.getState().commitData();
  store.getState().setModelText(model);
}

afterEach(() => client?.dispose());

describe('workbench store: data', () => {
  it('parses the box, picks columns and keeps the text exactly', () => {
    const store = setup();
    typed(store, CSV, '');
    const s = store.getState();
    expect(s.dataText).toBe(CSV);
    expect(s.table?.rowCount).toBe(6);
    expect(s.picks).toEqual({ x: ['x'], y: 'y', sigma: null });
    expect(s.fitData?.y.length).toBe(6);
  });

  it('a text cell is reported with its row and column; the text stays', () => {
    const store = setup();
    const bad = 'x,y\n1,2\n2,abc\n3,4\n';
    typed(store, bad, '');
    const s = store.getState();
    expect(s.dataText).toBe(bad);
    const m = s.dataError ?? s.columnsError;
    expect(m?.row).toBe(3);
    expect(m?.column).toBe('y');
    expect(s.fitData).toBeNull();
  });

  it('loads generated columns without text', () => {
    const store = setup();
    store
      .getState()
      .loadColumns(
        'demo',
        ['x', 'y'],
        { x: Float64Array.of(0, 1, 2, 3), y: Float64Array.of(1, 2, 3, 4) },
        { x: ['x'], y: 'y', sigma: null },
      );
    expect(store.getState().dataText).toBe('');
    expect(store.getState().arraysLabel).toBe('demo');
    expect(store.getState().fitData?.y.length).toBe(4);
  });
});

describe('workbench store: model and parameters', () => {
  it('an expression gets one row per parameter, start 1', () => {
    const store = setup();
    typed(store, CSV, 'a*exp(b*x)');
    expect(store.getState().rows.map((r) => [r.name, r.value])).toEqual([
      ['a', '1'],
      ['b', '1'],
    ]);
  });

  it('edits survive a model change that keeps the parameter, and come back when it returns', () => {
    const store = setup();
    typed(store, CSV, 'a*exp(b*x)');
    store.getState().editParam('b', { value: '0.9', max: '5' });
    store.getState().setModelText('a*exp(b*x) + c');
    expect(store.getState().rows.find((r) => r.name === 'b')).toMatchObject({
      value: '0.9',
      max: '5',
      valueSource: 'user',
    });
    store.getState().setModelText('a*exp(k*x)');
    store.getState().setModelText('a*exp(b*x');
    expect(store.getState().modelError?.code).toBe('MODEL_PARSE');
    expect(store.getState().modelError?.message).toContain('^');
    expect(store.getState().modelText).toBe('a*exp(b*x');
    store.getState().setModelText('a*exp(b*x)');
    expect(store.getState().rows.find((r) => r.name === 'b')?.value).toBe('0.9');
  });

  it('a library model fills guesses and default bounds; Guess overwrites user values', () => {
    const store = setup();
    typed(store, GAUSS, 'gaussian');
    const rows = store.getState().rows;
    expect(rows.map((r) => r.name)).toEqual(['a', 'mu', 's']);
    expect(Math.abs(Number(rows[1].value) - 0.5)).toBeLessThan(0.3);
    expect(rows[2].min).toBe('0');
    store.getState().editParam('mu', { value: '9' });
    store.getState().guessParams();
    expect(Math.abs(Number(store.getState().rows[1].value) - 0.5)).toBeLessThan(0.3);
  });

  it('a column used by name in the expression is a predictor, not a parameter', () => {
    const store = setup();
    typed(store, 'time,v\n0,1\n1,2\n2,3\n3,4\n', 'a*time + b');
    expect(store.getState().rows.map((r) => r.name)).toEqual(['a', 'b']);
  });
});

describe('workbench store: fitting', () => {
  it('submits the problem the panels describe and follows the job', async () => {
    const store = setup();
    const service = createServiceStore(client);
    typed(store, CSV, 'a*exp(b*x)');
    store.getState().editParam('b', { value: '1', min: '0' });
    store.getState().editParam('a', { fixed: true });
    store.getState().setOptions({ method: 'trf', backend: 'cpu' });
    store.getState().startFit();
    const fit = store.getState().fit;
    expect(fit).not.toBeNull();
    const request = runner.last.request;
    expect(request.kind).toBe('fit');
    if (request.kind !== 'fit') return;
    expect(request.problem.model).toBe('a*exp(b*x)');
    expect(request.problem.p0).toEqual({ a: 1, b: 1 });
    expect(request.problem.bounds).toEqual({ b: [0, null] });
    expect(request.problem.fixed).toEqual(['a']);
    expect(request.options).toMatchObject({ method: 'trf', backend: 'cpu' });
    runner.last.progress(0, 3);
    await flush();
    expect(findJob(service.getState().snapshot, fit?.jobId)?.iteration).toBe(3);
    runner.last.succeed();
    await flush();
    expect(findJob(service.getState().snapshot, fit?.jobId)?.status).toBe('converged');
    expect(service.getState().log.map((r) => r.status)).toContain('converged');
    service.dispose();
  });

  it('bad input stops the fit before it starts, with the message on the field at fault', () => {
    const store = setup();
    typed(store, CSV, 'a*exp(b*x)');
    store.getState().editParam('b', { min: '3', max: '1' });
    store.getState().startFit();
    expect(store.getState().fit).toBeNull();
    expect(store.getState().fitError?.code).toBe('BOUNDS_INVERTED');
    expect(store.getState().paramErrors.b).toBeTruthy();
    expect(runner.runs).toHaveLength(0);
  });

  it('no data is a clear message', () => {
    const store = setup();
    store.getState().setModelText('a*x');
    store.getState().startFit();
    expect(store.getState().fitError?.code).toBe('DATA_EMPTY');
  });

  it('cancel reaches the running job', async () => {
    const store = setup();
    typed(store, CSV, 'a*exp(b*x)');
    store.getState().startFit();
    store.getState().cancelFit();
    await flush();
    expect(runner.last.cancelled).toBe(true);
  });
});
