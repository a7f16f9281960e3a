import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test-support/fitbench-error-of';
import type { CompletedFit } from './completed-fit';
import { checksumOf } from '../../persistence/checksum';
import { projectFileText, readProjectFile, readShareFragment, shareLink, SHARE_PREFIX } from './project-file';
import { SNAPSHOT_VERSION, type WorkbenchSnapshot } from './workbench-snapshot';

const fit: CompletedFit = {
  id: 'job-1',
  at: 1,
  status: 'converged',
  result: { params: { a: 1.5 }, paramNames: ['a'], expression: 'a*x' } as unknown as CompletedFit['result'],
  problem: { model: 'a*x', x: Float64Array.of(1, 2), y: Float64Array.of(1.5, 3.0000000000000004), p0: { a: 1 } },
  dataOmitted: false,
  modelText: 'a*x',
  xLabel: 'x',
  yLabel: 'y',
  profile: {
    level: 0.95,
    threshold: 4.2,
    chiSquare: 1e-3,
    dof: 1,
    refits: 12,
    backend: 'cpu',
    elapsedMs: 5,
    params: { a: { lower: 1.4, upper: null, upperReason: 'at a bound', values: [1.4, 1.5], deltaChiSquare: [0.1, 0] } },
  },
  bootstrap: {
    level: 0.95,
    kind: 'residual',
    resamples: 100,
    seed: 7,
    failed: 0,
    backend: 'cpu',
    elapsedMs: 9,
    params: {
      a: {
        lower: 1.45,
        upper: 1.55,
        bca: null,
        stdError: 0.02,
        bias: 0,
        histogram: { min: 1.4, max: 1.6, counts: [1, 2] },
      },
    },
  },
};

const snapshot: WorkbenchSnapshot = {
  version: SNAPSHOT_VERSION,
  data: {
    text: 'x,y\n1,1.5\n2,3\n',
    demo: null,
    picks: { x: ['x'], y: 'y', sigma: null },
    dropMissing: false,
    delimiter: null,
    decimal: ',',
  },
  datasets: [{ name: 'data set 1', inputs: null }],
  activeDataset: 0,
  model: {
    text: 'a*x',
    rows: [{ name: 'a', value: '1', min: '0', max: '', fixed: false, expr: '', shared: false, valueSource: 'user' }],
    demoStart: null,
    derived: [{ name: 'twice', expr: '2*a' }],
  },
  options: { method: 'trf', loss: 'linear', fScale: '1', backend: 'cpu', maxIterations: '' },
  shown: fit,
  history: [fit],
};

