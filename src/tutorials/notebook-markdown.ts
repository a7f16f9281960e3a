/**
 * The Markdown subset notebook prose is written in, parsed into plain data the app renders
 * as React elements (never as HTML: a notebook from a file cannot inject markup).
 *
 * Blocks: `#`–`####` headings, paragraphs, `-`/`*` and `1.` lists, fenced code, `>` quotes,
 * pipe tables. Inline: `code`, **strong**, *emphasis*, [links](href) and checked numbers.
 *
 * A checked number is a figure the prose states and a test verifies against the live run:
 * `{{r.params.a = 3.21}}` shows "3.21"; after the cell before it has run, the expression
 * `r.params.a` is evaluated in the notebook's scope and compared with 3.21 within half a unit
 * of the last written digit (±0.005), or within an explicit tolerance: `{{r.rSquared = 0.998 ± 0.001}}`.
 * A quoted word is compared exactly: `{{health.state = "Healthy"}}` shows "Healthy".
 */

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] }
  | { kind: 'link'; href: string; children: Inline[] }
  | { kind: 'checked'; check: CheckedNumber };

export type MarkdownBlock =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; children: Inline[] }
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'list'; ordered: boolean; start: number; items: Inline[][] }
  | { kind: 'code'; lang: string; text: string }
  | { kind: 'quote'; children: Inline[] }
  | { kind: 'table'; header: Inline[][]; rows: Inline[][][] };

export interface CheckedNumber {
  /** A JavaScript expression over the notebook's variables. */
  expression: string;
  /** The figure as the prose writes it. */
  text: string;
  /** A number, or a word the value must equal exactly (`{{health.state = "Healthy"}}`). */
  expected: number | string;
  tolerance: number;
}

