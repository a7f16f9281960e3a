import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createFitClient, type FitClient } from '../../runtime';
import { FakeRunner } from '../../test-support/runtime-fakes';
import { createServiceStore } from '../stores/service-store';
import { createWorkbenchStore } from '../stores/workbench-store';
import { createProjectSession, type ProjectSession } from './project-session';
import { UNDO_GROUP_MS } from './undo-history';

const CSV = 'x,y\n0,1.0\n1,2.7\n2,7.4\n3,20.1\n4,54.6\n5,148.4\n';
let n = 0;
let client: FitClient;
const sessions: ProjectSession[] = [];

function setup(dbName: string) {
  client = createFitClient({ runner: new FakeRunner(), storage: 'none', search: '' });
  const workbench = createWorkbenchStore(client);
  const projects = createProjectSession(workbench, createServiceStore(client), { dbName });
  sessions.push(projects);
  return { workbench, projects };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

afterEach(() => {
  for (const s of sessions.splice(0)) s.dispose();
  client?.dispose();
});

describe('project session', () => {
  it('undoes and redoes edits of every panel, one step per burst', async () => {
    const { workbench, projects } = setup(`session-${n++}`);
    await until(() => projects.state.getState().ready);
    const s = () => workbench.getState();
    s().setDataText(CSV);
    s().commitData();
    // A pause ends the undo step.
    await new Promise((r) => setTimeout(r, UNDO_GROUP_MS + 50));
    s().setModelText('a*exp(b*x)');
    s().editParam('a', { value: '2' });
    s().setOptions({ method: 'trf' });
    await projects.undo();
    expect(s().method).toBe('auto');
    expect(s().modelText).toBe('');
    expect(s().dataText).toBe(CSV);
    await projects.redo();
    expect(s().method).toBe('trf');
    expect(s().modelText).toBe('a*exp(b*x)');
    expect(s().rows.find((r) => r.name === 'a')?.value).toBe('2');
    expect(projects.state.getState().canRedo).toBe(false);
  });

  it('autosaves and a new page restores the project; projects are listed, renamed, duplicated, deleted', async () => {
    const dbName = `session-${n++}`;
    const first = setup(dbName);
    await until(() => first.projects.state.getState().ready);
    first.workbench.getState().setDataText(CSV);
    first.workbench.getState().commitData();
    first.workbench.getState().setModelText('a*exp(b*x)');
    first.workbench.getState().editParam('b', { max: '3' });
    await first.projects.flush();
    const id = first.projects.state.getState().currentId ?? '';
    await first.projects.renameProject(id, 'Growth');
    first.projects.dispose();

    const second = setup(dbName);
    await until(() => second.projects.state.getState().ready);
    const s = second.workbench.getState();
    expect(s.dataText).toBe(CSV);
    expect(s.modelText).toBe('a*exp(b*x)');
    expect(s.rows.find((r) => r.name === 'b')?.max).toBe('3');
    expect(second.projects.state.getState().currentName).toBe('Growth');
    await second.projects.duplicateProject(id);
    expect(
      second.projects.state
        .getState()
        .projects.map((p) => p.name)
        .sort(),
    ).toEqual(['Growth', 'Growth (copy)']);
    await second.projects.deleteProject(second.projects.state.getState().currentId ?? '');
    expect(second.projects.state.getState().projects.map((p) => p.name)).toEqual(['Growth']);
    expect(second.projects.state.getState().currentName).toBe('Growth');
  });

  it('deleting the open project with an unsaved edit does not bring it back', async () => {
    const { workbench, projects } = setup(`session-${n++}`);
    await until(() => projects.state.getState().ready);
    const id = projects.state.getState().currentId ?? '';
    await projects.renameProject(id, 'Kept');
    await projects.duplicateProject(id);
    const copy = projects.state.getState().currentId ?? '';
    // An edit still waiting for its autosave when the project is deleted.
    workbench.getState().setModelText('a*x+b');
    await projects.deleteProject(copy);
    await projects.flush();
    await new Promise((r) => setTimeout(r, 700));
    expect(projects.state.getState().projects.map((p) => p.name)).toEqual(['Kept']);
    expect(projects.state.getState().currentId).toBe(id);
  });

  it('undoes adding a data set and ticking shared, and redoes them', async () => {
    const { workbench, projects } = setup(`session-${n++}`);
    await until(() => projects.state.getState().ready);
    const s = () => workbench.getState();
    s().setDataText(CSV);
    await s().commitData();
    s().setModelText('a*exp(b*x)');
    await new Promise((r) => setTimeout(r, UNDO_GROUP_MS + 50));
    await s().addDataset();
    s().setDataText('x,y\n0,2\n1,5\n2,15\n');
    await s().commitData();
    await new Promise((r) => setTimeout(r, UNDO_GROUP_MS + 50));
    s().editParam('b', { shared: true });
    await projects.undo();
    expect(s().rows.find((r) => r.name === 'b')?.shared).toBe(false);
    expect(s().datasets).toHaveLength(2);
    await projects.undo();
    expect(s().datasets).toHaveLength(1);
    expect(s().dataText).toBe(CSV);
    await projects.redo();
    expect(s().datasets).toHaveLength(2);
    expect(s().activeDataset).toBe(1);
    expect(s().dataText).toBe('x,y\n0,2\n1,5\n2,15\n');
    expect(s().datasets[0].inputs?.text).toBe(CSV);
  });
});
