import { describe, expect, it } from 'vitest';
import { getStorageEstimate, isStoragePersisted, requestPersistentStorage } from './storage-estimate';

describe('navigator.storage wrappers', () => {
  it('return null where the API is missing', async () => {
    expect(await requestPersistentStorage(undefined)).toBeNull();
    expect(await isStoragePersisted({})).toBeNull();
    expect(await getStorageEstimate({})).toBeNull();
  });

  it('pass through the browser answers', async () => {
    const storage = {
      persist: async () => true,
      persisted: async () => false,
      estimate: async () => ({ usage: 250, quota: 1000 }),
    };
    expect(await requestPersistentStorage(storage)).toBe(true);
    expect(await isStoragePersisted(storage)).toBe(false);
    expect(await getStorageEstimate(storage)).toEqual({ usage: 250, quota: 1000, usageRatio: 0.25 });
  });

  it('return null when the browser throws or answers partially', async () => {
    const failing = {
      persist: async () => {
        throw new DOMException('denied', 'NotAllowedError');
      },
      persisted: () => Promise.reject(new Error('x')),
      estimate: async () => ({ usage: 1 }),
    };
    expect(await requestPersistentStorage(failing)).toBeNull();
    expect(await isStoragePersisted(failing)).toBeNull();
    expect(await getStorageEstimate(failing)).toBeNull();
    expect(await getStorageEstimate({ estimate: async () => ({ usage: 0, quota: 0 }) })).toEqual({
      usage: 0,
      quota: 0,
      usageRatio: 0,
    });
  });

  it('default to navigator.storage and survive its absence in Node', async () => {
    expect(await getStorageEstimate()).toSatisfy((v) => v === null || typeof v === 'object');
  });
});
