/**
 * How a notebook cell's top-level declarations outlive the cell. Pure text work, no eval:
 * the kernel worker evaluates the result (the page never does).
 *
 * A cell runs as the body of an async function inside `with (scope) { … }`, where `scope` is
 * the notebook's shared state. Top-level `const`/`let` become `var` (a `var` initialiser
 * inside `with` assigns through the scope object when the scope claims the name, which it
 * does for every name the cell declares), so later cells read and reassign them; top-level
 * function and class declarations are copied onto the scope (functions at the start of
 * the cell, as they are hoisted; classes right after their body). Everything nested (blocks,
 * loops, functions) is left untouched, so `for (const x of xs)` keeps its own scope.
 *
 * A small tokenizer finds the top level: it skips strings, template literals (and their
 * `${}` parts), comments and regular-expression literals, and counts brackets.
 */

/** The name the kernel gives the scope object; the scope never claims names starting with __fb. */
export const SCOPE_PARAM = '__fbScope';

export interface CompiledCell {
  /** The rewritten body (to be wrapped by the kernel in `with (__fbScope) { … }`). */
  body: string;
  /** Every name the cell declares at its top level. */
  declared: string[];
}

type Token =
  | { type: 'word'; value: string; start: number; end: number; newlineBefore: boolean }
  | { type: 'punct'; value: string; start: number; end: number; newlineBefore: boolean };

const REGEX_AFTER_WORDS = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

