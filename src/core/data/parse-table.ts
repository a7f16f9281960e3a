/**
 * CSV/TSV/whitespace table parsing for fits: a header row, numeric columns as
 * Float64Arrays, and every problem reported as a FitbenchError naming the row (1-based line
 * numbers as an editor shows them, header = row 1) and the column.
 */
import Papa from 'papaparse';
import { FitbenchError } from '../errors';
import { detectDelimiter, type Delimiter } from './detect-delimiter';
import { numberHint, parseDecimalCommaCell, parseNumberCell } from './number-cell';
import { quoteNames } from './row-list';

export interface ParseTableOptions {
  /** Force a delimiter instead of detecting it. */
  delimiter?: Delimiter;
  /** Accept a header of numbers (a batch file with one curve per row has its x values there). */
  numericHeader?: boolean;
  /** Force the decimal mark instead of detecting it ('1,5' is 1.5 with ','). */
  decimal?: DecimalMark;
}

/** The decimal mark of the numbers in a table. */
export type DecimalMark = '.' | ',';

/** Lines starting with one of these (after spaces) are comments, skipped like blank lines. */
const COMMENT = /^\s*(#|%|\/\/)/;
/** Rows of text right after the header (units such as "s, mM, mM/s") skipped at most. */
const MAX_UNIT_ROWS = 3;

/** The first text cell of a column that is not (entirely) numeric. */
export interface TextCell {
  /** File row (1-based, header = 1). */
  row: number;
  value: string;
  /** How many cells of the column are text. */
  count: number;
}

export interface DataTable {
  /** Every header name, in file order. */
  columns: string[];
  /** Numeric columns (NaN for empty cells and `nan`, ±Infinity for `inf`). */
  data: Record<string, Float64Array>;
  rowCount: number;
  /** Columns holding text (labels) or a mix of numbers and text, in file order. */
  nonNumericColumns: string[];
  /** First text cell of each non-numeric column. */
  textCells: Record<string, TextCell>;
  /** Columns that are mostly numbers with a few text cells: probably typos. */
  mixedColumns: string[];
  /** File row number (1-based, header = 1) of each data row. */
  rowNumbers: Uint32Array;
  delimiter: Delimiter;
  /** The decimal mark numbers were read with. */
  decimal: DecimalMark;
  /** Units (or other text) of each column from a text row right under the header; {} when none. */
  units: Record<string, string>;
  /** File rows skipped as units or comments (blank lines are not listed). */
  skippedRows: number[];
}

interface RawRecord {
  fields: string[];
  line: number;
}

/** Parses a table with a header row. Throws DATA_EMPTY, DATA_PARSE or DATA_NO_NUMERIC_COLUMN. */
export function parseTable(text: string, options: ParseTableOptions = {}): DataTable {
  if (typeof text !== 'string') throw new FitbenchError('DATA_PARSE', `the data must be text, got ${typeof text}`);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '')
    throw new FitbenchError('DATA_EMPTY', 'the data is empty: expected a header row and at least one data row');
  const skippedRows: number[] = [];
  // Comment lines become blank lines: the line numbers of the rows after them stay right.
  const lines = body.split(/\r\n|\n|\r/);
  lines.forEach((line, i) => {
    if (COMMENT.test(line)) {
      skippedRows.push(i + 1);
      lines[i] = '';
    }
  });
  const uncommented = skippedRows.length > 0 ? lines.join('\n') : body;
  if (uncommented.trim() === '') throw new FitbenchError('DATA_EMPTY', 'the data is empty: every line is a comment');
  const delimiter = options.delimiter ?? detectDelimiter(uncommented);
  const records = delimiter === 'whitespace' ? splitWhitespace(uncommented) : splitDelimited(uncommented, delimiter);
  if (records.length === 0)
    throw new FitbenchError('DATA_EMPTY', 'the data is empty: every line is blank or holds only delimiters');
  const [header, ...all] = records;
  // In a comma-separated file a comma is never a decimal mark (a quoted "1,5" is reported instead).
  const decimal = options.decimal ?? (delimiter === ',' ? '.' : detectDecimalMark(all));
  const columns = headerNames(header, all, options.numericHeader === true, decimal);
  const { rows, units, unitLines } = splitUnitRows(all, columns, decimal);
  if (rows.length === 0) {
    throw new FitbenchError('DATA_EMPTY', `the data has a header (${quoteNames(columns)}) but no data rows`);
  }
  checkRowLengths(rows, columns.length);
  const table = buildColumns(columns, rows, delimiter, decimal, options.decimal !== undefined);
  table.units = units;
  table.skippedRows = [...skippedRows, ...unitLines].sort((a, b) => a - b);
  return table;
}

