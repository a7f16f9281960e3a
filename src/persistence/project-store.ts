/**
 * Saved workbench projects: model text, data set, parameter table and options. Projects
 * hold what the user typed, including half-finished input (an empty value, bounds not yet
 * ordered), so only the record's structure is checked here; the fit checks meaning.
 */
import { FitbenchError } from '../core/errors';
import type { FitbenchDB, ParameterRow, ProjectRecord, StoredFitOptions } from './db-schema';
import { randomId } from './ids';
import { storableOptions } from './storable-options';
import { toStorageError } from './storage-errors';

export interface ProjectInput {
  /** Defaults to a random id. */
  id?: string;
  name: string;
  model: string;
  datasetId: string | null;
  parameters: ParameterRow[];
  columns?: ProjectRecord['columns'];
  options?: StoredFitOptions;
}

export interface ProjectStore {
  /** Validates and stores (replacing any project with the same id); stamps updatedAt. */
  saveProject(project: ProjectInput): Promise<ProjectRecord>;
  getProject(id: string): Promise<ProjectRecord | undefined>;
  /** Most recently updated first. */
  listProjects(): Promise<ProjectRecord[]>;
  deleteProject(id: string): Promise<void>;
}

export function createProjectStore(db: FitbenchDB, options: { now?: () => number } = {}): ProjectStore {
  const now = options.now ?? Date.now;

  async function saveProject(project: ProjectInput): Promise<ProjectRecord> {
    const record = toRecord(project, now());
    try {
      const tx = db.transaction('projects', 'readwrite', { durability: 'strict' });
      tx.done.catch(() => undefined);
      await tx.store.put(record);
      await tx.done;
      return record;
    } catch (e) {
      throw toStorageError(e, `saving project "${record.name}"`, { projectId: record.id });
    }
  }

  async function getProject(id: string): Promise<ProjectRecord | undefined> {
    assertId(id);
    try {
      return await db.get('projects', id);
    } catch (e) {
      throw toStorageError(e, `reading project ${id}`, { projectId: id });
    }
  }

  async function listProjects(): Promise<ProjectRecord[]> {
    try {
      return (await db.getAllFromIndex('projects', 'by-updated')).reverse();
    } catch (e) {
      throw toStorageError(e, 'listing projects');
    }
  }

  async function deleteProject(id: string): Promise<void> {
    assertId(id);
    try {
      await db.delete('projects', id);
    } catch (e) {
      throw toStorageError(e, `deleting project ${id}`, { projectId: id });
    }
  }

  return { saveProject, getProject, listProjects, deleteProject };
}

function toRecord(project: ProjectInput, updatedAt: number): ProjectRecord {
  if (!project || typeof project !== 'object') {
    throw new FitbenchError('OPTIONS_INVALID', 'A project must be an object { name, model, datasetId, parameters }.');
  }
  const id = project.id ?? randomId('project');
  assertId(id);
  if (typeof project.name !== 'string' || project.name.trim() === '') {
    throw new FitbenchError('OPTIONS_INVALID', 'A project needs a non-empty name.');
  }
  if (typeof project.model !== 'string') {
    throw new FitbenchError('OPTIONS_INVALID', `Project "${project.name}": the model must be text.`);
  }
  if (project.datasetId !== null && (typeof project.datasetId !== 'string' || project.datasetId === '')) {
    throw new FitbenchError('OPTIONS_INVALID', `Project "${project.name}": datasetId must be a data set id or null.`);
  }
  if (!Array.isArray(project.parameters)) {
    throw new FitbenchError('OPTIONS_INVALID', `Project "${project.name}": parameters must be a list of rows.`);
  }
  const names = new Set<string>();
  const parameters = project.parameters.map((row, i) => {
    const where = `Project "${project.name}", parameter row ${i + 1}`;
    if (!row || typeof row.name !== 'string' || row.name === '') {
      throw new FitbenchError('OPTIONS_INVALID', `${where} has no name.`, { row: i });
    }
    if (names.has(row.name)) {
      throw new FitbenchError('OPTIONS_INVALID', `${where} repeats parameter "${row.name}".`, {
        row: i,
        parameter: row.name,
      });
    }
    names.add(row.name);
    for (const field of ['value', 'min', 'max'] as const) {
      const v = row[field];
      if (v !== null && typeof v !== 'number') {
        throw new FitbenchError('OPTIONS_INVALID', `${where} ("${row.name}"): ${field} must be a number or empty.`, {
          row: i,
          parameter: row.name,
        });
      }
    }
    if (typeof row.fixed !== 'boolean') {
      throw new FitbenchError('OPTIONS_INVALID', `${where} ("${row.name}"): fixed must be true or false.`, {
        row: i,
        parameter: row.name,
      });
    }
    return { name: row.name, value: row.value, min: row.min, max: row.max, fixed: row.fixed };
  });
  const record: ProjectRecord = {
    id,
    name: project.name,
    model: project.model,
    datasetId: project.datasetId,
    parameters,
    updatedAt,
  };
  if (project.columns !== undefined) record.columns = { ...project.columns };
  if (project.options !== undefined) record.options = storableOptions(project.options as Record<string, unknown>);
  return record;
}

function assertId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new FitbenchError('OPTIONS_INVALID', `A project id must be a non-empty string; got ${JSON.stringify(id)}.`);
  }
}
