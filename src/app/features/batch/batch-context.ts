import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { BatchState, BatchStore } from './batch-store';

export const BatchContext = createContext<BatchStore | null>(null);

/** Selects one field of the batch store (re-renders only when it changes). */
export function useBatch<T>(selector: (s: BatchState) => T): T {
  const store = useContext(BatchContext);
  if (!store) throw new Error('useBatch() outside <BatchContext.Provider>');
  return useStore(store, selector);
}

/** The store itself, for actions (stable functions: reading them re-renders nothing). */
export function useBatchActions(): BatchState {
  const store = useContext(BatchContext);
  if (!store) throw new Error('useBatchActions() outside <BatchContext.Provider>');
  return store.getState();
}