const COMMA_NUMBER = /^[+-]?(?:\d+,\d*|,\d+)(?:[eE][+-]?\d+)?$/;
const DOT_FRACTION = /^[+-]?\d*\.\d+(?:[eE][+-]?\d+)?$/;

/**
 * ',' when some cell is a number written with a decimal comma ("1,5") and no cell has a
 * decimal point with digits after it; '.' otherwise. For semicolon-, tab- and space-separated
 * tables (a comma-separated file reads '.').
 */
export function detectDecimalMark(rows: readonly { fields: string[] }[]): DecimalMark {
  let comma = false;
  const limit = Math.min(rows.length, 2000);
  for (let r = 0; r < limit; r++) {
    for (const f of rows[r].fields) {
      const t = f.trim();
      if (DOT_FRACTION.test(t)) return '.';
      if (!comma && COMMA_NUMBER.test(t)) comma = true;
    }
  }
  return comma ? ',' : '.';
}

function cellNumber(raw: string | undefined, decimal: DecimalMark): number | undefined {
  if (raw === undefined) return undefined;
  if (decimal === ',' && raw.includes(',')) {
    const t = raw.trim();
    return COMMA_NUMBER.test(t) ? parseNumberCell(t.replace(',', '.')) : undefined;
  }
  return parseNumberCell(raw);
}

/** Text-only rows right under the header (units, a second header line), set apart from the data. */
function splitUnitRows(
  rows: RawRecord[],
  columns: string[],
  decimal: DecimalMark,
): { rows: RawRecord[]; units: Record<string, string>; unitLines: number[] } {
  const units: Record<string, string> = {};
  const unitLines: number[] = [];
  let k = 0;
  while (k < Math.min(MAX_UNIT_ROWS, rows.length - 1)) {
    const cells = rows[k].fields.map((f) => f.trim());
    const textOnly =
      cells.some((c) => c !== '') && cells.every((c) => c === '' || cellNumber(c, decimal) === undefined);
    const numbersFollow = rows[k + 1].fields.some((f) => f.trim() !== '' && Number.isFinite(cellNumber(f, decimal)));
    if (!textOnly || !numbersFollow) break;
    if (unitLines.length === 0) columns.forEach((c, i) => (units[c] = cells[i] ?? ''));
    unitLines.push(rows[k].line);
    k++;
  }
  return { rows: k === 0 ? rows : rows.slice(k), units, unitLines };
}

function splitWhitespace(text: string): RawRecord[] {
  const out: RawRecord[] = [];
  text.split(/\r\n|\n|\r/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed !== '') out.push({ fields: trimmed.split(/\s+/).map(unquote), line: i + 1 });
  });
  return out;
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

