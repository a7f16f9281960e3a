import { describe, expect, it } from 'vitest';
import { checksumOf, fnv1a64Hex } from './checksum';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('fnv1a64Hex', () => {
  it('matches the published FNV-1a 64 test vectors', () => {
    expect(fnv1a64Hex(bytes(''))).toBe('cbf29ce484222325');
    expect(fnv1a64Hex(bytes('a'))).toBe('af63dc4c8601ec8c');
    expect(fnv1a64Hex(bytes('foobar'))).toBe('85944171f73967e8');
  });
});

describe('checksumOf', () => {
  it('does not depend on key order', () => {
    expect(checksumOf({ a: 1, b: [2, 3] })).toBe(checksumOf({ b: [2, 3], a: 1 }));
  });

  it('tells apart values JSON would confuse', () => {
    expect(checksumOf(0)).not.toBe(checksumOf(-0));
    expect(checksumOf([1, 2])).not.toBe(checksumOf(Float64Array.of(1, 2)));
    expect(checksumOf(Float64Array.of(1))).not.toBe(checksumOf(Float32Array.of(1)));
    expect(checksumOf(Infinity)).not.toBe(checksumOf(null));
    expect(checksumOf('1')).not.toBe(checksumOf(1));
  });

  it('treats every NaN alike and skips undefined fields', () => {
    const nan1 = new Float64Array(new BigUint64Array([0x7ff8000000000001n]).buffer)[0];
    expect(checksumOf(nan1)).toBe(checksumOf(NaN));
    expect(checksumOf({ a: 1, b: undefined })).toBe(checksumOf({ a: 1 }));
  });

  it('changes when one bit of a typed array changes', () => {
    const a = Float64Array.of(1.5, 2.5, 3.5);
    const before = checksumOf({ h: a });
    new Uint8Array(a.buffer)[9] ^= 1;
    expect(checksumOf({ h: a })).not.toBe(before);
  });

  it('refuses values it cannot encode', () => {
    expect(() => checksumOf({ f: () => 1 })).toThrow(/cannot encode a function/);
  });
});
