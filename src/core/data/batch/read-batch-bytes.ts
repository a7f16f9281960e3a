import { parseTable } from '../parse-table';
import { FitbenchError } from '../../errors';
import { curvesFromArrow } from './arrow-curves';
import type { BatchCurves } from './batch-curves';
import { curvesFromNpy } from './curves-from-npy';
import { curvesFromTable } from './curves-from-table';
import { readNpy } from './read-npy';

export interface BatchBytesOptions {
  /** CSV/TSV only: one curve per column (with an x column) or per row (x values in the header). */
  layout?: 'columns' | 'rows';
  xColumn?: string;
  /** .npy only: the x values (shared, or one x per curve). */
  xNpy?: Uint8Array;
}

const ARROW = /\.(arrow|arrows|feather|ipc)$/i;

/** The format a batch file's name says it is in. */
export function batchFormatOf(name: string): 'arrow' | 'npy' | 'text' {
  if (ARROW.test(name)) return 'arrow';
  if (/\.npy$/i.test(name)) return 'npy';
  return 'text';
}

/**
 * Curves from a batch file's bytes, by the file's name: Arrow IPC, NumPy .npy, else CSV/TSV
 * text. Used by the CLI and by the batch page's file worker alike.
 */
export function readBatchBytes(bytes: Uint8Array, name: string, options: BatchBytesOptions = {}): BatchCurves {
  const format = batchFormatOf(name);
  if (options.xNpy && format !== 'npy')
    throw new FitbenchError('OPTIONS_INVALID', 'an x .npy goes with a .npy batch file');
  if (format === 'arrow') return curvesFromArrow(bytes);
  if (format === 'npy') return curvesFromNpy(readNpy(bytes), options.xNpy ? readNpy(options.xNpy) : undefined);
  if (bytes.includes(0))
    throw new FitbenchError(
      'DATA_PARSE',
      `"${name}" is binary (it holds NUL bytes): expected CSV/TSV text, Arrow IPC (.arrow) or NumPy (.npy)`,
    );
  const layout = options.layout ?? 'columns';
  const text = new TextDecoder('utf-8').decode(bytes);
  return curvesFromTable(parseTable(text, { numericHeader: layout === 'rows' }), layout, options.xColumn);
}
