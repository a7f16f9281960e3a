/**
 * The display API a notebook cell calls (`show.table`, `show.plot`, `show.report`, …). Each
 * call turns the cell's values into a plain CellOutput description; the page draws it.
 * Fit curves are evaluated here, in the kernel, from the result's canonical expression.
 */
import { compileModel, formatFitReport, type FitResult } from '../core';
import { mulberry32, normalSampler } from '../core/numerics/seeded-random';
import type { CellEvent, CellOutput, PlotPoint, PlotSeriesOutput } from './notebook-kernel-api';

type Emit = (event: CellEvent) => void;
type Numbers = ArrayLike<number>;
type TableCell = string | number | boolean | null;

/** What `show.plot` accepts. */
export interface PlotSpec {
  x: Numbers;
  y: Numbers;
  /** A fit result: its curve over the data's x range; its bands when fitted with `bandsAt`. */
  fit?: FitResult;
  /** Draw the confidence (and prediction) band of `fit` when it has one (default true). */
  bands?: boolean | 'confidence' | 'prediction' | 'both';
  /** More curves: `{ name, x, y, kind? }`. */
  series?: { name: string; x: Numbers; y: Numbers; kind?: 'dots' | 'line' }[];
  title?: string;
  xLabel?: string;
  yLabel?: string;
  logY?: boolean;
}

const CURVE_POINTS = 200;
const MAX_DOTS = 2000;

function points(x: Numbers, y: Numbers, limit = Infinity): PlotPoint[] {
  const n = Math.min(x.length, y.length);
  const step = n > limit ? n / limit : 1;
  const out: PlotPoint[] = [];
  for (let k = 0; k < n; k += step) {
    const i = Math.floor(k);
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) out.push({ x: Number(x[i]), y: Number(y[i]) });
  }
  return out;
}

/** The fitted curve over [lo, hi] (single predictor x). */
export function fitCurve(result: FitResult, lo: number, hi: number, count = CURVE_POINTS): PlotPoint[] {
  const model = compileModel(result.expression);
  const params = Float64Array.from(model.paramNames, (n) => result.params[n]);
  const xs = new Float64Array(count);
  for (let i = 0; i < count; i++) xs[i] = lo + ((hi - lo) * i) / (count - 1);
  const ys = new Float64Array(count);
  model.evaluate(
    params,
    model.predictorNames.map(() => xs),
    ys,
  );
  return points(xs, ys);
}

/** A plot description from a cell's spec. */
export function plotOutput(spec: PlotSpec): CellOutput {
  const series: PlotSeriesOutput[] = [];
  const data = points(spec.x, spec.y, MAX_DOTS);
  const fit = spec.fit;
  const bands = spec.bands ?? true;
  if (fit?.bands && bands !== false) {
    const b = fit.bands;
    const at = (ys: number[]) => b.x.map((x, i) => ({ x, y: ys[i] }));
    if (bands === 'prediction' || bands === 'both')
      series.push({
        name: 'prediction band',
        kind: 'band',
        lower: at(b.predictionLower),
        upper: at(b.predictionUpper),
      });
    if (bands !== 'prediction')
      series.push({
        name: 'confidence band',
        kind: 'band',
        lower: at(b.confidenceLower),
        upper: at(b.confidenceUpper),
      });
  }
  series.push({ name: 'data', kind: 'dots', points: data });
  if (fit && data.length > 1) {
    const xs = data.map((p) => p.x);
    series.push({ name: 'fit', kind: 'line', points: fitCurve(fit, Math.min(...xs), Math.max(...xs)) });
  }
  for (const s of spec.series ?? []) series.push({ name: s.name, kind: s.kind ?? 'line', points: points(s.x, s.y) });
  return {
    kind: 'plot',
    title: spec.title,
    xLabel: spec.xLabel ?? 'x',
    yLabel: spec.yLabel ?? 'y',
    series,
    logY: spec.logY,
  };
}

