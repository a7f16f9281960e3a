/**
 * NumPy's .npy format (version 1–3): a magic string, a Python-literal header
 * ({'descr': '<f8', 'fortran_order': False, 'shape': (100, 32), }) and the raw values.
 * Float32 stays Float32Array; other numeric types become Float64Array.
 */
import { FitbenchError } from '../../errors';
import type { FloatArray } from './batch-curves';

export interface NpyArray {
  shape: number[];
  data: FloatArray;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const bad = (message: string) => new FitbenchError('DATA_PARSE', `.npy file: ${message}`);

/** Parses one .npy file; DATA_PARSE names what is wrong (not .npy, unsupported type, truncated). */
export function readNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw bad('it does not start with \\x93NUMPY');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  if (headerStart + headerLength > bytes.length) throw bad('the header is cut off');
  const header = new TextDecoder('latin1').decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw bad(`unreadable header ${JSON.stringify(header.trim())}`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw bad(`bad shape (${shapeText})`);
  const size = shape.reduce((a, b) => a * b, 1);
  const type = TYPES[descr.replace(/^[|=]/, '<')];
  if (!type) throw bad(`values of type "${descr}" are not supported (use float32, float64 or integers)`);
  const start = headerStart + headerLength;
  if (bytes.length - start < size * type.bytes)
    throw bad(`it holds ${bytes.length - start} bytes of values, the shape needs ${size * type.bytes}`);
  const little = descr.startsWith('<') || descr.startsWith('|') || descr.startsWith('=');
  const data = type.float32 ? new Float32Array(size) : new Float64Array(size);
  for (let i = 0; i < size; i++) data[i] = type.read(view, start + i * type.bytes, little);
  return { shape, data: fortran === 'True' ? toRowMajor(data, shape) : data };
}

interface NpyType {
  bytes: number;
  float32: boolean;
  read: (view: DataView, offset: number, little: boolean) => number;
}

const TYPES: Record<string, NpyType> = {
  '<f4': { bytes: 4, float32: true, read: (v, o, l) => v.getFloat32(o, l) },
  '<f8': { bytes: 8, float32: false, read: (v, o, l) => v.getFloat64(o, l) },
  '>f4': { bytes: 4, float32: true, read: (v, o) => v.getFloat32(o, false) },
  '>f8': { bytes: 8, float32: false, read: (v, o) => v.getFloat64(o, false) },
  '<i1': { bytes: 1, float32: false, read: (v, o) => v.getInt8(o) },
  '<u1': { bytes: 1, float32: false, read: (v, o) => v.getUint8(o) },
  '<i2': { bytes: 2, float32: false, read: (v, o, l) => v.getInt16(o, l) },
  '<u2': { bytes: 2, float32: false, read: (v, o, l) => v.getUint16(o, l) },
  '<i4': { bytes: 4, float32: false, read: (v, o, l) => v.getInt32(o, l) },
  '<u4': { bytes: 4, float32: false, read: (v, o, l) => v.getUint32(o, l) },
  '<i8': { bytes: 8, float32: false, read: (v, o, l) => Number(v.getBigInt64(o, l)) },
  '<u8': { bytes: 8, float32: false, read: (v, o, l) => Number(v.getBigUint64(o, l)) },
};

/** Column-major (Fortran) values in row-major order. */
function toRowMajor(data: FloatArray, shape: number[]): FloatArray {
  const out = data instanceof Float32Array ? new Float32Array(data.length) : new Float64Array(data.length);
  const d = shape.length;
  const index = new Array<number>(d).fill(0);
  for (let f = 0; f < data.length; f++) {
    let r = 0;
    for (let k = 0; k < d; k++) r = r * shape[k] + index[k];
    out[r] = data[f];
    for (let k = 0; k < d; k++) {
      if (++index[k] < shape[k]) break;
      index[k] = 0;
    }
  }
  return out;
}

/** Writes a row-major .npy (version 1), float32 or float64 by the array's type. */
export function writeNpy(data: FloatArray, shape: number[]): Uint8Array {
  const descr = data instanceof Float32Array ? '<f4' : '<f8';
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const body = new DataView(out.buffer, 10 + header.length);
  const step = data instanceof Float32Array ? 4 : 8;
  for (let i = 0; i < data.length; i++)
    if (step === 4) body.setFloat32(i * 4, data[i], true);
    else body.setFloat64(i * 8, data[i], true);
  return out;
}