/** Splits code into words and punctuation, skipping strings, templates, comments and regexes. */
export function tokenize(code: string): Token[] {
  const tokens: Token[] = [];
  // Each entry is the bracket depth at which a template's `${` opened.
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  let newline = false;
  const regexAllowed = (): boolean => {
    const prev = tokens.at(-1);
    if (!prev) return true;
    if (prev.type === 'word') return REGEX_AFTER_WORDS.has(prev.value);
    return !(prev.value === ')' || prev.value === ']' || prev.value === '}');
  };
  const skipTemplate = (): void => {
    // At the character after a backtick or after a `}` closing `${`: read to the end or to `${`.
    while (i < code.length) {
      const c = code[i];
      if (c === '\\') {
        i += 2;
      } else if (c === '`') {
        i++;
        tokens.push({ type: 'word', value: '`template`', start: i - 1, end: i, newlineBefore: false });
        return;
      } else if (c === '$' && code[i + 1] === '{') {
        i += 2;
        templates.push(depth);
        depth++;
        return;
      } else {
        i++;
      }
    }
  };
  while (i < code.length) {
    const c = code[i];
    if (c === '\n') {
      newline = true;
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && code[i + 1] === '/') {
      while (i < code.length && code[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && code[i + 1] === '*') {
      const close = code.indexOf('*/', i + 2);
      const end = close < 0 ? code.length : close + 2;
      if (code.slice(i, end).includes('\n')) newline = true;
      i = end;
      continue;
    }
    const start = i;
    const newlineBefore = newline;
    newline = false;
    if (c === '"' || c === "'") {
      i++;
      while (i < code.length && code[i] !== c && code[i] !== '\n') i += code[i] === '\\' ? 2 : 1;
      i++;
      tokens.push({ type: 'word', value: '"string"', start, end: i, newlineBefore });
      continue;
    }
    if (c === '`') {
      i++;
      skipTemplate();
      continue;
    }
    if (c === '/' && regexAllowed()) {
      i++;
      let inClass = false;
      while (i < code.length && code[i] !== '\n') {
        const r = code[i];
        if (r === '/' && !inClass) break;
        if (r === '[') inClass = true;
        else if (r === ']') inClass = false;
        i += r === '\\' ? 2 : 1;
      }
      i++;
      while (i < code.length && /[a-z]/i.test(code[i])) i++;
      tokens.push({ type: 'word', value: '/regex/', start, end: i, newlineBefore });
      continue;
    }
    if (/[A-Za-z_$\u00a0-\uffff]/.test(c)) {
      while (i < code.length && /[\w$\u00a0-\uffff]/.test(code[i])) i++;
      tokens.push({ type: 'word', value: code.slice(start, i), start, end: i, newlineBefore });
      continue;
    }
    if (/\d/.test(c) || (c === '.' && /\d/.test(code[i + 1] ?? ''))) {
      while (i < code.length && /[\w.]/.test(code[i])) {
        if ((code[i] === 'e' || code[i] === 'E') && /[-+]/.test(code[i + 1] ?? '')) i++;
        i++;
      }
      tokens.push({ type: 'word', value: '0', start, end: i, newlineBefore });
      continue;
    }
    if (c === '}' && templates.length > 0 && templates[templates.length - 1] === depth - 1) {
      templates.pop();
      depth--;
      i++;
      skipTemplate();
      continue;
    }
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
    const three = code.slice(i, i + 3);
    const two = code.slice(i, i + 2);
    const op =
      three === '...' || three === '===' || three === '!==' ? three : ['=>', '==', '?.'].includes(two) ? two : c;
    i += op.length;
    tokens.push({ type: 'punct', value: op, start, end: i, newlineBefore });
  }
  return tokens;
}

const IDENT = /^[A-Za-z_$\u00a0-\uffff][\w$\u00a0-\uffff]*$/;
const isIdent = (t: Token | undefined): boolean => t?.type === 'word' && IDENT.test(t.value);
const STATEMENT_START = new Set([';', '{', '}']);

/** Rewrites a cell so its top-level declarations land on the notebook scope (see the file comment). */
export function compileCell(code: string): CompiledCell {
  const tokens = tokenize(code);
  const declared = new Set<string>();
  const replacements: { start: number; end: number; text: string }[] = [];
  const hoisted: string[] = [];
  let depth = 0;
  const atStatementStart = (k: number): boolean => {
    const prev = tokens[k - 1];
    return !prev || (prev.type === 'punct' && STATEMENT_START.has(prev.value)) || tokens[k].newlineBefore;
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type === 'punct') {
      if ('([{'.includes(t.value)) depth++;
      else if (')]}'.includes(t.value)) depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth !== 0) continue;
    const prev = tokens[k - 1];
    if (prev?.type === 'punct' && (prev.value === '.' || prev.value === '?.')) continue;
    const next = tokens[k + 1];
    if ((t.value === 'const' || t.value === 'let' || t.value === 'var') && atStatementStart(k)) {
      if (!next || !(isIdent(next) || next.value === '{' || next.value === '[')) continue;
      if (t.value !== 'var') replacements.push({ start: t.start, end: t.end, text: 'var' });
      k = collectDeclarators(tokens, k + 1, declared) - 1;
      continue;
    }
    const isAsyncFunction = t.value === 'async' && next?.value === 'function' && !next.newlineBefore;
    if ((t.value === 'function' || isAsyncFunction) && atStatementStart(k)) {
      let n = isAsyncFunction ? k + 2 : k + 1;
      if (tokens[n]?.value === '*') n++;
      if (isIdent(tokens[n])) {
        declared.add(tokens[n].value);
        hoisted.push(tokens[n].value);
      }
      continue;
    }
    if (t.value === 'class' && atStatementStart(k) && isIdent(next)) {
      declared.add(next.value);
      const close = classBodyEnd(tokens, k + 2);
      if (close >= 0)
        replacements.push({ start: close, end: close, text: `;${SCOPE_PARAM}.${next.value} = ${next.value};` });
    }
  }
  let body = code;
  for (const r of replacements.sort((a, b) => b.start - a.start)) {
    body = body.slice(0, r.start) + r.text + body.slice(r.end);
  }
  const prelude = hoisted.map((name) => `${SCOPE_PARAM}.${name} = ${name};`).join(' ');
  return { body: prelude ? `${prelude}\n${body}` : body, declared: [...declared] };
}

/** Reads the binding names of `a = 1, {b, c: d} = o, [e, ...f] = g` from token k; returns the index after. */
function collectDeclarators(tokens: Token[], k: number, declared: Set<string>): number {
  let expectBinding = true;
  let depth = 0;
  for (; k < tokens.length; k++) {
    const t = tokens[k];
    if (depth === 0 && t.newlineBefore && !expectBinding) {
      const prev = tokens[k - 1];
      const continues = t.type === 'punct' && !'([{'.includes(t.value);
      if (!continues && !(prev.type === 'punct' && prev.value !== ')' && prev.value !== ']' && prev.value !== '}'))
        return k;
    }
    if (t.type === 'punct') {
      if (depth === 0 && t.value === ';') return k + 1;
      if (depth === 0 && t.value === ',') {
        expectBinding = true;
        continue;
      }
      if (expectBinding && (t.value === '{' || t.value === '[')) {
        k = collectPattern(tokens, k, declared);
        expectBinding = false;
        continue;
      }
      if ('([{'.includes(t.value)) depth++;
      else if (')]}'.includes(t.value)) depth--;
      if (depth < 0) return k;
      expectBinding = false;
      continue;
    }
    if (expectBinding && depth === 0 && isIdent(t)) declared.add(t.value);
    expectBinding = false;
  }
  return k;
}

/** Binding names inside a destructuring pattern opening at token k; returns the index of its closing bracket. */
function collectPattern(tokens: Token[], k: number, declared: Set<string>): number {
  let depth = 0;
  // Inside a default value (`= …`) until the next comma at this pattern depth.
  let inDefaultAt = -1;
  for (; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type === 'punct') {
      if (t.value === '{' || t.value === '[' || t.value === '(') depth++;
      else if (t.value === '}' || t.value === ']' || t.value === ')') {
        depth--;
        if (inDefaultAt > depth) inDefaultAt = -1;
        if (depth === 0) return k;
      } else if (t.value === ',' && inDefaultAt === depth) inDefaultAt = -1;
      else if (t.value === '=' && inDefaultAt < 0) inDefaultAt = depth;
      continue;
    }
    if (inDefaultAt >= 0 || !isIdent(t)) continue;
    const after = tokens[k + 1];
    if (after?.type === 'punct' && after.value === ':') continue;
    declared.add(t.value);
  }
  return k;
}

/** The offset just after the `}` closing a class body that starts at or after token k. */
function classBodyEnd(tokens: Token[], k: number): number {
  let depth = 0;
  let opened = false;
  for (; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type !== 'punct') continue;
    if (t.value === '(' || t.value === '[') depth++;
    else if (t.value === ')' || t.value === ']') depth--;
    else if (t.value === '{') {
      if (depth === 0) opened = true;
      depth++;
    } else if (t.value === '}') {
      depth--;
      if (opened && depth === 0) return t.end;
    }
  }
  return -1;
}
