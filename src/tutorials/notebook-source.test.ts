import { describe, expect, it } from 'vitest';
import {
  checkedNumbers,
  checkValue,
  impliedTolerance,
  parseInline,
  parseMarkdown,
  safeHref,
} from './notebook-markdown';
import { NotebookFormatError, notebookCells, parseNotebook, serializeNotebook } from './notebook-source';

const SOURCE = [
  '---',
  'id: demo',
  'title: "A demo"',
  'level: beginner',
  'time: 5 minutes',
  'prerequisites: [none]',
  'requires: [curveFit, curveFitGlobal]',
  '---',
  '# A demo',
  '',
  'Some prose.',
  '```js cell',
  'const a = 1;',
  '```',
  'Between, with a shown fence:',
  '```text',
  'not a cell',
  '```',
  '````ts cell',
  'const b: number = 2;',
  '```still code',
  '````',
  'The end.',
  '',
].join('\n');

describe('parseNotebook', () => {
  it('reads front matter, prose and cells', () => {
    const nb = parseNotebook(SOURCE);
    expect(nb.meta).toMatchObject({
      id: 'demo',
      title: 'A demo',
      level: 'beginner',
      time: '5 minutes',
      prerequisites: ['none'],
      requires: ['curveFit', 'curveFitGlobal'],
    });
    expect(nb.blocks.map((b) => b.kind)).toEqual(['prose', 'cell', 'prose', 'cell', 'prose']);
    const cells = notebookCells(nb);
    expect(cells.map((c) => [c.lang, c.code])).toEqual([
      ['js', 'const a = 1;'],
      ['ts', 'const b: number = 2;\n```still code'],
    ]);
  });
  it('round-trips exactly and replaces edited cells only', () => {
    const nb = parseNotebook(SOURCE);
    expect(serializeNotebook(nb)).toBe(SOURCE);
    const edited = serializeNotebook(nb, [undefined, 'const b = 3;']);
    expect(edited).toBe(SOURCE.replace('const b: number = 2;\n```still code', 'const b = 3;'));
    expect(notebookCells(parseNotebook(edited))[1].code).toBe('const b = 3;');
  });
  it('rejects malformed sources with the line', () => {
    expect(() => parseNotebook('# no front matter')).toThrow(NotebookFormatError);
    expect(() => parseNotebook('---\nid: x\n')).toThrow(/not closed/);
    expect(() => parseNotebook('---\ntitle: t\n---\n')).toThrow(/no "id"/);
    expect(() => parseNotebook('---\nid: Bad Id\ntitle: t\n---\n')).toThrow(/lower-case/);
    expect(() => parseNotebook('---\nid: x\ntitle: t\n---\n```js cell\nconst a = 1;\n')).toThrow(/line 5/);
  });
});

describe('notebook markdown', () => {
  it('parses blocks', () => {
    const blocks = parseMarkdown(
      '## Step 1\n\nText *em* and **strong** `code` [link](#/x).\n\n- one\n- two\n\n1. first\n2. second\n\n> note\n\n| a | b |\n|---|---|\n| 1 | 2 |',
    );
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'list', 'list', 'quote', 'table']);
    const para = blocks[1];
    expect(para.kind === 'paragraph' && para.children.map((c) => c.kind)).toEqual([
      'text',
      'em',
      'text',
      'strong',
      'text',
      'code',
      'text',
      'link',
      'text',
    ]);
  });
  it('reads checked numbers with implied and explicit tolerances', () => {
    const found = checkedNumbers(
      'The amplitude is {{r.params.a = 3.21}} and R² {{r.rSquared = 0.998 ± 0.001}}; n = {{n = 120}}.',
    );
    expect(found).toEqual([
      { expression: 'r.params.a', text: '3.21', expected: 3.21, tolerance: 0.005 },
      { expression: 'r.rSquared', text: '0.998', expected: 0.998, tolerance: 0.001 },
      { expression: 'n', text: '120', expected: 120, tolerance: 0.5 },
    ]);
    expect(checkValue(found[0], 3.214)).toBe(true);
    expect(checkValue(found[0], 3.2151)).toBe(false);
    expect(checkValue(found[0], '3.21')).toBe(false);
  });
  it('reads checked words, compared exactly', () => {
    const [word] = checkedNumbers('The service is {{health.state = "Healthy"}}.');
    expect(word).toEqual({ expression: 'health.state', text: 'Healthy', expected: 'Healthy', tolerance: 0 });
    expect(checkValue(word, 'Healthy')).toBe(true);
    expect(checkValue(word, 'Failed')).toBe(false);
  });
  it('finds checked numbers in lists and tables', () => {
    expect(
      checkedNumbers('- a {{x = 1}}\n\n| k | v |\n|---|---|\n| y | {{y = -2.5e-3}} |').map((c) => c.expression),
    ).toEqual(['x', 'y']);
  });
  it('implies half a unit of the last digit', () => {
    expect(impliedTolerance('3.21')).toBeCloseTo(0.005);
    expect(impliedTolerance('1.5e-3')).toBeCloseTo(5e-5);
    expect(impliedTolerance('-7')).toBe(0.5);
  });
  it('keeps text that only looks like markup', () => {
    expect(parseInline('2 * x * y')).toEqual([{ kind: 'text', text: '2 * x * y' }]);
  });
  it('renders only safe links', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('?demo=gaussian#/')).toBe('?demo=gaussian#/');
    expect(safeHref('https://example.org')).toBe('https://example.org');
  });
});
