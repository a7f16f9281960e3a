/** CSV/TSV input and data validation for fits. */
export { parseTable, textCellError } from './parse-table';
export type { DataTable, ParseTableOptions, TextCell } from './parse-table';
export { detectDelimiter } from './detect-delimiter';
export type { Delimiter } from './detect-delimiter';
export { parseNumberCell } from './number-cell';
export { selectColumns } from './select-columns';
export type { ColumnSelection } from './select-columns';
export { validateArrays } from './validate-arrays';
export type { ArrayInput } from './validate-arrays';
export { finishFitData } from './fit-data';
export type { AlignedColumns, FinishOptions, FitData } from './fit-data';
export { formatRowList } from './row-list';
export { looksLikeSigmaName } from './sigma-column-name';
export { detectDecimalMark } from './parse-table';
export type { DecimalMark } from './parse-table';
