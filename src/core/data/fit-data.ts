/**
 * The data a fit consumes, validated: finite predictors and y, positive finite sigma,
 * equal lengths, enough points. Shared by the CSV path (selectColumns) and the library path
 * (validateArrays); they differ only in how a point is named in messages (file row vs index).
 */
import { FitbenchError } from '../errors';
import { formatRowList, quoteNames } from './row-list';

export interface FitData {
  /** Predictor names in the caller's order ('x' for a single unnamed predictor). */
  predictorNames: string[];
  predictors: Record<string, Float64Array>;
  y: Float64Array;
  sigma?: Float64Array;
  /** Where each kept point came from: file row (CSV, header = 1) or 0-based array index. */
  sourceRows: Uint32Array;
  /** File rows / indices dropped for holding NaN or Infinity (dropNonFinite). */
  droppedRows: number[];
  /** File rows / indices whose σ is +Infinity: zero weight, so left out of the fit. */
  zeroWeightRows: number[];
}

export interface FinishOptions {
  /** Drop points with NaN/Infinity in any chosen column instead of rejecting the data. */
  dropNonFinite?: boolean;
  /** Free parameters of the model: fewer points than this is DATA_TOO_FEW_POINTS. */
  numFreeParams?: number;
}

/** Columns already aligned to the same length. */
export interface AlignedColumns {
  predictorNames: string[];
  predictors: Float64Array[];
  y: Float64Array;
  /** Name of the response in messages ('y' or the CSV column name). */
  yName: string;
  sigma?: Float64Array;
  sigmaName?: string;
  /** File row (or index) of each point; null: point i is index i (arrays passed directly). */
  sourceRows: Uint32Array | null;
  /** 'row' for file rows, 'index' for array positions. */
  unit: 'row' | 'index';
  /** The arrays are fresh copies the result may keep (no second copy when nothing is dropped). */
  owned?: boolean;
}

/** The control that drops such points, named as the caller knows it. */
const DROP_HINT: Record<'row' | 'index', string> = {
  row: "drop those rows (the workbench's “Drop rows with missing values”, the CLI's --drop-nonfinite)",
  index: 'pass dropNonFinite: true to drop those points',
};

