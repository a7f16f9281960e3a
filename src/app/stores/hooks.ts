/** React access to the stores: select single fields, so a progress batch re-renders only what shows it. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppServices } from './app-services';
import type { ServiceState } from './service-store';
import type { WorkbenchState } from './workbench-types';

export const ServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside <ServicesContext.Provider>');
  return services;
}

export function useWorkbench<T>(selector: (s: WorkbenchState) => T): T {
  return useStore(useServices().workbench, selector);
}

export function useService<T>(selector: (s: ServiceState) => T): T {
  return useStore(useServices().service, selector);
}
