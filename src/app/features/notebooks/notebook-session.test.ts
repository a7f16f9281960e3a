import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { createNotebookStore } from '../../../persistence/notebook-store';
import { KernelStoppedError, type NotebookKernel } from '../../../runtime/notebook-kernel';
import { parseNotebook } from '../../../tutorials/notebook-source';
import type { CellEvent, CellRunOutcome, CellRunRequest } from '../../../worker/notebook-kernel-api';
import { createNotebookSession } from './notebook-session';

const SOURCE = [
  '---',
  'id: demo',
  'title: Demo',
  'level: beginner',
  'time: 1 minute',
  'prerequisites: [none]',
  'requires: [curveFit]',
  '---',
  'Intro.',
  '```js cell',
  'one',
  '```',
  'Value {{a = 1}} and {{b = 2}}.',
  '```js cell',
  'two',
  '```',
  'Then {{c = 3}}.',
  '```js cell',
  'three',
  '```',
].join('\n');

/** A kernel that answers from a script: code "fail" errors, "hang" runs until stopped. */
function fakeKernel(functions = ['curveFit']) {
  const runs: CellRunRequest[] = [];
  let stopHang: (() => void) | null = null;
  let resets = 0;
  const kernel: NotebookKernel = {
    functions,
    async run(request: CellRunRequest, onEvent: (e: CellEvent) => void): Promise<CellRunOutcome> {
      runs.push(request);
      onEvent({ type: 'output', output: { kind: 'text', text: `ran ${request.code}` } });
      if (request.code === 'fail')
        return { ok: false, error: { name: 'Error', message: 'boom' }, checks: request.checks.map(() => null) };
      if (request.code === 'hang') {
        await new Promise<void>((_, reject) => {
          stopHang = () => reject(new KernelStoppedError());
        });
      }
      return { ok: true, checks: request.checks.map((_, i) => i + 1) };
    },
    stop() {
      stopHang?.();
      stopHang = null;
    },
    async reset() {
      resets++;
    },
    dispose() {},
  };
  return { kernel, runs, resets: () => resets };
}

function session(options: { trusted?: boolean; functions?: string[]; factory?: IDBFactory } = {}) {
  const fake = fakeKernel(options.functions);
  const storage = createNotebookStore({ indexedDB: options.factory ?? new IDBFactory(), name: 'test-notebooks' });
  const s = createNotebookSession({
    notebook: parseNotebook(SOURCE),
    storageId: 'demo',
    kernel: fake.kernel,
    storage,
    trusted: options.trusted ?? true,
    saveDelayMs: 0,
  });
  return { s, fake, storage };
}

const statuses = (s: ReturnType<typeof session>['s']) => s.store.getState().cells.map((c) => c.status);

describe('notebook session', () => {
  it('runs all cells in order with each cell’s checked expressions', async () => {
    const { s, fake } = session();
    await s.runAll();
    expect(statuses(s)).toEqual(['ok', 'ok', 'ok']);
    expect(fake.runs.map((r) => [r.code, r.checks])).toEqual([
      ['one', ['a', 'b']],
      ['two', ['c']],
      ['three', []],
    ]);
    expect(fake.resets()).toBe(1);
    expect(s.store.getState().cells[0].checkValues).toEqual([1, 2]);
    expect(s.store.getState().cells[0].outputs).toEqual([{ kind: 'text', text: 'ran one' }]);
  });
  it('stops run all at the first error', async () => {
    const { s } = session();
    s.edit(1, 'fail');
    await s.runAll();
    expect(statuses(s)).toEqual(['ok', 'error', 'idle']);
    expect(s.store.getState().cells[1].error?.message).toBe('boom');
  });
  it('stop ends a running cell and says the kernel restarted', async () => {
    const { s } = session();
    s.edit(0, 'hang');
    const running = s.runCell(0);
    expect(statuses(s)[0]).toBe('running');
    s.stop();
    expect(await running).toBe(false);
    expect(statuses(s)[0]).toBe('error');
    expect(s.store.getState().kernelMessage).toContain('kernel restarted');
    expect(s.store.getState().busy).toBe(false);
  });
  it('runs nothing untrusted until the reader agrees, nor with a missing library function', async () => {
    const untrusted = session({ trusted: false });
    await untrusted.s.runAll();
    expect(untrusted.fake.runs).toEqual([]);
    untrusted.s.trust();
    await untrusted.s.runAll();
    expect(untrusted.fake.runs).toHaveLength(3);
    const waiting = session({ functions: [] });
    expect(waiting.s.store.getState().missing).toEqual(['curveFit']);
    await waiting.s.runCell(0);
    expect(waiting.fake.runs).toEqual([]);
  });
  it('saves edits, reloads them, resets a cell and the notebook, and downloads the edited source', async () => {
    const factory = new IDBFactory();
    const first = session({ factory });
    await vi.waitFor(() => expect(first.s.store.getState().loaded).toBe(true));
    first.s.edit(1, 'edited');
    first.s.edit(2, 'also edited');
    await vi.waitFor(async () =>
      expect(await first.storage.loadEdits('demo')).toEqual({ 1: 'edited', 2: 'also edited' }),
    );
    expect(first.s.toMarkdown()).toBe(SOURCE.replace('\ntwo\n', '\nedited\n').replace('\nthree\n', '\nalso edited\n'));
    first.s.dispose();
    const second = session({ factory });
    await vi.waitFor(() => expect(second.s.store.getState().loaded).toBe(true));
    expect(second.s.store.getState().cells.map((c) => c.code)).toEqual(['one', 'edited', 'also edited']);
    second.s.resetCell(1);
    expect(second.s.store.getState().cells[1].code).toBe('two');
    await vi.waitFor(async () => expect(await second.storage.loadEdits('demo')).toEqual({ 2: 'also edited' }));
    await second.s.resetNotebook();
    expect(second.s.store.getState().cells.map((c) => c.code)).toEqual(['one', 'two', 'three']);
    expect(await second.storage.loadEdits('demo')).toEqual({});
  });
});

describe('notebook store', () => {
  it('keeps imported notebooks and their trust', async () => {
    const store = createNotebookStore({ indexedDB: new IDBFactory() });
    await store.saveImported({ notebookId: 'local-x', source: 's', origin: 'x.md', trusted: false, importedAt: 1 });
    expect((await store.loadImported('local-x'))?.trusted).toBe(false);
    await store.saveImported({ notebookId: 'local-x', source: 's', origin: 'x.md', trusted: true, importedAt: 1 });
    expect((await store.listImported()).map((r) => [r.notebookId, r.trusted])).toEqual([['local-x', true]]);
    await store.removeImported('local-x');
    expect(await store.listImported()).toEqual([]);
  });
  it('works as "nothing saved" without IndexedDB', async () => {
    const store = createNotebookStore({ indexedDB: null });
    await store.saveCell('a', 0, 'code');
    expect(await store.loadEdits('a')).toEqual({});
    expect(await store.listImported()).toEqual([]);
  });
});
