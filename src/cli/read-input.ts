import { readFileSync, statSync } from 'node:fs';
import { FitbenchError } from '../core/errors';

/** Largest data file the CLI reads (the parser holds the text and the columns in memory). */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

/** Largest binary batch file the CLI reads (values only, no text to parse). */
export const MAX_BINARY_BYTES = 4 * 1024 * 1024 * 1024;

/** A readable size for the limit in messages: "512 MiB", "4 GiB". */
function sizeLimit(bytes: number): string {
  return bytes >= 2 ** 30 ? `${bytes / 2 ** 30} GiB` : `${bytes / 2 ** 20} MiB`;
}

/**
 * Reads a whole file for the CLI after checking that it exists, is a file, is not empty and
 * is at most `maxBytes` long; every error names the file as `what "path"`.
 */
function readCheckedFile(path: string, what: string, maxBytes: number): Buffer {
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
  if (size > maxBytes)
    throw new FitbenchError(
      'DATA_PARSE',
      `${what} "${path}" is ${(size / 2 ** 20).toFixed(0)} MiB: larger than the CLI's limit of ${sizeLimit(maxBytes)}`,
    );
  return readFileSync(path);
}

/** Reads a text file for the CLI, with errors that name the file. */
export function readTextFile(path: string, what: string): string {
  const buffer = readCheckedFile(path, what, MAX_INPUT_BYTES);
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
  const buffer = readCheckedFile(path, what, MAX_BINARY_BYTES);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
