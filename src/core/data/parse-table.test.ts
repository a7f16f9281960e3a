import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test-support/fitbench-error-of';
import { parseTable } from './parse-table';
import { selectColumns } from './select-columns';
import { parseNumberCell } from './number-cell';
import { detectDelimiter } from './detect-delimiter';

describe('parseNumberCell', () => {
  it('accepts strict decimal numbers and non-finite words', () => {
    expect(parseNumberCell('1')).toBe(1);
    expect(parseNumberCell(' +1.5e-3 ')).toBe(0.0015);
    expect(parseNumberCell('.5')).toBe(0.5);
    expect(parseNumberCell('5.')).toBe(5);
    expect(parseNumberCell('-2E+10')).toBe(-2e10);
    expect(parseNumberCell('inf')).toBe(Infinity);
    expect(parseNumberCell('-Infinity')).toBe(-Infinity);
    expect(parseNumberCell('+INF')).toBe(Infinity);
    expect(parseNumberCell('NaN')).toBeNaN();
    expect(parseNumberCell('')).toBeNaN();
    expect(parseNumberCell('1e999')).toBe(Infinity);
  });

  it('rejects what Number() would wrongly accept', () => {
    for (const s of ['0x10', '1abc', '1,5', '1 000', 'e5', '.', '-', '1e', '--1', 'Infinityx', '0b1', '1_000']) {
      expect(parseNumberCell(s), s).toBeUndefined();
    }
  });
});

describe('detectDelimiter', () => {
  it('detects comma, tab, semicolon and whitespace', () => {
    expect(detectDelimiter('x,y\n1,2\n')).toBe(',');
    expect(detectDelimiter('x\ty\n1\t2\n')).toBe('\t');
    expect(detectDelimiter('x;y\n1,5;2\n')).toBe(';');
    expect(detectDelimiter('x   y\n1  2\n 3 4\n')).toBe('whitespace');
    expect(detectDelimiter('"a,b";c\n1;2\n')).toBe(';');
    expect(detectDelimiter('y\n1\n2\n')).toBe(',');
  });
});