const CHECKED =
  /\{\{\s*([^{}]+?)\s*=\s*(?:([-+]?\d[\d_]*(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(?:(?:±|\+-)\s*(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?))?|"([^"{}]*)")\s*\}\}/;

/** Half a unit in the last written digit: "3.21" → 0.005, "120" → 0.5, "1.5e-3" → 5e-5. */
export function impliedTolerance(figure: string): number {
  const m = /^[-+]?\d[\d_]*(?:\.(\d+))?(?:[eE]([-+]?\d+))?$/.exec(figure);
  if (!m) return 0;
  const decimals = m[1]?.length ?? 0;
  const exponent = m[2] ? Number(m[2]) : 0;
  return 0.5 * 10 ** (exponent - decimals);
}

/** Whether a live value matches a checked figure. */
export function checkValue(check: CheckedNumber, actual: unknown): boolean {
  if (typeof check.expected === 'string') return actual === check.expected;
  return typeof actual === 'number' && Number.isFinite(actual) && Math.abs(actual - check.expected) <= check.tolerance;
}

/** Parses one prose block's Markdown. */
export function parseMarkdown(markdown: string): MarkdownBlock[] {
  const lines = markdown.split('\n');
  const blocks: MarkdownBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = /^(`{3,}|~{3,})\s*(\S*)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trimEnd().startsWith(fence[1])) body.push(lines[i++]);
      i++;
      blocks.push({ kind: 'code', lang: fence[2], text: body.join('\n') });
      continue;
    }
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1].length as 1 | 2 | 3 | 4, children: parseInline(heading[2]) });
      i++;
      continue;
    }
    if (/^\s*[-*]\s+/.test(line) || /^\s*\d+\.\s+/.test(line)) {
      const ordered = /^\s*\d+\./.test(line);
      const start = ordered ? Number(/\d+/.exec(line)?.[0] ?? 1) : 1;
      const items: string[] = [];
      const marker = ordered ? /^\s*\d+\.\s+/ : /^\s*[-*]\s+/;
      while (i < lines.length && lines[i].trim() !== '') {
        if (marker.test(lines[i])) items.push(lines[i].replace(marker, ''));
        else if (items.length > 0 && /^\s+/.test(lines[i])) items[items.length - 1] += ` ${lines[i].trim()}`;
        else break;
        i++;
      }
      blocks.push({ kind: 'list', ordered, start, items: items.map(parseInline) });
      continue;
    }
    if (line.startsWith('>')) {
      const body: string[] = [];
      while (i < lines.length && lines[i].startsWith('>')) body.push(lines[i++].replace(/^>\s?/, ''));
      blocks.push({ kind: 'quote', children: parseInline(body.join(' ')) });
      continue;
    }
    if (line.trimStart().startsWith('|') && i + 1 < lines.length && /^\s*\|?[\s:-]+\|/.test(lines[i + 1])) {
      const header = splitRow(line);
      i += 2;
      const rows: Inline[][][] = [];
      while (i < lines.length && lines[i].trimStart().startsWith('|')) rows.push(splitRow(lines[i++]));
      blocks.push({ kind: 'table', header, rows });
      continue;
    }
    const body: string[] = [];
    while (i < lines.length && lines[i].trim() !== '' && !startsBlock(lines[i])) body.push(lines[i++].trim());
    blocks.push({ kind: 'paragraph', children: parseInline(body.join(' ')) });
  }
  return blocks;
}

function startsBlock(line: string): boolean {
  return /^(#{1,4}\s|```|~~~|>|\s*[-*]\s+|\s*\d+\.\s+|\s*\|)/.test(line);
}

function splitRow(line: string): Inline[][] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => parseInline(cell.trim()));
}

const INLINE = /`([^`]+)`|\*\*(.+?)\*\*|\*([^*\s][^*]*?)\*|\[([^\]]+)\]\(([^)\s]+)\)/;

/** Parses inline Markdown and checked numbers. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let rest = text;
  while (rest.length > 0) {
    const checked = CHECKED.exec(rest);
    const inline = INLINE.exec(rest);
    const useChecked = checked && (!inline || checked.index <= inline.index);
    const match = useChecked ? checked : inline;
    if (!match) {
      pushText(out, rest);
      break;
    }
    if (match.index > 0) pushText(out, rest.slice(0, match.index));
    if (useChecked && checked) {
      out.push({
        kind: 'checked',
        check:
          checked[4] !== undefined
            ? { expression: checked[1], text: checked[4], expected: checked[4], tolerance: 0 }
            : checkedNumber(checked[1], checked[2], checked[3]),
      });
    } else if (match[1] !== undefined) {
      out.push({ kind: 'code', text: match[1] });
    } else if (match[2] !== undefined) {
      out.push({ kind: 'strong', children: parseInline(match[2]) });
    } else if (match[3] !== undefined) {
      out.push({ kind: 'em', children: parseInline(match[3]) });
    } else {
      out.push({ kind: 'link', href: match[5], children: parseInline(match[4]) });
    }
    rest = rest.slice(match.index + match[0].length);
  }
  return out;
}

function pushText(out: Inline[], text: string): void {
  const last = out.at(-1);
  if (last?.kind === 'text') last.text += text;
  else out.push({ kind: 'text', text });
}

function checkedNumber(expression: string, figure: string, tolerance: string | undefined): CheckedNumber {
  return {
    expression,
    text: figure,
    expected: Number(figure.replace(/_/g, '')),
    tolerance: tolerance !== undefined ? Number(tolerance) : impliedTolerance(figure),
  };
}

/** Every checked number in some Markdown, in reading order. */
export function checkedNumbers(markdown: string): CheckedNumber[] {
  const found: CheckedNumber[] = [];
  const visit = (inlines: Inline[]) => {
    for (const node of inlines) {
      if (node.kind === 'checked') found.push(node.check);
      else if ('children' in node) visit(node.children);
    }
  };
  for (const block of parseMarkdown(markdown)) {
    if (block.kind === 'heading' || block.kind === 'paragraph' || block.kind === 'quote') visit(block.children);
    else if (block.kind === 'list') block.items.forEach(visit);
    else if (block.kind === 'table') [block.header, ...block.rows].forEach((row) => row.forEach(visit));
  }
  return found;
}

/** Whether a link target is safe to render as a link (http(s), relative, or an in-app hash). */
export function safeHref(href: string): string | null {
  if (/^(https?:|mailto:)/i.test(href)) return href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return null;
  return href;
}
