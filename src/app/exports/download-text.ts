import { sanitizeFileName } from '../../core/export/csv-cells';

/**
 * Saves text as a file through a temporary object URL (no server: the app is static). The
 * name is sanitized: it may come from a data file or a model (path separators, control
 * characters, reserved device names).
 */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = sanitizeFileName(filename);
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked on the next turn: the click has started the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
