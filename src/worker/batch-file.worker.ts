/// <reference lib="webworker" />
/** The batch page's file worker: reading, sorting and exporting off the main thread (comlink). */
import { expose, transfer } from 'comlink';
import {
  batchResultToArrow,
  batchResultToCsv,
  parameterImage,
  readBatchBytes,
  unpackResultTable,
  type BatchCurves,
} from '../core/data/batch';
import { FitbenchError } from '../core/errors';
import type { BatchFileWorkerApi } from './batch-file-types';

function transferred(curves: BatchCurves): BatchCurves {
  const buffers = new Set<ArrayBuffer>([curves.x.buffer as ArrayBuffer, curves.y.buffer as ArrayBuffer]);
  if (curves.sigma) buffers.add(curves.sigma.buffer as ArrayBuffer);
  if (curves.p0) buffers.add(curves.p0.values.buffer as ArrayBuffer);
  if (curves.grid) {
    buffers.add(curves.grid.rows.buffer as ArrayBuffer);
    buffers.add(curves.grid.cols.buffer as ArrayBuffer);
  }
  return transfer(curves, [...buffers]);
}

/** FitbenchErrors cross as plain objects with their code; the page rebuilds them. */
async function guarded<T>(fn: () => T): Promise<T> {
  try {
    return fn();
  } catch (error) {
    throw FitbenchError.fromJSON(error).toJSON();
  }
}

const api: BatchFileWorkerApi = {
  read: (bytes, name, options) => guarded(() => transferred(readBatchBytes(new Uint8Array(bytes), name, options))),
  sortOrder: (values, descending) =>
    guarded(() => {
      const order = Uint32Array.from({ length: values.length }, (_, i) => i);
      const sign = descending ? -1 : 1;
      order.sort((a, b) => {
        const va = values[a];
        const vb = values[b];
        const na = Number.isNaN(va);
        const nb = Number.isNaN(vb);
        if (na || nb) return na === nb ? a - b : na ? 1 : -1;
        return va === vb ? a - b : sign * (va < vb ? -1 : 1);
      });
      return transfer(order, [order.buffer]);
    }),
  exportCsv: (table) =>
    guarded(() => {
      const bytes = new TextEncoder().encode(batchResultToCsv(unpackResultTable(table)));
      return transfer(bytes, [bytes.buffer]);
    }),
  paintMap: (params, stride, index, grid) =>
    guarded(() => {
      const image = parameterImage(params, stride, index, grid);
      return transfer(image, [image.rgba.buffer as ArrayBuffer]);
    }),
  exportArrow: (table) =>
    guarded(() => {
      const bytes = batchResultToArrow(unpackResultTable(table));
      return transfer(bytes, [bytes.buffer as ArrayBuffer]);
    }),
};

expose(api);