function isFitResult(value: unknown): value is FitResult {
  return typeof value === 'object' && value !== null && 'params' in value && 'stdErrors' in value;
}

function cell(value: unknown): TableCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return inspect(value);
}

/** A table from rows (objects or arrays), or a fit result's parameter table. */
export function tableOutput(
  data: unknown,
  options: { columns?: string[]; caption?: string } = {},
): Extract<CellOutput, { kind: 'table' }> {
  if (isFitResult(data)) {
    const rows = Object.keys(data.params).map((name) => {
      const ci = data.confidenceIntervals?.[name];
      return [name, data.params[name], data.stdErrors[name] ?? null, ci ? ci[0] : null, ci ? ci[1] : null];
    });
    return {
      kind: 'table',
      columns: ['parameter', 'value', 'std error', 'CI low', 'CI high'],
      rows,
      caption: options.caption,
    };
  }
  const list = Array.isArray(data) ? data : [data];
  if (list.length > 0 && Array.isArray(list[0])) {
    const width = Math.max(...list.map((r) => (r as unknown[]).length));
    const columns = options.columns ?? Array.from({ length: width }, (_, i) => String(i));
    return { kind: 'table', columns, rows: list.map((r) => (r as unknown[]).map(cell)), caption: options.caption };
  }
  const columns = options.columns ?? [
    ...new Set(list.flatMap((r) => (r && typeof r === 'object' ? Object.keys(r) : []))),
  ];
  const rows = list.map((r) => columns.map((c) => cell((r as Record<string, unknown>)?.[c])));
  return { kind: 'table', columns, rows, caption: options.caption };
}

/** A short readable rendering of any value (numbers to 6 significant digits in nested data). */
export function inspect(value: unknown, depth = 0): string {
  if (typeof value === 'string') return depth === 0 ? value : JSON.stringify(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  if (value === null || value === undefined || typeof value !== 'object') return String(value);
  if (depth > 2) return Array.isArray(value) ? '[…]' : '{…}';
  if (ArrayBuffer.isView(value)) value = Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) {
    const shown = value.slice(0, 20).map((v) => inspect(v, depth + 1));
    return `[${shown.join(', ')}${value.length > 20 ? `, … ${value.length - 20} more` : ''}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).slice(0, 30);
  return `{ ${entries.map(([k, v]) => `${k}: ${inspect(v, depth + 1)}`).join(', ')} }`;
}

/** The `show` function with its methods, emitting outputs through `emit`. */
export function createShow(emit: Emit) {
  const out = (output: CellOutput) => emit({ type: 'output', output });
  const show = (value: unknown) =>
    out(typeof value === 'string' ? { kind: 'text', text: value } : { kind: 'value', text: inspect(value) });
  return Object.assign(show, {
    text: (text: string) => out({ kind: 'text', text: String(text) }),
    value: (value: unknown) => out({ kind: 'value', text: inspect(value) }),
    table: (data: unknown, options?: { columns?: string[]; caption?: string }) => out(tableOutput(data, options)),
    plot: (spec: PlotSpec) => out(plotOutput(spec)),
    report: (result: FitResult) => out({ kind: 'report', text: formatFitReport(result) }),
    convergence: (result: { history?: { iteration: number; cost: number }[] }, title?: string) =>
      out({ kind: 'convergence', title, points: result.history ?? [] }),
    health: () => out({ kind: 'health' }),
    budget: () => out({ kind: 'budget' }),
  });
}

/** Helpers every cell sees: evenly spaced x, and seeded noise so a notebook's figures are reproducible. */
export const cellHelpers = {
  linspace(start: number, stop: number, count: number): number[] {
    return Array.from({ length: count }, (_, i) => (count === 1 ? start : start + ((stop - start) * i) / (count - 1)));
  },
  /** A seeded generator: `uniform()` in [0, 1) and `normal()` standard normal deviates. */
  random(seed: number): { uniform: () => number; normal: () => number } {
    const uniform = mulberry32(seed);
    return { uniform, normal: normalSampler(uniform) };
  },
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  },
};
