/**
 * Curves in Apache Arrow IPC (file or stream format, as pyarrow, pandas, polars and DuckDB
 * write them). Two layouts are read:
 * - one row per curve: a list column `y` (FixedSizeList or List of float32/float64), an
 *   optional list column `x` (one x per curve) or a shared x in the schema metadata key `x`
 *   (a JSON array), an optional list column `sigma` (one sigma per point of each curve),
 *   optional float columns `p0_<parameter>` (start values per curve), optional integer
 *   columns `row`/`col` (grid coordinates) and an optional `label`/`id` column;
 * - one column per curve: a float column `x` (or the first float column) and every other
 *   float column a curve, named by its column (the CSV "columns" layout).
 * Float32 columns stay Float32Array.
 */
import {
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Schema,
  Table,
  makeData,
  makeVector,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  Utf8,
  type Data,
  type Vector,
} from 'apache-arrow';
import { FitbenchError } from '../../errors';
import { checkBatchCurves, packRows, type BatchCurves, type CurveStarts, type FloatArray } from './batch-curves';

const bad = (message: string) => new FitbenchError('DATA_PARSE', `Arrow file: ${message}`);

/** Reads curves from Arrow IPC bytes; DATA_PARSE names what does not fit either layout. */
export function curvesFromArrow(bytes: Uint8Array): BatchCurves {
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (error) {
    throw bad(`not Arrow IPC (${error instanceof Error ? error.message : String(error)})`);
  }
  if (table.numRows === 0) throw new FitbenchError('DATA_EMPTY', 'the Arrow file has no rows');
  const yColumn = table.getChild('y');
  if (yColumn && isList(yColumn.type)) return rowsLayout(table, yColumn);
  return columnsLayout(table);
}

function isList(type: unknown): boolean {
  const id = (type as { typeId?: number }).typeId;
  return id === 12 || id === 16; // List, FixedSizeList
}

/** Columns named p0_<parameter> hold per-curve start values. */
const P0_PREFIX = 'p0_';

function isInt(type: unknown): boolean {
  return (type as { typeId?: number }).typeId === 2;
}

function isFloat(type: unknown): boolean {
  return (type as { typeId?: number }).typeId === 3; // Float (16/32/64)
}

function rowsLayout(table: Table, yColumn: Vector): BatchCurves {
  const count = table.numRows;
  const y = listValues(yColumn, 'y');
  const points = y.points;
  let x: FloatArray;
  let xPerCurve = false;
  const xColumn = table.getChild('x');
  if (xColumn && isList(xColumn.type)) {
    const values = listValues(xColumn, 'x');
    if (values.points !== points) throw bad(`x lists hold ${values.points} values, y lists ${points}`);
    x = values.values;
    xPerCurve = true;
  } else {
    const meta = table.schema.metadata.get('x');
    if (meta !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(meta);
      } catch {
        throw bad('the schema metadata "x" is not a JSON array of numbers');
      }
      if (!Array.isArray(parsed) || parsed.some((v) => typeof v !== 'number'))
        throw bad('the schema metadata "x" is not a JSON array of numbers');
      if (parsed.length !== points) throw bad(`the shared x holds ${parsed.length} values, each y list ${points}`);
      x = Float64Array.from(parsed as number[]);
    } else x = Float64Array.from({ length: points }, (_, i) => i);
  }
  const rows = table.getChild('row');
  const cols = table.getChild('col') ?? table.getChild('column');
  const grid =
    rows && cols
      ? {
          rows: Int32Array.from(rows.toArray() as ArrayLike<number>),
          cols: Int32Array.from(cols.toArray() as ArrayLike<number>),
        }
      : undefined;
  const labelColumn = table.getChild('label') ?? table.getChild('id');
  const labels = labelColumn ? Array.from(labelColumn.toArray() as ArrayLike<unknown>, (v) => String(v)) : undefined;
  let sigma: FloatArray | undefined;
  const sigmaColumn = table.getChild('sigma');
  if (sigmaColumn) {
    if (!isList(sigmaColumn.type)) throw bad('column "sigma" must hold one list of sigma values per curve, like y');
    const values = listValues(sigmaColumn, 'sigma');
    if (values.points !== points) throw bad(`sigma lists hold ${values.points} values, y lists ${points}`);
    sigma = values.values;
  }
  const p0Names = table.schema.fields.filter((f) => f.name.startsWith(P0_PREFIX)).map((f) => f.name);
  let p0: CurveStarts | undefined;
  if (p0Names.length > 0) {
    const values = new Float64Array(count * p0Names.length);
    p0Names.forEach((name, i) => {
      const field = table.schema.fields.find((f) => f.name === name);
      if (!isFloat(field?.type) && !isInt(field?.type))
        throw bad(`column "${name}" must hold numbers (a start value per curve)`);
      const column = nonNullFloats(table.getChild(name) as Vector, name);
      for (let j = 0; j < count; j++) values[j * p0Names.length + i] = column[j];
    });
    p0 = { names: p0Names.map((n) => n.slice(P0_PREFIX.length)), values };
  }
  return checkBatchCurves({
    count,
    points,
    x,
    xPerCurve,
    y: y.values,
    ...(sigma ? { sigma } : {}),
    ...(p0 ? { p0 } : {}),
    labels,
    grid,
  });
}

