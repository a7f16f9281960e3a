/** Public API of the persistence layer (IndexedDB through idb). */
export {
  DEFAULT_DB_NAME,
  JOB_STATUSES,
  UNFINISHED_STATUSES,
  type CheckpointRecord,
  type CheckpointState,
  type DatasetRecord,
  type FinishedStatus,
  type FitbenchDB,
  type FitbenchSchema,
  type JobMeta,
  type JobPayloadRecord,
  type JobRecord,
  type JobSpec,
  type JobSummary,
  type JobStatus,
  type ParameterRow,
  type ProjectRecord,
  type ResultRecord,
  type StoredError,
  type StoredFitOptions,
} from './db-schema';
export { DB_VERSION, MIGRATIONS, type Migration } from './migrations';
export {
  deleteDatabase,
  openDatabase,
  type DatabaseEvent,
  type OpenDatabaseOptions,
  type OpenDatabaseResult,
} from './open-database';
export {
  CHECKPOINT_FORMAT_VERSION,
  DEFAULT_KEEP_CHECKPOINTS,
  DEFAULT_MAX_HISTORY,
  createCheckpointStore,
  type Checkpoint,
  type CheckpointEvent,
  type CheckpointInput,
  type CheckpointStore,
  type CheckpointStoreOptions,
  type WriteCheckpointResult,
} from './checkpoint-store';
export {
  createJobStore,
  FAILED_CHECKPOINT_RETENTION_MS,
  jobChecksum,
  jobMetaProblem,
  jobRecordProblem,
  newJobId,
  type JobScan,
  type QuarantinedJob,
  type JobOutcome,
  type JobPatch,
  type JobStore,
  type JobStoreOptions,
  type NewJob,
} from './job-store';
export { storableOptions } from './storable-options';
export { jobSummaryOf, summaryOfSpec } from './job-summary';
export { createDatasetStore, type DatasetStore, type DatasetSummary, type NewDataset } from './dataset-store';
export { createProjectStore, type ProjectInput, type ProjectStore } from './project-store';
export {
  getStorageEstimate,
  isStoragePersisted,
  requestPersistentStorage,
  type StorageEstimateInfo,
  type StorageManagerLike,
} from './storage-estimate';
export { isQuotaError } from './storage-errors';
export {
  PROJECTS_DB_NAME,
  openWorkbenchProjects,
  type WorkbenchProjectRecord,
  type WorkbenchProjectSummary,
  type WorkbenchProjects,
} from './workbench-projects';
export {
  createNotebookStore,
  NOTEBOOK_DB_NAME,
  type ImportedNotebookRecord,
  type NotebookEditsRecord,
  type NotebookStore,
} from './notebook-store';
