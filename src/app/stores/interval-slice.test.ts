/**
 * The workbench's derived quantities and interval runs against the core: the store sends
 * `derived` with the fit, and its profile/bootstrap runs (batch jobs of the service, run
 * here in process) land on the fit they belong to with the core's numbers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bootstrap, profileIntervals } from '../../core/uncertainty';
import { createFitClient, type FitClient } from '../../runtime';
import { CoreRunner } from '../../test-support/core-runner';
import { MemoryStorage } from '../../test-support/runtime-fakes';
import { completedFitOf } from '../projects/completed-fit';
import { snapshotOf, migrateSnapshot, type SnapshotV1 } from '../projects/workbench-snapshot';
import { intervalsUnavailable } from './interval-availability';
import { createWorkbenchStore, type WorkbenchStore } from './workbench-store';

const CSV = [
  'x,y',
  ...Array.from({ length: 30 }, (_, i) => {
    const x = i / 4;
    const wobble = 0.03 * Math.sin(7 * i);
    return `${x},${(2 * Math.exp(-x / 1.7) + 0.3 + wobble).toFixed(6)}`;
  }),
].join('\n');

const clients: FitClient[] = [];
afterEach(() => clients.splice(0).forEach((c) => c.dispose()));

async function fitted(
  derived: { name: string; expr: string }[] = [],
  tie?: { name: string; expr: string },
): Promise<WorkbenchStore> {
  const client = createFitClient({ search: '', storage: new MemoryStorage(), runner: new CoreRunner() });
  clients.push(client);
  const store = createWorkbenchStore(client);
  const s = () => store.getState();
  s().setDataText(CSV);
  await s().commitData();
  s().setModelText('a*exp(-x/t) + c');
  s().editParam('a', { value: '1' });
  s().editParam('t', { value: '1' });
  s().editParam('c', { value: '0' });
  if (tie) s().editParam(tie.name, { expr: tie.expr });
  for (const d of derived) s().addDerived(d);
  s().setOptions({ backend: 'cpu' });
  s().startFit();
  expect(s().fitError).toBeNull();
  const jobId = s().fit?.jobId ?? '';
  for (let i = 0; i < 500; i++) {
    const job = client.job(jobId);
    if (job?.result) {
      const done = completedFitOf(job, s().fit?.problem ?? null, { xLabel: 'x', yLabel: 'y' });
      if (done) s().recordCompleted(done);
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  expect(s().fit?.completed).toBeDefined();
  return store;
}

describe('derived quantities in the workbench', () => {
  it('are sent with the fit and come back with delta-method errors', async () => {
    const store = await fitted([{ name: 'half_life', expr: 'ln(2)*t' }]);
    const s = store.getState();
    expect(s.fit?.problem?.derived).toEqual({ half_life: 'ln(2)*t' });
    const d = s.fit?.completed?.result.derived?.half_life;
    const r = s.fit?.completed?.result;
    expect(d?.value).toBeCloseTo(Math.LN2 * (r?.params.t ?? NaN), 12);
    expect(d?.stdError).toBeCloseTo(Math.LN2 * (r?.stdErrors.t ?? NaN), 12);
  });

  it('an invalid row stops the fit with a message naming its field', async () => {
    const store = await fitted();
    store.getState().addDerived({ name: 'w', expr: 'b*2' });
    store.getState().startFit();
    expect(store.getState().fitError?.field).toBe('derived-expr-0');
    expect(store.getState().fitError?.message).toMatch(/'b' is not a parameter/);
    store.getState().editDerived(0, { expr: '2*t' });
    expect(store.getState().fitError).toBeNull();
    store.getState().removeDerived(0);
    expect(store.getState().derived).toEqual([]);
  });

  it('are part of the snapshot (undo, autosave, files); a version 1 snapshot has none', async () => {
    const store = await fitted([{ name: 'tt', expr: '2*t' }]);
    const snap = snapshotOf(store.getState());
    expect(snap.model.derived).toEqual([{ name: 'tt', expr: '2*t' }]);
    store.getState().removeDerived(0);
    await store.getState().restoreSnapshot(snap);
    expect(store.getState().derived).toEqual([{ name: 'tt', expr: '2*t' }]);
    const v1 = { ...snap, version: 1, model: { text: 'a*x', rows: [], demoStart: null } } as SnapshotV1;
    expect(migrateSnapshot(v1).model.derived).toEqual([]);
  });
});

describe('profile and bootstrap intervals in the workbench', () => {
  it('profile intervals are the core profile at the chosen level, kept with the fit and its history entry', async () => {
    const store = await fitted();
    const s = () => store.getState();
    const fit = s().fit?.completed;
    if (!fit?.problem) throw new Error('no fit');
    await s().runProfile();
    expect(s().intervalNotice).toBeNull();
    const profile = s().fit?.completed?.profile;
    expect(profile?.level).toBe(0.95);
    const direct = await profileIntervals(fit.problem, fit.result, { levels: [0.95] });
    for (const name of ['a', 't', 'c']) {
      const want = direct.params[name].intervals[0];
      expect(profile?.params[name].lower).toBeCloseTo(want.lower ?? NaN, 10);
      expect(profile?.params[name].upper).toBeCloseTo(want.upper ?? NaN, 10);
      // The threshold line is where lmfit's criterion reaches the level: the crossing's Δχ².
      expect(profile?.params[name].deltaChiSquare.some((d) => d > (profile?.threshold ?? Infinity))).toBe(true);
    }
    expect(s().history[0].profile).toBe(profile);
    expect(snapshotOf(s()).shown?.profile).toBe(profile);
  });

  it('the bootstrap is reproducible by its seed and equals the core bootstrap', async () => {
    const store = await fitted();
    const s = () => store.getState();
    const fit = s().fit?.completed;
    if (!fit?.problem) throw new Error('no fit');
    s().setIntervalSettings({ resamples: '60', seed: '42', level: '90' });
    await s().runBootstrap();
    const first = s().fit?.completed?.bootstrap;
    await s().runBootstrap();
    const second = s().fit?.completed?.bootstrap;
    expect(second?.params).toEqual(first?.params);
    const direct = await bootstrap(fit.problem, fit.result, { resamples: 60, seed: 42, level: 0.9 });
    expect(first?.params.t.lower).toBe(direct.params.t.percentile[0]);
    expect(first?.params.t.upper).toBe(direct.params.t.percentile[1]);
    expect(first?.params.t.histogram.counts.reduce((a, b) => a + b, 0)).toBe(60 - direct.failed);
  });

  it('bad settings are refused naming the field; a cancelled run says so and keeps nothing', async () => {
    const store = await fitted();
    const s = () => store.getState();
    s().setIntervalSettings({ resamples: '5' });
    await s().runBootstrap();
    expect(s().intervalNotice).toMatchObject({ tone: 'error', field: 'interval-resamples' });
    s().setIntervalSettings({ resamples: '200' });
    const running = s().runBootstrap();
    expect(s().intervalRun?.kind).toBe('bootstrap');
    s().cancelIntervals();
    await running;
    expect(s().intervalRun).toBeNull();
    expect(s().intervalNotice).toMatchObject({ tone: 'info', message: 'Bootstrap cancelled.' });
    expect(s().fit?.completed?.bootstrap).toBeUndefined();
  });

  it('a fit with a tied parameter is refused with a message (the refits cannot tie), nothing kept', async () => {
    const store = await fitted([], { name: 'c', expr: 'a/10' });
    const s = () => store.getState();
    expect(s().fit?.problem?.expressions).toEqual({ c: 'a/10' });
    await s().runProfile();
    expect(s().intervalNotice?.message).toMatch(/cannot refit tied parameters yet \(c is tied/);
    await s().runBootstrap();
    expect(s().intervalNotice?.message).toMatch(/clear the expr cell/);
    expect(s().fit?.completed?.profile).toBeUndefined();
    expect(s().fit?.completed?.bootstrap).toBeUndefined();
  });

  it('a global fit has no intervals, and says why', () => {
    const global = {
      model: 'a*x',
      datasets: [
        { x: [1], y: [1] },
        { x: [2], y: [2] },
      ],
    };
    expect(intervalsUnavailable({ global, problem: null })).toMatch(/for fits of one data set: this global fit of 2/);
    expect(intervalsUnavailable({ problem: { model: 'a*x', x: [1], y: [1] } })).toBeNull();
  });
});
