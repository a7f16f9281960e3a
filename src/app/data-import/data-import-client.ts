/**
 * The page's side of the data-import worker: parse a large table or read an .xlsx file off
 * the main thread. Where workers do not exist (unit tests in Node) the table is parsed here.
 */
import { parseTable, type DataTable, type ParseTableOptions } from '../../core/data';
import { FitbenchError } from '../../core/errors';
import type { DataImportReply, DataImportRequest } from '../../worker/data-import-api';

/** Text longer than this is parsed in the worker (shorter text parses in well under a frame). */
export const OFF_THREAD_CHARS = 64 * 1024;

let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, (reply: DataImportReply) => void>();

function importWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  if (!worker) {
    worker = new Worker(new URL('../../worker/data-import.worker.ts', import.meta.url), {
      type: 'module',
      name: 'fitbench-data-import',
    });
    worker.onmessage = (e: MessageEvent<DataImportReply>) => {
      const done = waiting.get(e.data.id);
      waiting.delete(e.data.id);
      done?.(e.data);
    };
    worker.onerror = () => {
      // A crashed worker fails what it held; the next request starts a fresh one.
      for (const [id, done] of waiting)
        done({
          id,
          ok: false,
          error: { code: 'WORKER_CRASH', message: 'the data-import worker stopped', context: {} },
        });
      waiting.clear();
      worker = null;
    };
  }
  return worker;
}

function ask(
  request: DistributiveOmit<DataImportRequest, 'id'>,
  transfer: Transferable[] = [],
): Promise<DataImportReply> {
  const w = importWorker();
  if (!w) return Promise.reject(new FitbenchError('INTERNAL', 'workers are not available'));
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    w.postMessage({ ...request, id }, transfer);
  });
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/** Whether `text` is parsed in the worker (long text, where workers exist). */
export function parsesOffThread(text: string): boolean {
  return text.length >= OFF_THREAD_CHARS && typeof Worker !== 'undefined';
}

/** parseTable, in the worker for long text. Rejects with the parser's FitbenchError. */
export async function parseTableOffThread(text: string, options: ParseTableOptions = {}): Promise<DataTable> {
  if (!parsesOffThread(text)) return parseTable(text, options);
  const reply = await ask({ kind: 'table', text, options });
  if (!reply.ok) throw FitbenchError.fromJSON(reply.error);
  if (reply.kind !== 'table') throw new FitbenchError('INTERNAL', 'unexpected reply from the data-import worker');
  return reply.table;
}

/** The first sheet of an .xlsx file as tab-separated text. */
export async function xlsxToText(buffer: ArrayBuffer): Promise<string> {
  const reply = await ask({ kind: 'xlsx', buffer }, [buffer]);
  if (!reply.ok) throw FitbenchError.fromJSON(reply.error);
  if (reply.kind !== 'xlsx') throw new FitbenchError('INTERNAL', 'unexpected reply from the data-import worker');
  return reply.text;
}
