/** Batch input (many curves: CSV, .npy, Arrow IPC) and batch results (CSV, Arrow IPC). */
export { checkBatchCurves, curveLabel, fitBatchOf, packRows, sliceCurves } from './batch-curves';
export type { BatchCurves, CurveGrid, CurveStarts, FloatArray } from './batch-curves';
export { readNpy, writeNpy } from './read-npy';
export type { NpyArray } from './read-npy';
export { curvesFromNpy } from './curves-from-npy';
export { curvesFromTable } from './curves-from-table';
export { curvesFromArrow, curvesToArrow } from './arrow-curves';
export { batchResultFromArrow, batchResultToArrow, batchResultToCsv, curveStatusOf } from './batch-results-table';
export { packResultTable, unpackResultTable, type PackedResultTable } from './result-table-packing';
export type { BatchResultTable, CurveStatus } from './batch-results-table';
export { batchFormatOf, readBatchBytes } from './read-batch-bytes';
export type { BatchBytesOptions } from './read-batch-bytes';
export { colorOf } from './color-scale';
export { parameterImage } from './parameter-image';
export type { ParameterImage } from './parameter-image';
