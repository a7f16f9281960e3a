import { describe, expect, it } from 'vitest';
import { parseTable } from '../data';
import { csvLines, csvNumberCell, csvTextCell, sanitizeFileName } from './csv-cells';

describe('CSV cells (OWASP CSV injection rule)', () => {
  it('prefixes cells that would start a formula, and quotes where needed', () => {
    expect(csvTextCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvTextCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvTextCell('+cmd')).toBe("'+cmd");
    expect(csvTextCell('-2+3')).toBe("'-2+3");
    expect(csvTextCell('\tTAB')).toBe(`"'\tTAB"`);
    expect(csvTextCell('\rCR')).toBe(`"'\rCR"`);
    // Plain names and numbers written as labels stay as they are.
    expect(csvTextCell('signal')).toBe('signal');
    expect(csvTextCell('-3.5')).toBe('-3.5');
    expect(csvTextCell('a,b')).toBe('"a,b"');
    expect(csvNumberCell(-1.5)).toBe('-1.5');
    expect(csvNumberCell(Number.NaN)).toBe('NaN');
    expect(csvNumberCell(-Infinity)).toBe('-Infinity');
  });

  it('round-trips through the CSV parser with the escaped text intact', () => {
    const text = csvLines([
      ['name', 'value'],
      [csvTextCell('=1+1'), csvNumberCell(-2)],
      [csvTextCell('x,"y"'), csvNumberCell(3)],
    ]);
    const table = parseTable(text);
    expect(Array.from(table.data.value)).toEqual([-2, 3]);
    expect(table.textCells.name.value).toBe("'=1+1");
  });
});

describe('sanitizeFileName', () => {
  it('removes path separators, control and reserved characters and device names', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(sanitizeFileName('a<b>:c"d|e?f*g\u0000h.csv')).toBe('a_b_c_d_e_f_g_h.csv');
    expect(sanitizeFileName('CON.csv')).toBe('_CON.csv');
    expect(sanitizeFileName('  .hidden. ')).toBe('hidden');
    expect(sanitizeFileName('')).toBe('fitbench-export');
    expect(sanitizeFileName('x'.repeat(300))).toHaveLength(120);
  });
});
