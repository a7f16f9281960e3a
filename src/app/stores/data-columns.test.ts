import { describe, expect, it } from 'vitest';
import { parseTable, selectColumns } from '../../core/data';
import { choosePicks, pickableColumns, tableFromColumns, tableSummary, xPayload } from './data-columns';

describe('column picks', () => {
  it('default to x, y and a sigma-like column', () => {
    const t = parseTable('time,signal,sigma\n0,1,0.1\n1,2,0.1\n2,3,0.1\n');
    expect(choosePicks(t)).toEqual({ x: ['time'], y: 'signal', sigma: 'sigma' });
  });

  it('keep the previous picks whose columns still exist', () => {
    const t = parseTable('a,b,c\n0,1,2\n1,2,3\n');
    expect(choosePicks(t, { x: ['b'], y: 'c', sigma: null }, false)).toEqual({ x: ['b'], y: 'c', sigma: null });
    expect(choosePicks(t, { x: ['gone'], y: 'c', sigma: 'gone' }, false)).toEqual({ x: ['a'], y: 'c', sigma: null });
  });

  it('skip label columns but offer mostly-numeric ones (their typo is then reported)', () => {
    const t = parseTable('name,x,y\nA,0,1\nB,1,2\nC,2,x3\nD,3,4\nE,4,5\n');
    expect(pickableColumns(t)).toEqual(['x', 'y']);
  });

  it('a table over generated arrays numbers its rows as a file would', () => {
    const t = tableFromColumns(['x', 'y'], { x: Float64Array.of(1, 2), y: Float64Array.of(3, 4) });
    expect(Array.from(t.rowNumbers)).toEqual([2, 3]);
    expect(tableSummary(t)).toBe('2 rows · 2 columns: x, y');
  });
});

describe('x payload', () => {
  const t = parseTable('time,x2,y\n0,5,1\n1,6,2\n2,7,3\n3,8,4\n');
  it('one column read as x: a plain array', () => {
    const data = selectColumns(t, { x: ['time'], y: 'y' });
    expect(xPayload(data, ['x'])).toBe(data.predictors.time);
  });
  it('one column read by its name, or several: named arrays', () => {
    const one = selectColumns(t, { x: ['time'], y: 'y' });
    expect(Object.keys(xPayload(one, ['time']))).toEqual(['time']);
    const two = selectColumns(t, { x: ['time', 'x2'], y: 'y' });
    expect(Object.keys(xPayload(two, ['time', 'x2']))).toEqual(['time', 'x2']);
  });
});
