import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test-support/fitbench-error-of';
import type { CompletedFit } from './completed-fit';
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
  model: {
    text: 'a*x',
    rows: [{ name: 'a', value: '1', min: '0', max: '', fixed: false, valueSource: 'user' }],
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
});
