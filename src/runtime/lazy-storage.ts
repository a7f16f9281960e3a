/**
 * Storage that is usable before IndexedDB has finished opening: calls wait for the open,
 * and `available` is optimistic until it settles. This lets the client be created
 * synchronously (a zustand store at module load) while the database opens in the background.
 */
import type { ServiceStorage } from './service-storage';

export class LazyStorage implements ServiceStorage {
  private inner: ServiceStorage | null = null;
  readonly ready: Promise<ServiceStorage>;

  constructor(open: Promise<ServiceStorage>) {
    this.ready = open.then((s) => {
      this.inner = s;
      return s;
    });
  }

  get available(): boolean {
    return this.inner ? this.inner.available : true;
  }

  get reason(): string | null {
    return this.inner ? this.inner.reason : null;
  }

  createJob: ServiceStorage['createJob'] = async (...args) => (await this.ready).createJob(...args);
  updateJob: ServiceStorage['updateJob'] = async (...args) => (await this.ready).updateJob(...args);
  finishJob: ServiceStorage['finishJob'] = async (...args) => (await this.ready).finishJob(...args);
  getJob: ServiceStorage['getJob'] = async (...args) => (await this.ready).getJob(...args);
  latestCheckpoint: ServiceStorage['latestCheckpoint'] = async (...args) =>
    (await this.ready).latestCheckpoint(...args);
  unfinishedJobs: ServiceStorage['unfinishedJobs'] = async () => (await this.ready).unfinishedJobs();
  scanJobs: ServiceStorage['scanJobs'] = async (...args) => (await this.ready).scanJobs(...args);
  deleteJob: ServiceStorage['deleteJob'] = async (...args) => (await this.ready).deleteJob(...args);
}
