import { describe, expect, it } from 'vitest';
import { derivedRecord, derivedRowErrors } from './derived-rows';

describe('derived rows', () => {
  const params = ['a', 'mu', 's'];

  it('accepts expressions of the parameters and constants; blank rows are left out', () => {
    const rows = [
      { name: 'fwhm', expr: '2.3548*s' },
      { name: '', expr: '' },
      { name: 'half', expr: 'ln(2)*a + pi' },
    ];
    expect(derivedRowErrors(rows, params, ['x'])).toEqual([null, null, null]);
    expect(derivedRecord(rows)).toEqual({ fwhm: '2.3548*s', half: 'ln(2)*a + pi' });
    expect(derivedRecord([{ name: ' ', expr: '' }])).toBeUndefined();
  });

  it('names the field at fault: bad or taken names, unknown names, data columns, syntax', () => {
    const errors = derivedRowErrors(
      [
        { name: '2x', expr: 'a' },
        { name: 'mu', expr: 'a' },
        { name: 'w', expr: 'b*2' },
        { name: 'w', expr: 'x*a' },
        { name: 'v', expr: 'a*(' },
        { name: '', expr: 'a' },
        { name: 'q', expr: '' },
      ],
      params,
      ['x'],
    );
    expect(errors[0]?.name).toMatch(/not a valid name/);
    expect(errors[1]?.name).toMatch(/parameter of the model/);
    expect(errors[2]).toEqual({
      expr: expect.stringMatching(/'b' is not a parameter of the model \(parameters: a, mu, s\)/),
    });
    expect(errors[3]?.name).toMatch(/defined twice/);
    expect(errors[3]?.expr).toMatch(/'x' is a data column/);
    expect(errors[4]?.expr).toBeTruthy();
    expect(errors[5]?.name).toMatch(/Name the quantity/);
    expect(errors[6]?.expr).toMatch(/Type an expression/);
  });

  it('without a model, names read by an expression are not checked yet', () => {
    expect(derivedRowErrors([{ name: 'w', expr: 'b*2' }], null, [])).toEqual([null]);
  });
});
