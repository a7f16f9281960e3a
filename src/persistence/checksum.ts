/**
 * Checksums over a canonical encoding of plain data (what a checkpoint holds).
 *
 * Algorithm: 64-bit FNV-1a (offset basis 0xcbf29ce484222325, prime 0x100000001b3) fed a
 * canonical byte stream, written as `fnv1a64:<16 hex digits>`. It is synchronous, so it
 * runs inside an IndexedDB transaction without letting it commit (crypto.subtle is async
 * and missing outside secure contexts), and it detects the torn or flipped records we
 * guard against; it is not meant to resist tampering.
 *
 * Canonical stream: each value starts with a one-byte tag, then
 *   number   → its IEEE-754 bits, big-endian (every NaN as 0x7ff8000000000000; -0 kept);
 *   string   → length (as a number) then UTF-16 code units, big-endian;
 *   boolean, null, undefined → the tag alone;
 *   array / typed array → the typed array's name (typed arrays only), length, elements;
 *   object   → key count, then (key, value) pairs in sorted key order, undefined values
 *              skipped as structured clone keeps them but JSON would not.
 */

export const CHECKSUM_ALGORITHM = 'fnv1a64';

const TAG = { undefined: 0, null: 1, false: 2, true: 3, number: 4, string: 5, array: 6, typed: 7, object: 8 } as const;

type TypedArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint8ClampedArray
  | Uint16Array
  | Uint32Array;

/** Incremental 64-bit FNV-1a over 16-bit limbs (exact in double arithmetic, no BigInt). */
class Fnv1a64 {
  private h0 = 0x2325;
  private h1 = 0x8422;
  private h2 = 0x9ce4;
  private h3 = 0xcbf2;
  private readonly view = new DataView(new ArrayBuffer(8));

  byte(b: number): void {
    this.h0 ^= b & 0xff;
    // h · (2^40 + 0x1b3): the 0x1b3 part limb by limb, the 2^40 part as a shift by 2.5 limbs.
    let t0 = this.h0 * 0x1b3;
    let t1 = this.h1 * 0x1b3;
    let t2 = this.h2 * 0x1b3;
    let t3 = this.h3 * 0x1b3;
    t2 += this.h0 << 8;
    t3 += this.h1 << 8;
    t1 += t0 >>> 16;
    t0 &= 0xffff;
    t2 += t1 >>> 16;
    t1 &= 0xffff;
    t3 = (t3 + (t2 >>> 16)) & 0xffff;
    t2 &= 0xffff;
    this.h0 = t0;
    this.h1 = t1;
    this.h2 = t2;
    this.h3 = t3;
  }

  bytes(data: Uint8Array): void {
    for (let i = 0; i < data.length; i++) this.byte(data[i]);
  }

  float64(x: number): void {
    this.view.setFloat64(0, Number.isNaN(x) ? NaN : x, false);
    for (let i = 0; i < 8; i++) this.byte(this.view.getUint8(i));
  }

  string(s: string): void {
    this.float64(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      this.byte(c >>> 8);
      this.byte(c);
    }
  }

  hex(): string {
    return [this.h3, this.h2, this.h1, this.h0].map((l) => l.toString(16).padStart(4, '0')).join('');
  }
}

/** FNV-1a 64 of raw bytes, 16 hex digits (exported for its test vectors). */
export function fnv1a64Hex(data: Uint8Array): string {
  const h = new Fnv1a64();
  h.bytes(data);
  return h.hex();
}

/** `fnv1a64:<hex>` over the canonical encoding of `value` (plain data, see module comment). */
export function checksumOf(value: unknown): string {
  const h = new Fnv1a64();
  feed(h, value, 0);
  return `${CHECKSUM_ALGORITHM}:${h.hex()}`;
}

const MAX_DEPTH = 32;

function feed(h: Fnv1a64, value: unknown, depth: number): void {
  if (depth > MAX_DEPTH) throw new TypeError('checksum: value nested too deeply');
  if (value === undefined) return h.byte(TAG.undefined);
  if (value === null) return h.byte(TAG.null);
  switch (typeof value) {
    case 'boolean':
      return h.byte(value ? TAG.true : TAG.false);
    case 'number':
      h.byte(TAG.number);
      return h.float64(value);
    case 'string':
      h.byte(TAG.string);
      return h.string(value);
    case 'object':
      break;
    default:
      throw new TypeError(`checksum: cannot encode a ${typeof value}`);
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const arr = value as TypedArray;
    h.byte(TAG.typed);
    h.string(arr.constructor.name);
    h.float64(arr.length);
    for (let i = 0; i < arr.length; i++) h.float64(arr[i]);
    return;
  }
  if (Array.isArray(value)) {
    h.byte(TAG.array);
    h.float64(value.length);
    for (const item of value) feed(h, item, depth + 1);
    return;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  h.byte(TAG.object);
  h.float64(keys.length);
  for (const k of keys) {
    h.string(k);
    feed(h, obj[k], depth + 1);
  }
}