function splitDelimited(text: string, delimiter: string): RawRecord[] {
  let result: Papa.ParseResult<string[]>;
  try {
    result = Papa.parse<string[]>(text, { delimiter, header: false, skipEmptyLines: false, dynamicTyping: false });
  } catch (e) {
    throw new FitbenchError(
      'DATA_PARSE',
      `the data could not be parsed: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const out: RawRecord[] = [];
  const lineOf: number[] = [];
  let line = 1;
  for (const fields of result.data) {
    lineOf.push(line);
    if (fields.some((f) => f.trim() !== '')) out.push({ fields, line });
    // A quoted field may span lines; keep counting so later rows get their editor line.
    for (const f of fields) line += countNewlines(f);
    line += 1;
  }
  const quoteError = result.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    const row = lineOf[quoteError.row ?? 0] ?? 1;
    throw new FitbenchError(
      'DATA_PARSE',
      `row ${row}: ${quoteError.message.toLowerCase()} (a '"' opens a field that never closes)`,
      { row },
    );
  }
  return out;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** Trimmed header names; trailing unnamed empty columns (a trailing delimiter) are dropped. */
function headerNames(header: RawRecord, rows: RawRecord[], numericHeader: boolean, decimal: DecimalMark): string[] {
  const names = header.fields.map((f) => f.trim());
  while (
    names.length > 1 &&
    names[names.length - 1] === '' &&
    rows.every((r) => (r.fields[names.length - 1] ?? '').trim() === '')
  ) {
    names.pop();
  }
  if (!numericHeader && names.length > 0 && names.every((n) => n !== '' && cellNumber(n, decimal) !== undefined)) {
    throw new FitbenchError(
      'DATA_PARSE',
      `row ${header.line} should be a header with column names, but it holds numbers (${names.slice(0, 5).join(', ')}): add a header row such as "x,y"`,
      { row: header.line },
    );
  }
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === '') {
      throw new FitbenchError('DATA_PARSE', `column ${i + 1} has no name in the header (row ${header.line})`, {
        row: header.line,
      });
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw new FitbenchError(
        'DATA_PARSE',
        `duplicate column name '${name}' in the header (columns ${first + 1} and ${i + 1})`,
        {
          row: header.line,
          column: name,
        },
      );
    }
    seen.set(name, i);
  });
  return names;
}

function checkRowLengths(rows: RawRecord[], width: number): void {
  for (const r of rows) {
    let n = r.fields.length;
    // Trailing empty fields (a trailing delimiter) are not data.
    while (n > width && r.fields[n - 1].trim() === '') n--;
    if (n !== width) {
      throw new FitbenchError(
        'DATA_PARSE',
        `row ${r.line} has ${n} field${n === 1 ? '' : 's'} but the header has ${width} column${width === 1 ? '' : 's'}: every row needs one value per column`,
        { row: r.line },
      );
    }
  }
}

function buildColumns(
  columns: string[],
  rows: RawRecord[],
  delimiter: Delimiter,
  decimal: DecimalMark,
  decimalChosen: boolean,
): DataTable {
  const n = rows.length;
  // Null prototypes: column names are data, and may be __proto__, constructor or toString.
  const data = Object.create(null) as Record<string, Float64Array>;
  const nonNumericColumns: string[] = [];
  const mixedColumns: string[] = [];
  const textCells = Object.create(null) as Record<string, TextCell>;
  const rowNumbers = Uint32Array.from(rows, (r) => r.line);
  const decimalComma = delimiter !== ',' && !decimalChosen;
  columns.forEach((name, c) => {
    const values = new Float64Array(n);
    let numbers = 0;
    let texts = 0;
    let first: TextCell | undefined;
    for (let i = 0; i < n; i++) {
      const raw = rows[i].fields[c];
      // A detected or chosen decimal comma reads every cell that way; otherwise a semicolon or tab
      // file still reads a stray decimal-comma cell (unless the user chose the point).
      const v =
        decimal === ','
          ? cellNumber(raw, decimal)
          : (parseNumberCell(raw) ?? (decimalComma ? parseDecimalCommaCell(raw) : undefined));
      if (v === undefined) {
        texts++;
        values[i] = NaN;
        first ??= { row: rows[i].line, value: raw.trim(), count: 0 };
      } else {
        values[i] = v;
        if (raw.trim() !== '') numbers++;
      }
    }
    if (texts === 0 && numbers > 0) {
      data[name] = values;
      return;
    }
    nonNumericColumns.push(name);
    if (first) textCells[name] = { ...first, count: texts };
    if (numbers > texts) mixedColumns.push(name);
  });
  if (Object.keys(data).length === 0) {
    const culprit = mixedColumns[0];
    if (culprit !== undefined) throw textCellError(culprit, textCells[culprit]);
    const hinted = columns.map((c) => textCells[c]).find((cell) => cell && numberHint(cell.value) !== '');
    const hint = hinted ? `; row ${hinted.row} holds '${hinted.value}'${numberHint(hinted.value)}` : '';
    throw new FitbenchError(
      'DATA_NO_NUMERIC_COLUMN',
      `no numeric column: ${columns.length === 1 ? 'the column' : 'columns'} ${quoteNames(columns)} hold${columns.length === 1 ? 's' : ''} text or nothing${hint}`,
    );
  }
  return {
    columns,
    data,
    rowCount: n,
    nonNumericColumns,
    textCells,
    mixedColumns,
    rowNumbers,
    delimiter,
    decimal,
    units: {},
    skippedRows: [],
  };
}

/** DATA_PARSE naming the first text cell of a column that should be numeric. */
export function textCellError(column: string, cell: TextCell | undefined): FitbenchError {
  if (!cell) return new FitbenchError('DATA_PARSE', `column '${column}' holds no numbers`, { column });
  const more = cell.count > 1 ? ` (${cell.count - 1} more text cell${cell.count > 2 ? 's' : ''} in this column)` : '';
  return new FitbenchError(
    'DATA_PARSE',
    `row ${cell.row}, column '${column}': '${cell.value}' is not a number${numberHint(cell.value)}${more}`,
    { row: cell.row, column },
  );
}
