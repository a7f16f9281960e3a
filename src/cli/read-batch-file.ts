import { extname } from 'node:path';
import { parseTable } from '../core';
import { curvesFromArrow, curvesFromNpy, curvesFromTable, readNpy, type BatchCurves } from '../core/data/batch';
import { FitbenchError } from '../core/errors';
import { readBinaryFile, readTextFile } from './read-input';

const ARROW_EXTENSIONS = new Set(['.arrow', '.arrows', '.feather', '.ipc']);

export interface BatchFileOptions {
  layout: 'columns' | 'rows';
  xColumn?: string;
  xNpy?: string;
}

/** The curves of a batch file, by its extension: Arrow IPC, .npy, else CSV/TSV text. */
export function readBatchFile(path: string, options: BatchFileOptions): BatchCurves {
  const ext = extname(path).toLowerCase();
  if (options.xNpy !== undefined && ext !== '.npy')
    throw new FitbenchError('OPTIONS_INVALID', '--x-npy goes with a .npy batch file');
  if (ARROW_EXTENSIONS.has(ext)) return curvesFromArrow(readBinaryFile(path, 'Arrow file'));
  if (ext === '.npy') {
    const y = readNpy(readBinaryFile(path, '.npy file'));
    const x = options.xNpy !== undefined ? readNpy(readBinaryFile(options.xNpy, 'x .npy file')) : undefined;
    return curvesFromNpy(y, x);
  }
  const table = parseTable(readTextFile(path, 'data file'), { numericHeader: options.layout === 'rows' });
  return curvesFromTable(table, options.layout, options.xColumn);
}
