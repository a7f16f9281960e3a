import { parseTable } from '../core';
import {
  batchFormatOf,
  checkBatchCurves,
  curvesFromTable,
  readBatchBytes,
  type BatchCurves,
  type CurveStarts,
} from '../core/data/batch';
import { FitbenchError } from '../core/errors';
import { readBinaryFile, readTextFile } from './read-input';

export interface BatchFileOptions {
  layout: 'columns' | 'rows';
  xColumn?: string;
  xNpy?: string;
  /** A file of per-curve sigma in the same layout and shape as the curves. */
  sigmaFile?: string;
  /** A CSV with one row per curve and a column per parameter: start values per curve. */
  p0File?: string;
}

/** The curves of a batch file (with per-curve sigma and start values from their own files when given). */
export function readBatchFile(path: string, options: BatchFileOptions): BatchCurves {
  const curves = readCurvesFile(path, options);
  if (options.sigmaFile !== undefined) {
    const sigma = readCurvesFile(options.sigmaFile, { ...options, xNpy: undefined });
    if (sigma.count !== curves.count || sigma.points !== curves.points)
      throw new FitbenchError(
        'DATA_LENGTH_MISMATCH',
        `--sigma-file holds ${sigma.count} curves of ${sigma.points} points; the batch has ${curves.count} of ${curves.points}`,
        { column: 'sigma' },
      );
    curves.sigma = sigma.y;
  }
  if (options.p0File !== undefined) curves.p0 = readStartsFile(options.p0File, curves.count);
  return checkBatchCurves(curves);
}

/** Per-curve start values from a CSV: a header of parameter names, one row per curve. */
function readStartsFile(path: string, count: number): CurveStarts {
  const table = parseTable(readTextFile(path, '--p0-file'));
  const names = table.columns.filter((c) => !table.nonNumericColumns.includes(c));
  if (names.length === 0)
    throw new FitbenchError('DATA_NO_NUMERIC_COLUMN', `--p0-file ${path}: no numeric column (one per parameter)`);
  if (table.rowCount !== count)
    throw new FitbenchError(
      'DATA_LENGTH_MISMATCH',
      `--p0-file ${path} has ${table.rowCount} rows of start values; the batch has ${count} curves`,
    );
  const values = new Float64Array(count * names.length);
  names.forEach((name, i) => {
    const column = table.data[name];
    for (let j = 0; j < count; j++) {
      if (!Number.isFinite(column[j]))
        throw new FitbenchError('PARAM_NONFINITE', `--p0-file ${path}: "${name}" of curve ${j} is ${column[j]}`, {
          parameter: name,
          curve: j,
        });
      values[j * names.length + i] = column[j];
    }
  });
  return { names, values };
}

/** The curves of a batch file, by its extension: Arrow IPC, .npy, else CSV/TSV text. */
function readCurvesFile(path: string, options: BatchFileOptions): BatchCurves {
  const format = batchFormatOf(path);
  if (options.xNpy !== undefined && format !== 'npy')
    throw new FitbenchError('OPTIONS_INVALID', '--x-npy goes with a .npy batch file');
  if (format === 'text') {
    // Text goes through readTextFile for its size limit and its binary-file message.
    const table = parseTable(readTextFile(path, 'data file'), { numericHeader: options.layout === 'rows' });
    return curvesFromTable(table, options.layout, options.xColumn);
  }
  const xNpy = options.xNpy !== undefined ? readBinaryFile(options.xNpy, 'x .npy file') : undefined;
  return readBatchBytes(readBinaryFile(path, format === 'arrow' ? 'Arrow file' : '.npy file'), path, { xNpy });
}
