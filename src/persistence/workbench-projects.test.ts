import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openWorkbenchProjects } from './workbench-projects';

let n = 0;
async function fresh() {
  let t = 0;
  return openWorkbenchProjects<{ model: string; y: Float64Array }>({ name: `projects-${n++}`, now: () => (t += 1) });
}

describe('workbench projects database', () => {
  it('creates, saves, lists newest first, renames, removes, and remembers the open project', async () => {
    const db = await fresh();
    expect(await db.currentId()).toBeNull();
    const a = await db.create('Peak', { model: 'gaussian', y: Float64Array.of(1, 2) });
    expect(await db.currentId()).toBe(a.id);
    const b = await db.create('Decay', { model: 'a*exp(-x/t)', y: Float64Array.of(3) });
    expect((await db.list()).map((p) => p.name)).toEqual(['Decay', 'Peak']);
    await db.save(a.id, { model: 'lorentzian', y: Float64Array.of(5) });
    const saved = await db.get(a.id);
    expect(saved?.snapshot.model).toBe('lorentzian');
    expect([...(saved?.snapshot.y ?? [])]).toEqual([5]);
    expect(saved?.createdAt).toBe(a.createdAt);
    expect((await db.list()).map((p) => p.name)).toEqual(['Peak', 'Decay']);
    await db.rename(b.id, 'Decay 2');
    expect((await db.get(b.id))?.name).toBe('Decay 2');
    await db.remove(a.id);
    expect((await db.list()).map((p) => p.id)).toEqual([b.id]);
    db.close();
  });

  it('a rename racing an autosave keeps both the new name and the new snapshot', async () => {
    // The e2e flake: rename read the record, the autosave wrote the fit, rename wrote the old
    // snapshot back; the duplicate then copied a project without its result.
    const db = await fresh();
    const a = await db.create('Peak', { model: 'gaussian', y: Float64Array.of(1) });
    await Promise.all([db.save(a.id, { model: 'fitted', y: Float64Array.of(2) }), db.rename(a.id, 'Peak study')]);
    const both = await db.get(a.id);
    expect(both?.name).toBe('Peak study');
    expect(both?.snapshot.model).toBe('fitted');
    await Promise.all([db.rename(a.id, 'Peak 2'), db.save(a.id, { model: 'again', y: Float64Array.of(3) })]);
    const again = await db.get(a.id);
    expect(again?.name).toBe('Peak 2');
    expect(again?.snapshot.model).toBe('again');
    db.close();
  });
});
