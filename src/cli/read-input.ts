import { readFileSync, statSync } from 'node:fs';
import { FitbenchError } from '../core/errors';

/** Largest data file the CLI reads (the parser holds the text and the columns in memory). */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

/** Reads a text file for the CLI, with errors that name the file. */
export function readTextFile(path: string, what: string): string {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new FitbenchError('DATA_PARSE', `${what} "${path}" is a directory, not a file`);
    size = st.size;
  } catch (error) {
    if (error instanceof FitbenchError) throw error;
    throw new FitbenchError(
      'DATA_PARSE',
      `cannot read ${what} "${path}": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  if (size === 0) throw new FitbenchError('DATA_EMPTY', `${what} "${path}" is empty`);
  if (size > MAX_INPUT_BYTES)
    throw new FitbenchError(
      'DATA_PARSE',
      `${what} "${path}" is ${(size / 2 ** 20).toFixed(0)} MiB: larger than the CLI's limit of ${MAX_INPUT_BYTES / 2 ** 20} MiB`,
    );
  const buffer = readFileSync(path);
  if (buffer.includes(0))
    throw new FitbenchError('DATA_PARSE', `${what} "${path}" is binary (it holds NUL bytes): expected CSV or TSV text`);
  return buffer.toString('utf8');
}

/** Parses a JSON file, naming the file and the position of a syntax error. */
export function readJsonFile(path: string, what: string): unknown {
  const raw = readTextFile(path, what);
  // Editors on Windows save UTF-8 with a byte-order mark, which JSON.parse refuses.
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FitbenchError('DATA_PARSE', `${what} "${path}" is not valid JSON: ${(error as Error).message}`);
  }
}

/** Reads a binary file (.npy, Arrow IPC) for the CLI, with errors that name the file. */
export function readBinaryFile(path: string, what: string): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new FitbenchError('DATA_PARSE', `${what} "${path}" is a directory, not a file`);
    size = st.size;
  } catch (error) {
    if (error instanceof FitbenchError) throw error;
    throw new FitbenchError(
      'DATA_PARSE',
      `cannot read ${what} "${path}": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  if (size === 0) throw new FitbenchError('DATA_EMPTY', `${what} "${path}" is empty`);
  if (size > MAX_BINARY_BYTES)
    throw new FitbenchError(
      'DATA_PARSE',
      `${what} "${path}" is ${(size / 2 ** 20).toFixed(0)} MiB: larger than the CLI's limit of ${MAX_BINARY_BYTES / 2 ** 30} GiB`,
    );
  const buffer = readFileSync(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Largest binary batch file the CLI reads (values only, no text to parse). */
export const MAX_BINARY_BYTES = 4 * 1024 * 1024 * 1024;
