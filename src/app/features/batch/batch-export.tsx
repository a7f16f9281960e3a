import { useState } from 'react';
import { useBatchActions } from './batch-context';

function save(name: string, data: Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Results as CSV (for people) or Arrow IPC (for pandas, polars, DuckDB); written in the file worker. */
export function BatchExport() {
  const { exportResults } = useBatchActions();
  const [busy, setBusy] = useState(false);
  const run = async (format: 'csv' | 'arrow') => {
    setBusy(true);
    try {
      const file = await exportResults(format);
      if (file) save(file.name, file.data, format === 'csv' ? 'text/csv' : 'application/vnd.apache.arrow.file');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="batch-export">
      <button type="button" data-testid="batch-export-csv" disabled={busy} onClick={() => void run('csv')}>
        Export CSV
      </button>
      <button type="button" data-testid="batch-export-arrow" disabled={busy} onClick={() => void run('arrow')}>
        Export Arrow
      </button>
    </div>
  );
}
