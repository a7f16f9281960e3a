import { parseTable } from '../core';
import { batchFormatOf, curvesFromTable, readBatchBytes, type BatchCurves } from '../core/data/batch';
import { FitbenchError } from '../core/errors';
import { readBinaryFile, readTextFile } from './read-input';

export interface BatchFileOptions {
  layout: 'columns' | 'rows';
  xColumn?: string;
  xNpy?: string;
}

/** The curves of a batch file, by its extension: Arrow IPC, .npy, else CSV/TSV text. */
export function readBatchFile(path: string, options: BatchFileOptions): BatchCurves {
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
