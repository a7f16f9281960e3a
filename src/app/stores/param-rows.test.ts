import { describe, expect, it } from 'vitest';
import { FitbenchError } from '../../core/errors';
import {
  applyGuess,
  mergeParamRows,
  numberText,
  parseBoundText,
  parseValueText,
  rowsToProblem,
  type ParamRow,
} from './param-rows';
import { exprErrors } from './param-expressions';

const row = (name: string, over: Partial<ParamRow> = {}): ParamRow => ({
  name,
  value: '1',
  min: '',
  max: '',
  fixed: false,
  expr: '',
  shared: false,
  valueSource: 'default',
  ...over,
});

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof FitbenchError ? `${e.code}:${String(e.context.parameter)}` : 'other';
  }
  return 'none';
}

describe('parameter rows', () => {
  it('keep surviving rows as they are and fill new ones', () => {
    const prev = [row('a', { value: '3', valueSource: 'user', max: '10' }), row('b')];
    const next = mergeParamRows(prev, ['a', 'c'], () => ({ value: 0.5, source: 'guess', bounds: [0, Infinity] }));
    expect(next[0]).toBe(prev[0]);
    expect(next[1]).toEqual({
      name: 'c',
      value: '0.5',
      min: '0',
      max: '',
      fixed: false,
      expr: '',
      shared: false,
      valueSource: 'guess',
    });
  });

  it('a guess replaces values the user did not type, or all when forced', () => {
    const rows = [row('a', { value: '3', valueSource: 'user' }), row('b')];
    expect(applyGuess(rows, { a: 7, b: 8 }, false).map((r) => r.value)).toEqual(['3', '8']);
    expect(applyGuess(rows, { a: 7, b: 8 }, true).map((r) => r.value)).toEqual(['7', '8']);
    expect(applyGuess(rows, { a: NaN }, true)[0].value).toBe('3');
  });

  it('numbers keep full precision; open bounds are empty', () => {
    expect(numberText(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(numberText(Infinity)).toBe('');
    expect(parseBoundText('a', '', 'min')).toBe(-Infinity);
    expect(parseBoundText('a', ' INF ', 'max')).toBe(Infinity);
    expect(parseBoundText('a', '-inf', 'max')).toBe(-Infinity);
    expect(parseBoundText('a', '1e-3', 'min')).toBe(0.001);
    expect(parseValueText('a', ' -2.5 ')).toBe(-2.5);
  });

  it('bad cells are FitbenchErrors naming the parameter', () => {
    expect(codeOf(() => parseValueText('a', ''))).toBe('PARAM_NONFINITE:a');
    expect(codeOf(() => parseValueText('a', '0x10'))).toBe('PARAM_NONFINITE:a');
    expect(codeOf(() => parseBoundText('s', 'zero', 'min'))).toBe('PARAM_NONFINITE:s');
    expect(codeOf(() => rowsToProblem([row('t', { min: '5', max: '1' })]))).toBe('BOUNDS_INVERTED:t');
    expect(codeOf(() => rowsToProblem([row('t', { value: '9', max: '1' })]))).toBe('START_OUTSIDE_BOUNDS:t');
  });

  it('turns rows into p0, bounds (null for an open side) and fixed', () => {
    const p = rowsToProblem([
      row('a', { value: '2' }),
      row('s', { value: '1', min: '0' }),
      row('c', { value: '0.5', fixed: true }),
    ]);
    expect(p).toEqual({ p0: { a: 2, s: 1, c: 0.5 }, bounds: { s: [0, null] }, fixed: ['c'] });
    expect(rowsToProblem([row('a')])).toEqual({ p0: { a: 1 } });
  });

  it('a fixed parameter may sit outside its bounds (it is not fitted)', () => {
    expect(rowsToProblem([row('a', { value: '9', max: '1', fixed: true })]).fixed).toEqual(['a']);
  });
});

describe('tied parameters (expr) and shared flags', () => {
  it('sends a tied row as an expression, without start, bounds or fixed', () => {
    const rows = [
      row('a', { shared: true }),
      row('s1', { min: '0' }),
      row('s2', { expr: ' s1 ', value: 'x', fixed: true }),
    ];
    expect(rowsToProblem(rows)).toEqual({
      p0: { a: 1, s1: 1 },
      bounds: { s1: [0, null] },
      expressions: { s2: 's1' },
      shared: ['a'],
    });
  });

  it('reports an expression that does not parse, reads an unknown name, or forms a cycle, on its row', () => {
    const one = { datasetCount: 1 };
    expect(exprErrors([row('a'), row('b', { expr: '2*' })], one).b).toMatch(/does not parse/);
    expect(exprErrors([row('a'), row('b', { expr: '2*q' })], one).b).toBe(
      "expr reads 'q', which is not a parameter of this model (parameters: a, b).",
    );
    const cycle = exprErrors([row('a', { expr: 'b' }), row('b', { expr: '2*a' })], one);
    expect(cycle.a).toMatch(/cycle/);
    expect(cycle.b).toMatch(/cycle/);
    expect(exprErrors([row('a'), row('b', { expr: '2*a + pi' })], one)).toEqual({});
  });

  it("lets an expression read one data set's copy (a_2) only when there are that many data sets", () => {
    const rows = [row('a'), row('b', { expr: 'a_2' })];
    expect(exprErrors(rows, { datasetCount: 2 })).toEqual({});
    expect(exprErrors(rows, { datasetCount: 1 }).b).toMatch(/'a_2'/);
    expect(exprErrors(rows, { datasetCount: 2 }).b).toBeUndefined();
  });
});
