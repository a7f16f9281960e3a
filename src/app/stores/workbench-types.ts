/** The workbench store's state, one slice per panel; each slice file implements its part. */
import type { BackendChoice, FitProblem, LossName } from '../../core/api-types';
import type { DataTable, FitData } from '../../core/data';
import type { ColumnPicks } from './data-columns';
import type { FieldMessage } from './field-message';
import type { ModelInfo } from './model-text';
import type { ParamRow } from './param-rows';
import type { ResumeOffer } from './service-client';

export interface DataSlice {
  /** The data box, exactly as typed or pasted. */
  dataText: string;
  /** Set when the data came as arrays (the large demo): the box shows a summary instead. */
  arraysLabel: string | null;
  table: DataTable | null;
  dataError: FieldMessage | null;
  picks: ColumnPicks;
  /** A problem with the chosen columns (non-finite value, sigma ≤ 0…). */
  columnsError: FieldMessage | null;
  fitData: FitData | null;
  /** Counts data changes (the guess is recomputed when it moves). */
  dataVersion: number;
  setDataText(text: string): void;
  /** Parses the pending text now (the box parses after a short pause in typing). */
  commitData(): void;
  loadColumns(label: string, names: string[], columns: Record<string, Float64Array>, picks: ColumnPicks): void;
  setPicks(patch: Partial<ColumnPicks>): void;
}

export interface ModelSlice {
  modelText: string;
  model: ModelInfo | null;
  modelError: FieldMessage | null;
  rows: ParamRow[];
  /** Rows of parameters the model no longer has, restored if the parameter comes back. */
  retiredRows: Record<string, ParamRow>;
  /** Per-parameter messages (bad number, inverted bounds). */
  paramErrors: Record<string, string>;
  /** Start values a demo brings for an expression model. */
  demoStart: Record<string, number> | null;
  setModelText(text: string): void;
  editParam(name: string, patch: Partial<Pick<ParamRow, 'value' | 'min' | 'max' | 'fixed'>>): void;
  /** Fills every value with the library model's automatic guess. */
  guessParams(): void;
  /** Re-resolves the model and the rows after a data or column change. */
  refreshModel(): void;
}

export type MethodChoice = 'auto' | 'lm' | 'trf';

export interface OptionsSlice {
  method: MethodChoice;
  loss: LossName;
  fScale: string;
  backend: BackendChoice;
  maxIterations: string;
  setOptions(patch: Partial<Pick<OptionsSlice, 'method' | 'loss' | 'fScale' | 'backend' | 'maxIterations'>>): void;
}

/** What the plots need of the fit that was submitted (the inputs may change after). */
export interface FitView {
  jobId: string;
  /** The data and model as submitted (null: a resumed job whose problem is unknown). */
  problem: FitProblem | null;
  xLabel: string;
  yLabel: string;
}

export interface FitSlice {
  /** The job the result panels follow. */
  fit: FitView | null;
  /** Why the fit could not be submitted or failed, when no field owns the message. */
  fitError: FieldMessage | null;
  startFit(): void;
  cancelFit(): void;
  /** Resumes a job a previous page left unfinished and follows it. */
  resumeJob(offer: ResumeOffer): Promise<void>;
}

export type WorkbenchState = DataSlice & ModelSlice & OptionsSlice & FitSlice;
