/**
 * The notebook source format: one Markdown file per notebook, reviewable in a diff.
 *
 * ```
 * ---
 * id: first-fit
 * title: Your first fit
 * level: beginner
 * time: 10 minutes
 * prerequisites: [none]
 * requires: [curveFit]
 * summary: One line for the index.
 * ---
 * Prose in Markdown…
 * ```js cell
 * const r = await curveFit({ … });
 * ```
 * ```
 *
 * A fence whose info string is `js cell` or `ts cell` is a live cell; every other fence is
 * prose (shown, never run). Parsing is lossless: `serializeNotebook(parseNotebook(s))` is `s`,
 * so a downloaded notebook differs from its source only where the reader edited a cell.
 */

import { checkedNumbers, type CheckedNumber } from './notebook-markdown';

export type CellLanguage = 'js' | 'ts';

export type NotebookBlock =
  | { kind: 'prose'; markdown: string }
  | { kind: 'cell'; lang: CellLanguage; code: string; openFence: string; closeFence: string };

export interface NotebookMeta {
  id: string;
  title: string;
  summary: string;
  level: string;
  time: string;
  prerequisites: string[];
  /** Library functions (on `window.fitbench`) the cells call; the notebook waits until all exist. */
  requires: string[];
  /** Position in the index (a number as text; absent: last). */
  order: string;
}

export interface ParsedNotebook {
  meta: NotebookMeta;
  /** The front matter exactly as written (between the `---` lines). */
  frontMatter: string;
  blocks: NotebookBlock[];
}

/** A notebook source that cannot be read: the message names the line. */
export class NotebookFormatError extends Error {
  readonly code = 'NOTEBOOK_FORMAT';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`Notebook line ${line}: ${message}`);
    this.name = 'NotebookFormatError';
  }
}

const CELL_FENCE = /^(`{3,})\s*(js|javascript|ts|typescript)\s+cell\s*$/;
const ANY_FENCE = /^(`{3,}|~{3,})/;
const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Parses a notebook's Markdown source; throws NotebookFormatError on a malformed file. */
export function parseNotebook(source: string): ParsedNotebook {
  const text = source.replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  if (lines[0] !== '---') throw new NotebookFormatError('a notebook starts with front matter between --- lines', 1);
  const end = lines.indexOf('---', 1);
  if (end < 0) throw new NotebookFormatError('the front matter is not closed by a --- line', 1);
  const frontMatter = lines.slice(1, end).join('\n');
  const meta = readFrontMatter(lines.slice(1, end));
  const blocks: NotebookBlock[] = [];
  let prose: string[] = [];
  const flushProse = () => {
    if (prose.length > 0) blocks.push({ kind: 'prose', markdown: prose.join('\n') });
    prose = [];
  };
  for (let i = end + 1; i < lines.length; i++) {
    const line = lines[i];
    const cell = CELL_FENCE.exec(line);
    const fence = ANY_FENCE.exec(line);
    if (!fence) {
      prose.push(line);
      continue;
    }
    const closeAt = findClosingFence(lines, i + 1, fence[1]);
    if (closeAt < 0) throw new NotebookFormatError(`the code fence opened here is never closed`, i + 1);
    if (cell) {
      flushProse();
      const lang: CellLanguage = cell[2].startsWith('t') ? 'ts' : 'js';
      blocks.push({
        kind: 'cell',
        lang,
        code: lines.slice(i + 1, closeAt).join('\n'),
        openFence: line,
        closeFence: lines[closeAt],
      });
    } else {
      prose.push(...lines.slice(i, closeAt + 1));
    }
    i = closeAt;
  }
  flushProse();
  return { meta, frontMatter, blocks };
}

function findClosingFence(lines: string[], from: number, opener: string): number {
  const char = opener[0];
  for (let j = from; j < lines.length; j++) {
    const trimmed = lines[j].trimEnd();
    if (trimmed.length >= opener.length && [...trimmed].every((c) => c === char)) return j;
  }
  return -1;
}

function readFrontMatter(lines: string[]): NotebookMeta {
  const fields = new Map<string, string | string[]>();
  lines.forEach((line, k) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const match = /^([a-zA-Z][\w-]*):\s*(.*)$/.exec(line);
    if (!match) throw new NotebookFormatError(`front matter lines are "key: value", not "${line}"`, k + 2);
    const raw = match[2].trim();
    const list = /^\[(.*)\]$/.exec(raw);
    fields.set(
      match[1],
      list
        ? list[1]
            .split(',')
            .map((s) => unquote(s.trim()))
            .filter((s) => s !== '')
        : unquote(raw),
    );
  });
  const text = (key: string, required: boolean): string => {
    const value = fields.get(key);
    if (value === undefined) {
      if (required) throw new NotebookFormatError(`the front matter has no "${key}"`, 1);
      return '';
    }
    if (Array.isArray(value)) throw new NotebookFormatError(`"${key}" is text, not a list`, 1);
    return value;
  };
  const list = (key: string): string[] => {
    const value = fields.get(key);
    if (value === undefined) return [];
    return Array.isArray(value) ? value : [value];
  };
  const id = text('id', true);
  if (!ID_PATTERN.test(id)) throw new NotebookFormatError(`id "${id}" must be lower-case letters, digits and -`, 1);
  return {
    id,
    title: text('title', true),
    summary: text('summary', false),
    level: text('level', false),
    time: text('time', false),
    prerequisites: list('prerequisites'),
    requires: list('requires'),
    order: text('order', false),
  };
}

function unquote(s: string): string {
  return /^(["']).*\1$/.test(s) ? s.slice(1, -1) : s;
}

/** The code cells of a notebook, in order. */
export function notebookCells(notebook: ParsedNotebook): Extract<NotebookBlock, { kind: 'cell' }>[] {
  return notebook.blocks.filter((b): b is Extract<NotebookBlock, { kind: 'cell' }> => b.kind === 'cell');
}

/**
 * The notebook's Markdown with each cell's code replaced by `codes[k]` (the k-th cell; a
 * missing entry keeps the original). Without edits this returns the parsed source.
 */
export function serializeNotebook(notebook: ParsedNotebook, codes: readonly (string | undefined)[] = []): string {
  const parts = ['---', notebook.frontMatter, '---'];
  let k = 0;
  for (const block of notebook.blocks) {
    if (block.kind === 'prose') {
      parts.push(block.markdown);
      continue;
    }
    const code = codes[k] ?? block.code;
    k++;
    parts.push(block.openFence, code, block.closeFence);
  }
  return parts.join('\n');
}

/** The checked numbers stated by the prose after each cell (up to the next cell), by cell index. */
export function checksByCell(notebook: ParsedNotebook): CheckedNumber[][] {
  const result: CheckedNumber[][] = [];
  let cell = -1;
  for (const block of notebook.blocks) {
    if (block.kind === 'cell') result[++cell] = [];
    else if (cell >= 0) result[cell].push(...checkedNumbers(block.markdown));
  }
  return result;
}