/** Checks non-finite values, sigma and the point count; drops rows when asked. */
export function finishFitData(cols: AlignedColumns, options: FinishOptions): FitData {
  const n = cols.y.length;
  const named: [string, Float64Array][] = [
    ...cols.predictorNames.map((name, k): [string, Float64Array] => [name, cols.predictors[k]]),
    [cols.yName, cols.y],
  ];
  // Clean data (the common case) costs one read of each column and no row mask.
  const clean = allClean(named, cols.sigma);
  const badRows: number[] = [];
  const badColumns = new Set<string>();
  const keep = clean ? new Uint8Array(0) : new Uint8Array(n).fill(1);
  const rowOf = (i: number): number => (cols.sourceRows ? cols.sourceRows[i] : i);
  // A point with infinite σ has zero weight: it leaves the fit, whatever its values.
  const zeroWeight: number[] = [];
  const sigmaIn = cols.sigma;
  if (sigmaIn && !clean)
    for (let i = 0; i < n; i++)
      if (sigmaIn[i] === Infinity) {
        keep[i] = 0;
        zeroWeight.push(rowOf(i));
      }
  const weighted = zeroWeight.length === 0 ? null : keep.slice();
  // Column by column: a tight loop per typed array (this runs over millions of points).
  let anyBad = false;
  for (const [name, values] of clean ? [] : named) {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v - v !== 0 && (weighted === null || weighted[i] === 1)) {
        keep[i] = 0;
        badColumns.add(name);
        anyBad = true;
      }
    }
  }
  if (anyBad)
    for (let i = 0; i < n; i++) if (!keep[i] && (weighted === null || weighted[i] === 1)) badRows.push(rowOf(i));
  if (badRows.length > 0 && !options.dropNonFinite) {
    throw new FitbenchError(
      'DATA_NONFINITE',
      `NaN, Infinity or empty values in ${badColumns.size === 1 ? 'column' : 'columns'} ${quoteNames([...badColumns])} at ` +
        `${plural(cols.unit, badRows.length)} ${formatRowList(badRows)}: remove them, or ${DROP_HINT[cols.unit]}`,
      { rows: badRows.slice(0, 10), count: badRows.length, columns: [...badColumns], unit: cols.unit },
    );
  }
  const sigmaDrops: number[] = [];
  if (cols.sigma && !clean) {
    const invalid: string[] = [];
    const invalidRows: number[] = [];
    for (let i = 0; i < n; i++) {
      if (!keep[i]) continue;
      const s = cols.sigma[i];
      if (Number.isFinite(s) && s > 0) continue;
      if (!Number.isFinite(s) && options.dropNonFinite) {
        keep[i] = 0;
        sigmaDrops.push(rowOf(i));
        continue;
      }
      invalidRows.push(rowOf(i));
      if (invalid.length < 10) invalid.push(`${formatValue(s)} at ${cols.unit} ${rowOf(i)}`);
    }
    if (invalidRows.length > 0) {
      const more = invalidRows.length > 10 ? ` …and ${invalidRows.length - 10} more` : '';
      throw new FitbenchError(
        'SIGMA_INVALID',
        `sigma ('${cols.sigmaName ?? 'sigma'}') must be positive and finite: ${invalid.join(', ')}${more}`,
        { rows: invalidRows.slice(0, 10), count: invalidRows.length, column: cols.sigmaName, unit: cols.unit },
      );
    }
  }
  const dropped = [...badRows, ...sigmaDrops].sort((a, b) => a - b);
  const kept = n - dropped.length - zeroWeight.length;
  if (kept === 0) {
    throw new FitbenchError(
      'DATA_EMPTY',
      n === 0
        ? 'there are no data points'
        : zeroWeight.length > 0
          ? `no data points left: ${zeroWeight.length} have infinite sigma (zero weight) and ${dropped.length} held NaN or Infinity`
          : `no data points left: all ${n} held NaN or Infinity and were dropped`,
    );
  }
  const k = options.numFreeParams;
  if (k !== undefined && kept < k) {
    throw new FitbenchError(
      'DATA_TOO_FEW_POINTS',
      `${kept} data point${kept === 1 ? '' : 's'}${dropped.length > 0 ? ` (after dropping ${dropped.length})` : ''} but ${k} free parameters: ` +
        'a fit needs at least as many points as free parameters; add data or fix parameters',
      { points: kept, freeParams: k },
    );
  }
  const removed = dropped.length + zeroWeight.length;
  const pick = (a: Float64Array) => (removed === 0 ? (cols.owned ? a : a.slice()) : a.filter((_, i) => keep[i] === 1));
  // Null prototype: a column may be called __proto__, constructor or toString.
  const predictors = Object.create(null) as Record<string, Float64Array>;
  cols.predictorNames.forEach((name, j) => (predictors[name] = pick(cols.predictors[j])));
  const out: FitData = {
    predictorNames: [...cols.predictorNames],
    predictors,
    y: pick(cols.y),
    sourceRows: new Uint32Array(0),
    droppedRows: dropped,
    zeroWeightRows: zeroWeight,
  };
  const rows = keptRows(cols, keep, removed);
  if (rows) out.sourceRows = rows;
  else lazyIdentityRows(out, out.y.length);
  if (cols.sigma) out.sigma = pick(cols.sigma);
  return out;
}

/** Every value finite and every σ positive and finite: nothing to drop, nothing to report. */
function allClean(named: readonly [string, Float64Array][], sigma: Float64Array | undefined): boolean {
  for (let c = 0; c < named.length; c++) if (!allFinite(named[c][1])) return false;
  return sigma === undefined || allPositiveFinite(sigma);
}

// One loop per function, returning a boolean: the first call of a process compiles such a
// loop on the stack (OSR), and inside a longer function that code deoptimizes on the code
// after the loop, which has never run (the next call then pays for the deopt and a recompile).

/** v − v is 0 for finite v, NaN for NaN and ±Infinity: one subtraction and compare a point. */
function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] - values[i] !== 0) return false;
  return true;
}

function allPositiveFinite(sigma: Float64Array): boolean {
  for (let i = 0; i < sigma.length; i++) if (!(sigma[i] > 0 && sigma[i] < Infinity)) return false;
  return true;
}

/** Source rows of the kept points; null: the identity, left unmaterialized (see lazyIdentityRows). */
function keptRows(cols: AlignedColumns, keep: Uint8Array, removed: number): Uint32Array | null {
  if (removed === 0) {
    if (!cols.sourceRows) return null;
    return cols.owned ? cols.sourceRows : cols.sourceRows.slice();
  }
  return (cols.sourceRows ?? identityRows(cols.y.length)).filter((_, i) => keep[i] === 1);
}

function identityRows(n: number): Uint32Array {
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

/**
 * Gives `data` a `sourceRows` that is built on first read: for arrays passed directly it is
 * 0, 1, …, n − 1, which almost no caller reads, and 4 MB per million points is not free.
 */
function lazyIdentityRows(data: FitData, n: number): void {
  let rows: Uint32Array | null = null;
  Object.defineProperty(data, 'sourceRows', {
    enumerable: true,
    configurable: true,
    get: () => (rows ??= identityRows(n)),
  });
}

function plural(unit: 'row' | 'index', count: number): string {
  if (unit === 'row') return count === 1 ? 'row' : 'rows';
  return count === 1 ? 'index' : 'indices';
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  return String(v);
}
