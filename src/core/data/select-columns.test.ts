import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test-support/fitbench-error-of';
import { parseTable } from './parse-table';
import { selectColumns } from './select-columns';

const TABLE = 'label,t,signal,err\na,0,10,1\nb,1,8,0.5\nc,2,6.5,0.5\nd,3,5,0.25\n';

describe('selectColumns', () => {
  it('picks named columns', () => {
    const d = selectColumns(parseTable(TABLE), { x: 't', y: 'signal', sigma: 'err' });
    expect(d.predictorNames).toEqual(['t']);
    expect(Array.from(d.predictors.t)).toEqual([0, 1, 2, 3]);
    expect(Array.from(d.y)).toEqual([10, 8, 6.5, 5]);
    expect(Array.from(d.sigma!)).toEqual([1, 0.5, 0.5, 0.25]);
    expect(Array.from(d.sourceRows)).toEqual([2, 3, 4, 5]);
    expect(d.droppedRows).toEqual([]);
  });

  it('defaults to the first two numeric columns, skipping labels', () => {
    const d = selectColumns(parseTable(TABLE));
    expect(d.predictorNames).toEqual(['t']);
    expect(Array.from(d.y)).toEqual([10, 8, 6.5, 5]);
    const y = selectColumns(parseTable(TABLE), { y: 't' });
    expect(y.predictorNames).toEqual(['signal']);
  });

  it('takes several predictors', () => {
    const d = selectColumns(parseTable('x1,x2,y\n1,2,3\n4,5,6\n'), { x: ['x1', 'x2'], y: 'y' });
    expect(d.predictorNames).toEqual(['x1', 'x2']);
    expect(Array.from(d.predictors.x2)).toEqual([2, 5]);
  });

  it('names a missing column and lists the available ones (DATA_COLUMN_MISSING)', () => {
    const e = errorOf(() => selectColumns(parseTable(TABLE), { x: 'time', y: 'signal' }));
    expect(e.code).toBe('DATA_COLUMN_MISSING');
    expect(e.message).toBe("column 'time' not found; available columns: 'label', 't', 'signal' and 'err'");
    expect(e.context.column).toBe('time');
    expect(errorOf(() => selectColumns(parseTable(TABLE), { x: [], y: 'signal' })).code).toBe('DATA_COLUMN_MISSING');
  });

  it('refuses a text column as data (DATA_PARSE with row and column)', () => {
    const e = errorOf(() => selectColumns(parseTable(TABLE), { x: 'label', y: 'signal' }));
    expect(e.code).toBe('DATA_PARSE');
    expect(e.message).toBe("row 2, column 'label': 'a' is not a number (3 more text cells in this column)");
    expect(e.context).toMatchObject({ row: 2, column: 'label' });
  });

  it('reports a typo in a default column instead of skipping it', () => {
    const e = errorOf(() => selectColumns(parseTable('x,y\n1,2\n2,3\n3,x4\n4,5\n')));
    expect(e.message).toBe("row 4, column 'y': 'x4' is not a number");
  });

  it('needs two numeric columns when none are named', () => {
    const e = errorOf(() => selectColumns(parseTable('name,y\na,1\nb,2\n')));
    expect(e.code).toBe('DATA_NO_NUMERIC_COLUMN');
    expect(e.message).toMatch(/no numeric column left for y/);
  });

  it('rejects NaN/Inf with file row numbers, at most 10 listed (DATA_NONFINITE)', () => {
    const rows = Array.from({ length: 15 }, (_, i) => `${i},${i % 1 === 0 ? 'nan' : i}`).join('\n');
    const e = errorOf(() => selectColumns(parseTable(`x,y\n${rows}\n`)));
    expect(e.code).toBe('DATA_NONFINITE');
    expect(e.message).toBe(
      "NaN, Infinity or empty values in column 'y' at rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 …and 5 more: remove them, or drop those rows (the workbench's “Drop rows with missing values”, the CLI's --drop-nonfinite)",
    );
    expect(e.context).toMatchObject({ count: 15, columns: ['y'] });
    const one = errorOf(() => selectColumns(parseTable('x,y\n1,2\ninf,3\n4,\n')));
    expect(one.message).toMatch(/in columns 'x' and 'y' at rows 3, 4:/);
  });

  it('drops non-finite rows on request and says which', () => {
    const d = selectColumns(parseTable('x,y,s\n1,2,1\n2,nan,1\n3,4,inf\n4,5,1\n'), {
      x: 'x',
      y: 'y',
      sigma: 's',
      dropNonFinite: true,
    });
    expect(Array.from(d.y)).toEqual([2, 5]);
    expect(Array.from(d.sigma!)).toEqual([1, 1]);
    // NaN is dropped; an infinite sigma is a point of zero weight, left out and listed apart.
    expect(d.droppedRows).toEqual([3]);
    expect(d.zeroWeightRows).toEqual([4]);
    expect(Array.from(d.sourceRows)).toEqual([2, 5]);
  });

  it('rejects sigma ≤ 0 or non-finite (SIGMA_INVALID)', () => {
    const e = errorOf(() =>
      selectColumns(parseTable('x,y,s\n1,2,1\n2,3,0\n3,4,-1\n4,5,-inf\n5,6,inf\n'), { sigma: 's' }),
    );
    expect(e.code).toBe('SIGMA_INVALID');
    // +Infinity is zero weight (not an error); -Infinity is not a standard deviation.
    expect(e.message).toBe("sigma ('s') must be positive and finite: 0 at row 3, -1 at row 4, -Infinity at row 5");
    // Dropping removes only the non-finite sigma; a zero is still an error.
    const z = errorOf(() => selectColumns(parseTable('x,y,s\n1,2,1\n2,3,0\n'), { sigma: 's', dropNonFinite: true }));
    expect(z.code).toBe('SIGMA_INVALID');
  });

  it('rejects fewer points than free parameters (DATA_TOO_FEW_POINTS)', () => {
    const e = errorOf(() => selectColumns(parseTable('x,y\n1,2\n2,3\n'), { numFreeParams: 3 }));
    expect(e.code).toBe('DATA_TOO_FEW_POINTS');
    expect(e.message).toBe(
      '2 data points but 3 free parameters: a fit needs at least as many points as free parameters; add data or fix parameters',
    );
    expect(selectColumns(parseTable('x,y\n1,2\n2,3\n'), { numFreeParams: 2 }).y.length).toBe(2);
  });

  it('says when dropping leaves nothing (DATA_EMPTY)', () => {
    const e = errorOf(() => selectColumns(parseTable('x,y\n1,nan\n2,inf\n'), { dropNonFinite: true }));
    expect(e.code).toBe('DATA_EMPTY');
    expect(e.message).toMatch(/all 2 held NaN or Infinity/);
  });
});
