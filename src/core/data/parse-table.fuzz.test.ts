import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FitbenchError } from '../errors';
import { parseTable } from './parse-table';
import { selectColumns } from './select-columns';

/** Runs `fn`; anything thrown must be a FitbenchError. */
function onlyFitbenchErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof FitbenchError)) throw e;
    expect(e.message.length).toBeGreaterThan(0);
  }
}

const csvish = fc
  .array(
    fc.oneof(
      fc.constantFrom(',', '\t', ';', ' ', '\n', '\r\n', '"', '\uFEFF', '.', 'e', '-', '+', 'nan', 'inf', 'x', 'y'),
      fc.integer({ min: -1000, max: 1000 }).map(String),
      fc.double().map(String),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('parseTable fuzz', () => {
  it('never throws anything but a FitbenchError on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        onlyFitbenchErrors(() => selectColumns(parseTable(text)));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws anything but a FitbenchError on CSV-like strings', () => {
    fc.assert(
      fc.property(csvish, fc.boolean(), (text, drop) => {
        onlyFitbenchErrors(() => selectColumns(parseTable(text), { dropNonFinite: drop }));
      }),
      { numRuns: 600 },
    );
  });

  it('round-trips numeric tables exactly (format → parse → same Float64 values)', () => {
    const value = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer().map((i) => i / 1000),
      fc.constantFrom(0, -0, 1e-300, -1.7976931348623157e308, 5e-324),
    );
    const format = fc.constantFrom<(v: number) => string>(
      (v) => String(v),
      (v) => v.toExponential(),
      (v) => (v >= 0 ? `+${v}` : String(v)),
    );
    const table = fc.integer({ min: 1, max: 4 }).chain((cols) =>
      fc.record({
        cols: fc.constant(cols),
        rows: fc.array(fc.array(value, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 20 }),
        delimiter: fc.constantFrom(',', '\t', ';', '   '),
        newline: fc.constantFrom('\n', '\r\n'),
        format,
        trailing: fc.constantFrom('', '\n', '\n\n\n'),
      }),
    );
    fc.assert(
      fc.property(table, ({ cols, rows, delimiter, newline, format, trailing }) => {
        const names = Array.from({ length: cols }, (_, c) => `col${c}`);
        const text =
          [names.join(delimiter), ...rows.map((r) => r.map(format).join(delimiter))].join(newline) + trailing;
        const t = parseTable(text);
        expect(t.columns).toEqual(names);
        expect(t.rowCount).toBe(rows.length);
        names.forEach((name, c) => {
          const got = Array.from(t.data[name]);
          // Object.is keeps -0 distinct from 0.
          got.forEach((v, i) => expect(Object.is(v, rows[i][c]) || v === rows[i][c]).toBe(true));
        });
      }),
      { numRuns: 300 },
    );
  });
});