/** All lists of a list column packed row-major; every list must have the same length. */
function listValues(column: Vector, name: string): { values: FloatArray; points: number } {
  const type = column.type as { typeId: number; listSize?: number; children: Field[] };
  const childType = type.children[0].type;
  if (!isFloat(childType)) throw bad(`column "${name}" must hold lists of float32 or float64`);
  const f32 = (childType as Float32).precision === 1;
  let points = -1;
  const count = column.length;
  let out: FloatArray | null = null;
  let row = 0;
  for (const chunk of column.data as Data[]) {
    const child = chunk.children[0];
    const childValues = child.values as FloatArray;
    for (let r = 0; r < chunk.length; r++, row++) {
      let start: number;
      let end: number;
      if (type.typeId === 16) {
        start = (chunk.offset + r) * (type.listSize as number);
        end = start + (type.listSize as number);
      } else {
        const offsets = chunk.valueOffsets as Int32Array;
        start = offsets[chunk.offset + r];
        end = offsets[chunk.offset + r + 1];
      }
      const length = end - start;
      if (points < 0) {
        points = length;
        out = f32 ? new Float32Array(count * points) : new Float64Array(count * points);
      } else if (length !== points)
        throw new FitbenchError(
          'DATA_LENGTH_MISMATCH',
          `Arrow file: the ${name} list of row ${row} has ${length} values, row 0 has ${points}: a batch needs curves of one length`,
          { curve: row },
        );
      const target = out as FloatArray;
      if (!chunk.getValid(r)) target.fill(Number.NaN, row * points, (row + 1) * points);
      else target.set(childValues.subarray(child.offset + start, child.offset + end), row * points);
    }
  }
  return { values: out ?? new Float64Array(0), points: Math.max(points, 0) };
}

function columnsLayout(table: Table): BatchCurves {
  const floats = table.schema.fields.filter((f) => isFloat(f.type)).map((f) => f.name);
  const xName = floats.includes('x') ? 'x' : floats[0];
  if (xName === undefined)
    throw bad('no float column: expected a list column "y" (one row per curve) or float columns x, curve1, curve2, …');
  const names = floats.filter((n) => n !== xName);
  if (names.length === 0)
    throw bad(`only the x column "${xName}" is a float column: a batch needs one column per curve`);
  const column = (name: string) => nonNullFloats(table.getChild(name) as Vector, name);
  const { values, points } = packRows(names.map(column), 'column');
  return checkBatchCurves({
    count: names.length,
    points,
    x: column(xName),
    xPerCurve: false,
    y: values,
    labels: names,
  });
}

function nonNullFloats(vector: Vector, name: string): Float64Array {
  const out = new Float64Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const v = vector.get(i) as number | null;
    if (v === null) throw new FitbenchError('DATA_NONFINITE', `Arrow file: column "${name}" row ${i} is null`);
    out[i] = v;
  }
  return out;
}

/** Writes curves as Arrow IPC (file format), one row per curve: the layout curvesFromArrow reads first. */
export function curvesToArrow(curves: BatchCurves): Uint8Array {
  const columns: Record<string, Vector> = {
    y: listVector(curves.y, curves.count, curves.points),
  };
  if (curves.xPerCurve) columns.x = listVector(curves.x, curves.count, curves.points);
  if (curves.sigma) columns.sigma = listVector(curves.sigma, curves.count, curves.points);
  if (curves.p0) {
    const { names, values } = curves.p0;
    names.forEach(
      (name, i) =>
        (columns[`${P0_PREFIX}${name}`] = makeVector(
          Float64Array.from({ length: curves.count }, (_, j) => values[j * names.length + i]),
        )),
    );
  }
  if (curves.grid) {
    columns.row = makeVector(curves.grid.rows);
    columns.col = makeVector(curves.grid.cols);
  }
  if (curves.labels) columns.label = vectorFromArray(curves.labels, new Utf8());
  const table = new Table(columns);
  const metadata = new Map(table.schema.metadata);
  if (!curves.xPerCurve) metadata.set('x', JSON.stringify(Array.from(curves.x)));
  const withMeta = new Table(new Schema(table.schema.fields, metadata), table.batches);
  return tableToIPC(withMeta, 'file');
}

function listVector(values: FloatArray, count: number, size: number): Vector {
  const floatType = values instanceof Float32Array ? new Float32() : new Float64();
  const child = makeData({ type: floatType, length: values.length, data: values });
  const type = new FixedSizeList(size, new Field('item', floatType, false));
  return makeVector(makeData({ type, length: count, child }));
}
