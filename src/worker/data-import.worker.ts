/// <reference lib="webworker" />
/**
 * Parses pasted or dropped tables and .xlsx files off the page's main thread: a 100 000-row
 * paste costs the page one message instead of a frozen tab. The xlsx reader is imported
 * only when a spreadsheet arrives. A spreadsheet becomes tab-separated text, so the data
 * box, the project file and the share link keep one format.
 */
import { parseTable } from '../core/data';
import { FitbenchError } from '../core/errors';
import type { DataImportReply, DataImportRequest } from './data-import-api';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number') return String(v);
  // Tabs and line breaks inside a cell would split it: a space keeps the table shape.
  return String(v).replace(/[\t\r\n]+/g, ' ');
}

async function xlsxText(buffer: ArrayBuffer): Promise<{ text: string; sheetRows: number }> {
  const { readSheet } = await import('read-excel-file/web-worker');
  let rows: unknown[][];
  try {
    rows = (await readSheet(buffer)) as unknown[][];
  } catch (e) {
    throw new FitbenchError(
      'DATA_PARSE',
      `the spreadsheet could not be read: ${e instanceof Error ? e.message : String(e)} (is it an .xlsx file?)`,
    );
  }
  const lines = rows.map((r) => r.map(cellText).join('\t'));
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  return { text: `${lines.join('\n')}\n`, sheetRows: rows.length };
}

scope.onmessage = async (event: MessageEvent<DataImportRequest>) => {
  const request = event.data;
  let reply: DataImportReply;
  try {
    if (request.kind === 'table') {
      const table = parseTable(request.text, request.options);
      reply = { id: request.id, ok: true, kind: 'table', table };
      const buffers = [...Object.values(table.data).map((a) => a.buffer), table.rowNumbers.buffer];
      scope.postMessage(reply, buffers as ArrayBuffer[]);
      return;
    }
    const { text, sheetRows } = await xlsxText(request.buffer);
    reply = { id: request.id, ok: true, kind: 'xlsx', text, sheetRows };
  } catch (e) {
    const error = e instanceof FitbenchError ? e : FitbenchError.fromJSON(e);
    reply = { id: request.id, ok: false, error: error.toJSON() };
  }
  scope.postMessage(reply);
};
