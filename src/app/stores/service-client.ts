/**
 * The part of the runtime's FitClient the page uses. The stores depend on this subset, so
 * their tests can pass a small fake instead of a worker pool.
 */
import type { FitClient } from '../../runtime';

export type ServiceClient = Pick<
  FitClient,
  | 'getSnapshot'
  | 'subscribe'
  | 'onEvent'
  | 'fit'
  | 'fitBatch'
  | 'fitGlobal'
  | 'cancel'
  | 'listResumable'
  | 'resume'
  | 'discard'
  | 'getChaos'
  | 'setChaos'
  | 'getConfig'
  | 'updateConfig'
  | 'metricsPrometheus'
  | 'metricsJson'
  | 'logRecords'
  | 'logJsonLines'
  | 'storageEstimate'
>;

export type { ResumeOffer } from '../../runtime';
