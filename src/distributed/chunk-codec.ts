/**
 * Typed arrays through Redis: the raw bytes as base64 (bit-exact, float32 stays float32),
 * with a SHA-256 over every part so a worker can tell a damaged chunk from bad data.
 */
import { createHash } from 'node:crypto';
import { FitbenchError } from '../core/errors';

export type Dtype = 'f4' | 'f8' | 'u8' | 'u32' | 'i32';

export interface EncodedArray {
  dtype: Dtype;
  base64: string;
}

type Typed = Float32Array | Float64Array | Uint8Array | Uint32Array | Int32Array;

const CONSTRUCTORS = {
  f4: Float32Array,
  f8: Float64Array,
  u8: Uint8Array,
  u32: Uint32Array,
  i32: Int32Array,
} as const;

function dtypeOf(array: Typed): Dtype {
  if (array instanceof Float32Array) return 'f4';
  if (array instanceof Float64Array) return 'f8';
  if (array instanceof Uint8Array) return 'u8';
  if (array instanceof Uint32Array) return 'u32';
  return 'i32';
}

function bytesOf(array: Typed): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

export function encodeArray(array: Typed): EncodedArray {
  return { dtype: dtypeOf(array), base64: bytesOf(array).toString('base64') };
}

/** The array back (a fresh, aligned copy); CHUNK_CORRUPT when the bytes cannot be that type. */
export function decodeArray<D extends Dtype>(
  encoded: EncodedArray & { dtype: D },
): InstanceType<(typeof CONSTRUCTORS)[D]>;
export function decodeArray(encoded: EncodedArray): Typed {
  const Ctor = CONSTRUCTORS[encoded?.dtype];
  if (!Ctor || typeof encoded.base64 !== 'string')
    throw new FitbenchError('CHUNK_CORRUPT', `an array of the chunk has no known type ("${String(encoded?.dtype)}")`);
  const bytes = Buffer.from(encoded.base64, 'base64');
  if (bytes.length % Ctor.BYTES_PER_ELEMENT !== 0)
    throw new FitbenchError('CHUNK_CORRUPT', `${bytes.length} bytes cannot hold ${encoded.dtype} values`);
  const out = new Ctor(bytes.length / Ctor.BYTES_PER_ELEMENT);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** SHA-256 (hex) over text and arrays, in order: chunk checksums and batch ids. */
export function digest(parts: readonly (string | Typed | EncodedArray)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    if (typeof part === 'string') hash.update(`s${part.length}:`).update(part);
    else if ('base64' in part) hash.update(`${part.dtype}:`).update(Buffer.from(part.base64, 'base64'));
    else hash.update(`${dtypeOf(part)}:`).update(bytesOf(part));
  }
  return hash.digest('hex');
}