describe('parseTable', () => {
  it('parses a CSV keeping column order, with a BOM and trailing blank lines', () => {
    const t = parseTable('\uFEFFtime,signal,label\n0,1.5,a\n1,+2e1,b\n\n\n');
    expect(t.columns).toEqual(['time', 'signal', 'label']);
    expect(Object.keys(t.data)).toEqual(['time', 'signal']);
    expect(Array.from(t.data.signal)).toEqual([1.5, 20]);
    expect(t.rowCount).toBe(2);
    expect(t.nonNumericColumns).toEqual(['label']);
    expect(t.mixedColumns).toEqual([]);
    expect(Array.from(t.rowNumbers)).toEqual([2, 3]);
    expect(t.delimiter).toBe(',');
  });

  it('parses TSV, semicolons, whitespace and CRLF', () => {
    expect(Array.from(parseTable('x\ty\r\n1\t2\r\n3\t4\r\n').data.y)).toEqual([2, 4]);
    expect(Array.from(parseTable('x;y\n1;2\n').data.y)).toEqual([2]);
    const ws = parseTable('  x    y\n  1   2.5\n\n  3   4\n');
    expect(ws.delimiter).toBe('whitespace');
    expect(Array.from(ws.data.y)).toEqual([2.5, 4]);
    expect(Array.from(ws.rowNumbers)).toEqual([2, 4]);
    expect(Array.from(parseTable('x,y\n1,2', { delimiter: ',' }).data.x)).toEqual([1]);
  });

  it('keeps file row numbers through blank lines and quoted multi-line fields', () => {
    const t = parseTable('x,y,note\n1,2,"two\nlines"\n\n3,4,ok\n5,6,z\n');
    expect(Array.from(t.rowNumbers)).toEqual([2, 5, 6]);
    const e = errorOf(() => selectColumns(parseTable('x,y\n1,2\n\n3,oops\n5,6\n')));
    expect(e.code).toBe('DATA_PARSE');
    expect(e.message).toBe("row 4, column 'y': 'oops' is not a number");
    expect(e.context).toMatchObject({ row: 4, column: 'y' });
  });

  it('recognises inf and nan as non-finite numbers and empty cells as missing', () => {
    const t = parseTable('x,y\n1,inf\n2,nan\n3,\n4,-Infinity\n');
    expect(Array.from(t.data.y)).toEqual([Infinity, NaN, NaN, -Infinity]);
  });

  it('tolerates a trailing delimiter', () => {
    const t = parseTable('x,y,\n1,2,\n3,4,\n');
    expect(t.columns).toEqual(['x', 'y']);
    expect(Array.from(t.data.y)).toEqual([2, 4]);
  });

  it('rejects an empty file or a header without data (DATA_EMPTY)', () => {
    for (const text of ['', '   \n\n', '\uFEFF']) expect(errorOf(() => parseTable(text)).code).toBe('DATA_EMPTY');
    const e = errorOf(() => parseTable('x,y\n\n'));
    expect(e.code).toBe('DATA_EMPTY');
    expect(e.message).toMatch(/header \('x' and 'y'\) but no data rows/);
  });

  it('rejects tables without a numeric column (DATA_NO_NUMERIC_COLUMN)', () => {
    const e = errorOf(() => parseTable('name,city\nann,paris\nbob,rome\n'));
    expect(e.code).toBe('DATA_NO_NUMERIC_COLUMN');
    expect(e.message).toMatch(/'name' and 'city'/);
    expect(errorOf(() => parseTable('x,y\n,\n1e,\n')).code).toBe('DATA_NO_NUMERIC_COLUMN');
  });

  it('reads decimal commas in semicolon and tab files, and hints at them in comma files', () => {
    expect(Array.from(parseTable('x;y\n1;2\n2;3,5\n3;-0,25e1\n').data.y)).toEqual([2, 3.5, -2.5]);
    expect(Array.from(parseTable('x\ty\n1,0\t2\n2,5\t3\n').data.x)).toEqual([1, 2.5]);
    const e = errorOf(() => selectColumns(parseTable('x,y\n1,2\n2,"3,5"\n3,4\n')));
    expect(e.code).toBe('DATA_PARSE');
    expect(e.message).toBe(
      "row 3, column 'y': '3,5' is not a number (decimal commas are read only in semicolon- or tab-separated files: write 3.5, or save the file with semicolons)",
    );
    // A whole file of quoted decimal commas says so instead of only "no numeric column".
    const all = errorOf(() => parseTable('x,y\n"1,5","2,5"\n"2,5","3,5"\n'));
    expect(all.code).toBe('DATA_NO_NUMERIC_COLUMN');
    expect(all.message).toMatch(/row 2 holds '1,5' \(decimal commas are read only/);
    // parseTable itself only records it: a typo'd column is reported when it is chosen.
    const t = parseTable('x,y\n1,2\n2,abc\n3,4\n');
    expect(t.mixedColumns).toEqual(['y']);
    expect(t.textCells.y).toEqual({ row: 3, value: 'abc', count: 1 });
    // With no numeric column at all, the typo is the error.
    expect(errorOf(() => parseTable('y\n1\n2\nabc\n')).message).toBe("row 4, column 'y': 'abc' is not a number");
  });

  it('rejects ragged rows with the row number', () => {
    const short = errorOf(() => parseTable('x,y,z\n1,2,3\n4,5\n'));
    expect(short.code).toBe('DATA_PARSE');
    expect(short.message).toBe('row 3 has 2 fields but the header has 3 columns: every row needs one value per column');
    const long = errorOf(() => parseTable('x\ty\n1\t2\t3\n'));
    expect(long.message).toMatch(/^row 2 has 3 fields but the header has 2 columns/);
  });

  it('requires a header row', () => {
    const e = errorOf(() => parseTable('1,2\n3,4\n'));
    expect(e.code).toBe('DATA_PARSE');
    expect(e.message).toMatch(/row 1 should be a header with column names, but it holds numbers \(1, 2\)/);
  });

  it('rejects duplicate and missing header names', () => {
    const dup = errorOf(() => parseTable('x,y,x\n1,2,3\n'));
    expect(dup.code).toBe('DATA_PARSE');
    expect(dup.message).toBe("duplicate column name 'x' in the header (columns 1 and 3)");
    const unnamed = errorOf(() => parseTable('x,,y\n1,2,3\n'));
    expect(unnamed.message).toBe('column 2 has no name in the header (row 1)');
  });

  it('reports an unterminated quote with its row', () => {
    const e = errorOf(() => parseTable('x,y\n1,2\n3,"4\n5,6\n'));
    expect(e.code).toBe('DATA_PARSE');
    expect(e.message).toMatch(/^row 3: quoted field unterminated/);
  });

  it('rejects input that is not text', () => {
    expect(errorOf(() => parseTable(42 as unknown as string)).code).toBe('DATA_PARSE');
  });

  it('reads decimal commas (semicolon, tab and whitespace tables), and obeys an override', () => {
    const semi = parseTable('t;rate\n0,5;1,25\n1;2,5\n1,5;-3,75e-1\n');
    expect(semi.decimal).toBe(',');
    expect([...semi.data.t]).toEqual([0.5, 1, 1.5]);
    expect([...semi.data.rate]).toEqual([1.25, 2.5, -0.375]);
    const tab = parseTable('t\trate\n0,5\t1\n2\t3,5\n');
    expect([...tab.data.rate]).toEqual([1, 3.5]);
    const ws = parseTable('t rate\n0,5 1\n2 3,5\n');
    expect([...ws.data.t]).toEqual([0.5, 2]);
    expect(parseTable('x;y\n1;2\n3;4\n').decimal).toBe('.');
    const forced = parseTable('x;y\n1,5;2\n', { decimal: '.' });
    expect(forced.mixedColumns).toEqual([]);
    expect(forced.nonNumericColumns).toEqual(['x']);
  });

  it('skips comment lines and a units row, keeping file row numbers', () => {
    const t = parseTable('# enzyme kinetics, 2026-11-30\nsubstrate,rate\nmM,µM/s\n% first replicate\n0.5,1.2\n1,2.1\n');
    expect(t.columns).toEqual(['substrate', 'rate']);
    expect(t.units).toEqual({ substrate: 'mM', rate: 'µM/s' });
    expect([...t.data.substrate]).toEqual([0.5, 1]);
    expect([...t.rowNumbers]).toEqual([5, 6]);
    expect(t.skippedRows).toEqual([1, 3, 4]);
    const units = parseTable('x\ty\n(s)\t(V)\n1\t2\n');
    expect(units.units).toEqual({ x: '(s)', y: '(V)' });
    expect(units.rowCount).toBe(1);
    // A label column is data, not units: the row holds numbers too.
    expect(parseTable('name,x\nann,1\nbob,2\n').rowCount).toBe(2);
    expect(errorOf(() => parseTable('# only\n# comments\n')).code).toBe('DATA_EMPTY');
  });
});
