/**
 * Several data sets per project (for global fits). The active set lives in the data slice's
 * fields (text box, picks, parsing); the others are kept as their inputs, exactly as a
 * project saves them, and parsed again when a fit needs them.
 */
import { parseTable, selectColumns, type DecimalMark, type Delimiter, type FitData } from '../../core/data';
import { FitbenchError } from '../../core/errors';
import type { ColumnPicks } from './data-columns';
import type { WorkbenchState } from './workbench-types';

/** What the user gave for one data set (the project snapshot's `data`). */
export interface DataInputs {
  text: string;
  /** A generated demo too large for the text box, regenerated on restore (seeded: same points). */
  demo: string | null;
  picks: ColumnPicks;
  dropMissing: boolean;
  delimiter: Delimiter | null;
  decimal: DecimalMark | null;
}

export interface DatasetEntry {
  name: string;
  /** Null for the active set: its inputs are the data slice's fields. */
  inputs: DataInputs | null;
}

export const EMPTY_INPUTS: DataInputs = Object.freeze({
  text: '',
  demo: null,
  picks: Object.freeze({ x: [], y: '', sigma: null }) as ColumnPicks,
  dropMissing: false,
  delimiter: null,
  decimal: null,
}) as DataInputs;

/** The list a new project starts with: one active data set. */
export const SINGLE_DATASET: readonly DatasetEntry[] = Object.freeze([
  Object.freeze({ name: 'data set 1', inputs: null }),
]);

/** A name for a new data set that no other set has. */
export function newDatasetName(entries: readonly DatasetEntry[]): string {
  const names = new Set(entries.map((e) => e.name));
  let k = entries.length + 1;
  while (names.has(`data set ${k}`)) k++;
  return `data set ${k}`;
}

/** Parsed data of inactive sets, by their (immutable) inputs: a fit need not parse them twice. */
const parsed = new WeakMap<DataInputs, FitData>();

/** Remembers the active set's parsed data as it is stashed away under `inputs`. */
export function rememberFitData(inputs: DataInputs, data: FitData | null): void {
  if (data) parsed.set(inputs, data);
}

/**
 * The fit data of an inactive set's inputs. Throws a FitbenchError that names the data set
 * (by its 1-based position and name) when its text does not parse or its columns do not fit.
 */
export function fitDataOfInputs(inputs: DataInputs, index: number, name: string): FitData {
  const known = parsed.get(inputs);
  if (known) return known;
  const where = `Data set ${index + 1} (“${name}”)`;
  if (inputs.text.trim() === '') {
    throw new FitbenchError(
      'DATA_EMPTY',
      inputs.demo
        ? `${where} holds the generated demo “${inputs.demo}”: open its tab once so it is generated again.`
        : `${where} is empty: paste its data, or remove it.`,
      { dataset: index + 1 },
    );
  }
  try {
    const table = parseTable(inputs.text, {
      delimiter: inputs.delimiter ?? undefined,
      decimal: inputs.decimal ?? undefined,
    });
    const data = selectColumns(table, {
      x: inputs.picks.x,
      y: inputs.picks.y || undefined,
      sigma: inputs.picks.sigma ?? undefined,
      dropNonFinite: inputs.dropMissing,
    });
    parsed.set(inputs, data);
    return data;
  } catch (e) {
    if (e instanceof FitbenchError)
      throw new FitbenchError(e.code, `${where}: ${e.message}`, { ...e.context, dataset: index + 1 });
    throw e;
  }
}

/** The active set's inputs as a project saves them. */
export function liveInputs(s: WorkbenchState): DataInputs {
  return {
    text: s.dataText,
    demo: s.arraysDemo,
    picks: s.picks,
    dropMissing: s.dropMissing,
    delimiter: s.parseOverrides.delimiter,
    decimal: s.parseOverrides.decimal,
  };
}
