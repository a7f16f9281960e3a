/**
 * The parameter table as text rows (what the user typed is kept verbatim, even when it is
 * not a number yet), merged across model edits, and turned into p0/bounds/fixed for a fit.
 */
import { FitbenchError } from '../../core/errors';

/** Where a row's value came from: only values the user did not type are re-guessed. */
export type ValueSource = 'guess' | 'default' | 'user' | 'demo' | 'result';

export interface ParamRow {
  name: string;
  value: string;
  min: string;
  max: string;
  fixed: boolean;
  /** lmfit's `expr`: when not blank the parameter is computed from others, not varied. */
  expr: string;
  /** One value for every data set of a global fit (otherwise one per data set). */
  shared: boolean;
  valueSource: ValueSource;
}

/** Whether a row is tied by an expression (its start, bounds and fixed flag do not apply). */
export function isTied(row: Pick<ParamRow, 'expr'>): boolean {
  return row.expr.trim() !== '';
}

export interface RowFill {
  value: number;
  source: ValueSource;
  bounds?: readonly [number, number];
}

/** Formats a number for an input: full precision, '' for an open bound. */
export function numberText(v: number): string {
  if (v === Infinity || v === -Infinity) return '';
  return String(v);
}

/**
 * Rows for `names`: a parameter that survives the model edit keeps its row (the user's
 * value, bounds and fixed flag); a new one gets `fill(name)`.
 */
export function mergeParamRows(
  previous: readonly ParamRow[],
  names: readonly string[],
  fill: (name: string) => RowFill,
): ParamRow[] {
  const byName = new Map(previous.map((r) => [r.name, r]));
  return names.map((name) => {
    const kept = byName.get(name);
    if (kept) return kept;
    const f = fill(name);
    return {
      name,
      value: numberText(f.value),
      min: f.bounds ? numberText(f.bounds[0]) : '',
      max: f.bounds ? numberText(f.bounds[1]) : '',
      fixed: false,
      expr: '',
      shared: false,
      valueSource: f.source,
    };
  });
}

/** Replaces the values of rows the user has not typed into (or all rows when `force`). */
export function applyGuess(
  rows: readonly ParamRow[],
  guess: Readonly<Record<string, number>>,
  force: boolean,
): ParamRow[] {
  return rows.map((r) => {
    const g = guess[r.name];
    if (g === undefined || !Number.isFinite(g)) return r;
    if (!force && r.valueSource === 'user') return r;
    return { ...r, value: numberText(g), valueSource: 'guess' };
  });
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A value cell as a number; throws PARAM_NONFINITE naming the parameter. */
export function parseValueText(name: string, text: string): number {
  const t = text.trim();
  if (!NUMBER.test(t)) {
    throw new FitbenchError(
      'PARAM_NONFINITE',
      t === ''
        ? `Parameter '${name}' needs a start value.`
        : `Parameter '${name}': start value '${text}' is not a number.`,
      {
        parameter: name,
        field: 'value',
      },
    );
  }
  return Number(t);
}

/** A bound cell: empty or ±inf is an open side; throws PARAM_NONFINITE naming the parameter. */
export function parseBoundText(name: string, text: string, side: 'min' | 'max'): number {
  const t = text.trim().toLowerCase();
  const open = side === 'min' ? -Infinity : Infinity;
  if (t === '') return open;
  if (/^[+-]?(inf|infinity|∞)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (!NUMBER.test(t)) {
    throw new FitbenchError(
      'PARAM_NONFINITE',
      `Parameter '${name}': ${side} bound '${text}' is not a number (leave it empty for no bound).`,
      { parameter: name, field: side },
    );
  }
  return Number(t);
}

export interface ProblemParams {
  p0: Record<string, number>;
  bounds?: Record<string, [number | null, number | null]>;
  fixed?: string[];
  expressions?: Record<string, string>;
  /** Rows marked shared (used by a global fit only). */
  shared?: string[];
}

/** p0, bounds, fixed, expressions and shared names from the rows. Throws PARAM_NONFINITE, BOUNDS_INVERTED or START_OUTSIDE_BOUNDS with context.parameter. */
export function rowsToProblem(rows: readonly ParamRow[]): ProblemParams {
  const p0: Record<string, number> = {};
  const bounds: Record<string, [number | null, number | null]> = {};
  const fixed: string[] = [];
  const expressions: Record<string, string> = {};
  const shared: string[] = [];
  for (const r of rows) {
    if (r.shared) shared.push(r.name);
    if (isTied(r)) {
      // Computed from the others: its start, bounds and fixed flag are not used.
      expressions[r.name] = r.expr.trim();
      continue;
    }
    const value = parseValueText(r.name, r.value);
    const lo = parseBoundText(r.name, r.min, 'min');
    const hi = parseBoundText(r.name, r.max, 'max');
    if (lo > hi) {
      throw new FitbenchError(
        'BOUNDS_INVERTED',
        `Parameter '${r.name}': the min bound ${lo} is above the max bound ${hi}.`,
        { parameter: r.name, field: 'min' },
      );
    }
    if (!r.fixed && (value < lo || value > hi)) {
      throw new FitbenchError(
        'START_OUTSIDE_BOUNDS',
        `Parameter '${r.name}': the start value ${value} is outside its bounds [${r.min || '-inf'}, ${r.max || 'inf'}].`,
        {
          parameter: r.name,
          field: 'value',
        },
      );
    }
    p0[r.name] = value;
    if (Number.isFinite(lo) || Number.isFinite(hi))
      bounds[r.name] = [Number.isFinite(lo) ? lo : null, Number.isFinite(hi) ? hi : null];
    if (r.fixed) fixed.push(r.name);
  }
  const out: ProblemParams = { p0 };
  if (Object.keys(bounds).length > 0) out.bounds = bounds;
  if (fixed.length > 0) out.fixed = fixed;
  if (Object.keys(expressions).length > 0) out.expressions = expressions;
  if (shared.length > 0) out.shared = shared;
  return out;
}