describe('project file', () => {
  it('round-trips a project exactly, typed arrays included', () => {
    const back = readProjectFile(projectFileText('Line', snapshot));
    expect(back.name).toBe('Line');
    expect(back.snapshot).toEqual(snapshot);
    expect(back.snapshot.shown?.problem?.y).toBeInstanceOf(Float64Array);
  });

  it('refuses a damaged, foreign or invalid file with a clear message', () => {
    const text = projectFileText('Line', snapshot);
    expect(errorOf(() => readProjectFile('{oops')).message).toMatch(/^not a Fitbench project file/);
    expect(errorOf(() => readProjectFile('{"format":"other"}')).message).toMatch(
      /^not a Fitbench project file \(format/,
    );
    const tampered = text.replace('"text": "a*x"', '"text": "b*x"');
    expect(errorOf(() => readProjectFile(tampered)).message).toMatch(/checksum does not match/);
  });

  it('a share link carries the inputs compressed in the fragment, and says when it is too large', async () => {
    const link = await shareLink('https://example.org/app/', 'Line', snapshot);
    expect(link.ok).toBe(true);
    if (!link.ok) return;
    expect(link.url.startsWith(`https://example.org/app/${SHARE_PREFIX}`)).toBe(true);
    const back = await readShareFragment(link.url.slice(link.url.indexOf(SHARE_PREFIX) + SHARE_PREFIX.length));
    expect(back.snapshot.data).toEqual(snapshot.data);
    expect(back.snapshot.model).toEqual(snapshot.model);
    expect(back.snapshot.history).toEqual([]);
    let seed = 1;
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647).toFixed(12);
    const big = {
      ...snapshot,
      data: { ...snapshot.data, text: Array.from({ length: 20000 }, () => `${noise()},${noise()}`).join('\n') },
    };
    const tooLarge = await shareLink('https://example.org/', 'Big', big);
    expect(tooLarge.ok).toBe(false);
    if (!tooLarge.ok) expect(tooLarge.message).toMatch(/Export the project file instead/);
    expect(errorOf(() => readProjectFile('')).code).toBe('DATA_PARSE');
    await expect(readShareFragment('AAAA')).rejects.toThrow(/damaged/);
  });

  it('reads a version 1 file (before derived quantities) as the current version', () => {
    const v1 = { ...snapshot, version: 1, model: { text: 'a*x', rows: snapshot.model.rows, demoStart: null } };
    const back = readProjectFile(projectFileText('Old', v1 as unknown as WorkbenchSnapshot));
    expect(back.snapshot.version).toBe(SNAPSHOT_VERSION);
    expect(back.snapshot.model.derived).toEqual([]);
    expect(back.snapshot.shown?.profile?.params.a.upper).toBeNull();
  });

  it('keeps the derived definitions and the intervals of the fits, in a file and in a link', async () => {
    const back = readProjectFile(projectFileText('Line', snapshot));
    expect(back.snapshot.model.derived).toEqual([{ name: 'twice', expr: '2*a' }]);
    expect(back.snapshot.history[0].bootstrap?.params.a.histogram.counts).toEqual([1, 2]);
    const link = await shareLink('https://example.org/', 'Line', snapshot);
    if (!link.ok) throw new Error(link.message);
    const shared = await readShareFragment(link.url.slice(link.url.indexOf(SHARE_PREFIX) + SHARE_PREFIX.length));
    expect(shared.snapshot.shown?.profile).toEqual(fit.profile);
    expect(shared.snapshot.shown?.bootstrap?.seed).toBe(7);
  });

  it('reads a version 1 project (one data set, rows without expr/shared) in the current format', () => {
    const { datasets: _d, activeDataset: _a, ...rest } = snapshot;
    const v1 = {
      ...rest,
      version: 1,
      model: { ...snapshot.model, rows: snapshot.model.rows.map(({ expr: _e, shared: _s, ...r }) => r) },
      shown: null,
      history: [],
    };
    const file = JSON.stringify({
      format: 'fitbench-project',
      version: 1,
      name: 'Old',
      savedAt: '2026-01-01T00:00:00.000Z',
      checksum: checksumOf(v1),
      snapshot: v1,
    });
    const back = readProjectFile(file).snapshot;
    expect(back.version).toBe(SNAPSHOT_VERSION);
    expect(back.datasets).toEqual([{ name: 'data set 1', inputs: null }]);
    expect(back.activeDataset).toBe(0);
    expect(back.model.rows).toEqual(snapshot.model.rows);
    expect(back.data).toEqual(snapshot.data);
  });

  it('round-trips several data sets, tied and shared parameters, and a global fit; a link drops the fit data', async () => {
    const second = { ...snapshot.data, text: 'x,y\n1,2\n2,4\n' };
    const globalFit: CompletedFit = {
      ...fit,
      problem: null,
      global: {
        model: 'a*x',
        datasets: [
          { x: Float64Array.of(1, 2), y: Float64Array.of(1.5, 3), name: 'data set 1' },
          { x: Float64Array.of(1, 2), y: Float64Array.of(2, 4), name: 'second' },
        ],
        shared: ['a'],
      },
    };
    const multi: WorkbenchSnapshot = {
      ...snapshot,
      datasets: [
        { name: 'data set 1', inputs: null },
        { name: 'second', inputs: second },
      ],
      model: {
        ...snapshot.model,
        rows: [
          { ...snapshot.model.rows[0], shared: true },
          { name: 'b', value: '1', min: '', max: '', fixed: false, expr: '2*a', shared: false, valueSource: 'user' },
        ],
      },
      shown: globalFit,
      history: [globalFit],
    };
    const back = readProjectFile(projectFileText('Multi', multi)).snapshot;
    expect(back).toEqual(multi);
    expect(back.shown?.global?.datasets[1].y).toBeInstanceOf(Float64Array);
    const link = await shareLink('https://example.org/', 'Multi', multi);
    if (!link.ok) throw new Error(link.message);
    const shared = await readShareFragment(link.url.slice(link.url.indexOf(SHARE_PREFIX) + SHARE_PREFIX.length));
    expect(shared.snapshot.datasets).toEqual(multi.datasets);
    expect(shared.snapshot.model.rows[0].shared).toBe(true);
    expect(shared.snapshot.shown?.global?.datasets[1].y).toEqual([]);
  });

  it('refuses a project whose active data set is not the one without saved inputs', () => {
    const bad = { ...snapshot, activeDataset: 1 };
    expect(errorOf(() => readProjectFile(projectFileText('Bad', bad))).message).toMatch(/activeDataset/);
  });

  it('reads either half of version 2 as first written (data sets without derived, derived without data sets)', () => {
    const fileOf = (snap: unknown) =>
      JSON.stringify({
        format: 'fitbench-project',
        version: 1,
        name: 'Half',
        savedAt: '2026-01-01T00:00:00.000Z',
        checksum: checksumOf(snap),
        snapshot: snap,
      });
    const { datasets: _d, activeDataset: _a, ...rest } = snapshot;
    const resultsHalf = {
      ...rest,
      model: { ...snapshot.model, rows: snapshot.model.rows.map(({ expr: _e, shared: _s, ...r }) => r) },
      shown: null,
      history: [],
    };
    const one = readProjectFile(fileOf(resultsHalf)).snapshot;
    expect(one.datasets).toEqual([{ name: 'data set 1', inputs: null }]);
    expect(one.activeDataset).toBe(0);
    expect(one.model.rows).toEqual(snapshot.model.rows);
    expect(one.model.derived).toEqual(snapshot.model.derived);
    const { derived: _x, ...modelHalf } = snapshot.model;
    const modelSide = { ...snapshot, model: modelHalf, shown: null, history: [] };
    const two = readProjectFile(fileOf(modelSide)).snapshot;
    expect(two.model.derived).toEqual([]);
    expect(two.datasets).toEqual(snapshot.datasets);
    // What is there is still checked: a derived row without its expression, data sets without the active one.
    const badDerived = { ...modelSide, model: { ...snapshot.model, derived: [{ name: 'w' }] } };
    expect(errorOf(() => readProjectFile(fileOf(badDerived))).code).toBe('DATA_PARSE');
    const { activeDataset: _b, ...noActive } = modelSide;
    expect(errorOf(() => readProjectFile(fileOf(noActive))).message).toMatch(/activeDataset/);
  });
});
