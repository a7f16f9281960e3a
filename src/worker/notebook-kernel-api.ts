/**
 * The boundary between the page and a notebook kernel (notebook-kernel.worker.ts). Types
 * only, compiled under both the DOM and the WebWorker libs. Everything that crosses is plain
 * structured-clonable data: a cell's outputs are descriptions the page renders with React,
 * never markup.
 */

/** One point of a plot series. */
export interface PlotPoint {
  x: number;
  y: number;
}

export type PlotSeriesOutput =
  | { name: string; kind: 'dots' | 'line'; points: PlotPoint[] }
  /** A band between two curves sampled at the same x (confidence, prediction). */
  | { name: string; kind: 'band'; lower: PlotPoint[]; upper: PlotPoint[] };

export type CellOutput =
  | { kind: 'text'; text: string }
  | { kind: 'value'; text: string }
  | { kind: 'table'; columns: string[]; rows: (string | number | boolean | null)[][]; caption?: string }
  | { kind: 'plot'; title?: string; xLabel: string; yLabel: string; series: PlotSeriesOutput[]; logY?: boolean }
  | { kind: 'report'; text: string }
  | { kind: 'convergence'; title?: string; points: { iteration: number; cost: number }[] }
  /** The page draws the service's health and error budget as they are when this arrives. */
  | { kind: 'health' }
  | { kind: 'budget' };

/** What a running cell reports besides its outputs. */
export type CellEvent =
  { type: 'output'; output: CellOutput } | { type: 'progress'; done: number; total: number; label?: string };

export interface CellError {
  name: string;
  message: string;
  /** A FitbenchError's code when the library raised one. */
  code?: string;
}

export interface CellRunRequest {
  code: string;
  lang: 'js' | 'ts';
  /** Expressions the prose after this cell states figures for (checked numbers). */
  checks: string[];
}

export type CellRunOutcome =
  | { ok: true; value?: string; checks: (number | string | null)[] }
  | { ok: false; error: CellError; checks: (number | string | null)[] };

/** The kernel's side, exposed with comlink. */
export interface NotebookKernelApi {
  /**
   * Connects the kernel to the page's library: `port` carries a comlink-exposed
   * NotebookLibraryHost; `functions` are the names of the library functions it offers.
   */
  connect(port: MessagePort, functions: string[]): void;
  /** Runs one cell against the notebook's shared scope; events arrive through `onEvent`. */
  run(request: CellRunRequest, onEvent: (event: CellEvent) => void): Promise<CellRunOutcome>;
  /** Forgets every variable (a fresh scope, as after a kernel restart). */
  reset(): void;
}

/** The page's side of the library, as the kernel reaches it through comlink. */
export interface NotebookLibraryHost {
  /** Calls `window.fitbench[name](...args)`: fits go through the fitting service. */
  call(name: string, args: unknown[]): Promise<unknown>;
  /** Reads of the fitting service (`fitbench.service.*` in a cell). */
  service(name: string, args: unknown[]): Promise<unknown>;
}
