/**
 * Delimiter detection from the header and the first data lines: tab, comma or semicolon
 * when one splits every sampled line into the same number of fields (at least two), else
 * runs of spaces, else a single column. Our own rule instead of papaparse's guess, because
 * papaparse cannot split on runs of spaces and we want a predictable choice.
 */
export type Delimiter = ',' | '\t' | ';' | 'whitespace';

const CANDIDATES: readonly Exclude<Delimiter, 'whitespace'>[] = ['\t', ',', ';'];
const SAMPLE_LINES = 20;

/** The delimiter of `text` (BOM already stripped). */
export function detectDelimiter(text: string): Delimiter {
  const lines: string[] = [];
  for (const line of text.split(/\r\n|\n|\r/)) {
    if (line.trim() === '') continue;
    lines.push(line);
    if (lines.length >= SAMPLE_LINES) break;
  }
  if (lines.length === 0) return ',';
  let best: Delimiter | undefined;
  let bestScore = 0;
  for (const d of CANDIDATES) {
    const counts = lines.map((l) => fieldCount(l, d));
    if (counts[0] < 2) continue;
    // Share of lines agreeing with the header: tolerant of a ragged row or two.
    const score = counts.filter((c) => c === counts[0]).length / counts.length;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  if (best !== undefined && bestScore >= 0.5) return best;
  if (lines[0].trim().split(/\s+/).length >= 2) return 'whitespace';
  return best ?? ',';
}

/** Fields in one line, ignoring delimiters inside double quotes. */
function fieldCount(line: string, d: string): number {
  let count = 1;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) count++;
  }
  return count;
}
