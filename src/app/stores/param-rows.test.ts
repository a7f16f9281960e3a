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

const row = (name: string, over: Partial<ParamRow> = {}): ParamRow => ({
  name,
  value: '1',
  min: '',
  max: '',
  fixed: false,
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
    expect(next[1]).toEqual({ name: 'c', value: '0.5', min: '0', max: '', fixed: false, valueSource: 'guess' });
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
