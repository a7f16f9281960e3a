/**
 * navigator.storage wrappers. They return null instead of throwing where the API is
 * missing (older browsers, insecure contexts, workers lack persist()) or refuses.
 */

/** The part of StorageManager used here (persist() exists on Window only). */
export interface StorageManagerLike {
  persist?: () => Promise<boolean>;
  persisted?: () => Promise<boolean>;
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
}

export interface StorageEstimateInfo {
  /** Bytes used by this origin. */
  usage: number;
  /** Bytes the origin may use. */
  quota: number;
  /** usage / quota (0 when quota is 0). */
  usageRatio: number;
}

function defaultStorage(): StorageManagerLike | undefined {
  return (globalThis as { navigator?: { storage?: StorageManagerLike } }).navigator?.storage;
}

/**
 * Asks the browser not to evict this origin's data. True if granted, false if refused,
 * null where the API is missing or fails.
 */
export async function requestPersistentStorage(
  storage: StorageManagerLike | undefined = defaultStorage(),
): Promise<boolean | null> {
  if (typeof storage?.persist !== 'function') return null;
  try {
    return await storage.persist();
  } catch {
    return null;
  }
}

/** Whether storage is already persistent; null where unknown. */
export async function isStoragePersisted(
  storage: StorageManagerLike | undefined = defaultStorage(),
): Promise<boolean | null> {
  if (typeof storage?.persisted !== 'function') return null;
  try {
    return await storage.persisted();
  } catch {
    return null;
  }
}

/** Usage and quota of this origin; null where the API is missing or fails. */
export async function getStorageEstimate(
  storage: StorageManagerLike | undefined = defaultStorage(),
): Promise<StorageEstimateInfo | null> {
  if (typeof storage?.estimate !== 'function') return null;
  try {
    const { usage, quota } = await storage.estimate();
    if (typeof usage !== 'number' || typeof quota !== 'number') return null;
    return { usage, quota, usageRatio: quota > 0 ? usage / quota : 0 };
  } catch {
    return null;
  }
}
