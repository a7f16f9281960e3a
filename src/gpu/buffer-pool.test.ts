import { describe, expect, it } from 'vitest';
import { BufferPool, sizeClass, type BufferFactory } from './buffer-pool';

function fakeFactory(): BufferFactory & { destroyed: number } {
  const f = {
    destroyed: 0,
    createBuffer(d: GPUBufferDescriptor): GPUBuffer {
      return {
        size: d.size,
        usage: d.usage,
        label: d.label ?? '',
        destroy: () => f.destroyed++,
      } as unknown as GPUBuffer;
    },
  };
  return f;
}

describe('sizeClass', () => {
  it('rounds small sizes to powers of two (≥ 16) and large ones to whole MiB', () => {
    expect(sizeClass(1)).toBe(16);
    expect(sizeClass(17)).toBe(32);
    expect(sizeClass(1 << 20)).toBe(1 << 20);
    expect(sizeClass((1 << 20) + 1)).toBe(2 << 20);
    expect(sizeClass(40e6)).toBe(39 * (1 << 20));
  });
});

describe('BufferPool', () => {
  it('recycles a released buffer only after a submit, by size class and usage', () => {
    const pool = new BufferPool(fakeFactory());
    const a = pool.acquire(100, 0x80, 'a');
    pool.release(a);
    const b = pool.acquire(100, 0x80, 'b');
    expect(b).not.toBe(a); // still pending: commands may read it
    pool.onSubmitted();
    const c = pool.acquire(120, 0x80, 'c');
    expect(c).toBe(a);
    expect(c.label).toBe('c');
    const d = pool.acquire(100, 0x08, 'd');
    expect(d).not.toBe(a); // different usage
    expect(pool.stats().reuses).toBe(1);
  });

  it('counts bytes allocated, in use and free', () => {
    const f = fakeFactory();
    const pool = new BufferPool(f);
    const a = pool.acquire(1000, 1, 'a');
    pool.acquire(16, 1, 'b');
    expect(pool.stats()).toMatchObject({
      bytesAllocated: 1024 + 16,
      bytesInUse: 1024 + 16,
      bytesFree: 0,
      buffersCreated: 2,
    });
    pool.release(a);
    pool.release(a); // double release is ignored
    pool.onSubmitted();
    expect(pool.stats()).toMatchObject({ bytesInUse: 16, bytesFree: 1024 });
    pool.trim();
    expect(f.destroyed).toBe(1);
    expect(pool.stats()).toMatchObject({ bytesAllocated: 16, bytesFree: 0 });
  });

  it('discards a buffer at once and forgets everything on reset (device lost)', () => {
    const f = fakeFactory();
    const pool = new BufferPool(f);
    const a = pool.acquire(64, 1, 'a');
    pool.discard(a);
    expect(f.destroyed).toBe(1);
    expect(pool.stats().bytesAllocated).toBe(0);
    pool.acquire(64, 1, 'b');
    pool.reset(null);
    expect(pool.stats().bytesAllocated).toBe(0);
    expect(() => pool.acquire(64, 1, 'c')).toThrow(/no device/);
  });
});
