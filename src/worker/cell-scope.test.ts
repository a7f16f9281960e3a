import { describe, expect, it } from 'vitest';
import { CellScope } from './cell-evaluator';
import { compileCell, tokenize } from './cell-scope';

describe('compileCell', () => {
  it('turns top-level const and let into var and lists the names', () => {
    const c = compileCell('const a = 1, b = [1, 2].map((v) => v * 2);\nlet c = 3');
    expect(c.body).toBe('var a = 1, b = [1, 2].map((v) => v * 2);\nvar c = 3');
    expect(c.declared.sort()).toEqual(['a', 'b', 'c']);
  });
  it('leaves nested declarations alone', () => {
    const code =
      'for (const x of xs) { const y = x; }\nif (ok) { let z = 1; }\nfunction f() { const q = 2; return q; }';
    const c = compileCell(code);
    expect(c.body.endsWith(code)).toBe(true);
    expect(c.declared).toEqual(['f']);
  });
  it('reads destructuring patterns, skipping keys and default values', () => {
    const c = compileCell('const { a, b: renamed, c = other, d: { e } } = obj;\nconst [f, , g = h(i), ...rest] = arr;');
    expect(c.declared.sort()).toEqual(['a', 'c', 'e', 'f', 'g', 'renamed', 'rest']);
  });
  it('ignores keywords in strings, templates, comments and regexes', () => {
    const code = [
      "const s = 'const x = 1';",
      'const t = `let y = ${"const"} ${ { a: 1 }.a }`;',
      '// const commented = 1',
      '/* let block = 2 */',
      'const r = /const z/g;',
      'const q = a / b / c;',
    ].join('\n');
    expect(compileCell(code).declared.sort()).toEqual(['q', 'r', 's', 't']);
  });
  it('ignores property names that look like keywords', () => {
    expect(compileCell('obj.const = 1; x = o.let').declared).toEqual([]);
  });
  it('copies functions at the start and classes after their body', () => {
    const c = compileCell(
      'const v = f();\nasync function f() { return 1 }\nclass K extends Base { m() { return {}; } }\nnew K()',
    );
    expect(c.declared.sort()).toEqual(['K', 'f', 'v']);
    expect(c.body.startsWith('__fbScope.f = f;')).toBe(true);
    expect(c.body).toContain('} };__fbScope.K = K;');
  });
  it('tokenizes numbers with exponents and spread', () => {
    expect(tokenize('1e-3 + .5 ...a').map((t) => t.value)).toEqual(['0', '+', '0', '...', 'a']);
  });
});

describe('CellScope', () => {
  it('shares declarations between cells in order', async () => {
    const scope = new CellScope({ double: (v: number) => 2 * v });
    await scope.run('const a = 21;');
    await scope.run('let b = double(a);');
    expect(scope.get('b')).toBe(42);
    await scope.run('b = b + 1;');
    expect(scope.get('b')).toBe(43);
  });
  it('keeps functions and classes, and closures see later reassignment', async () => {
    const scope = new CellScope({});
    await scope.run('let k = 2;\nfunction times(v) { return k * v }\nclass Box { constructor(v) { this.v = v } }');
    await scope.run('k = 10;\nconst out = new Box(times(3)).v;');
    expect(scope.get('out')).toBe(30);
  });
  it('re-runs a cell with const declarations', async () => {
    const scope = new CellScope({});
    await scope.run('const x = 1;');
    await scope.run('const x = 2;');
    expect(scope.get('x')).toBe(2);
  });
  it('supports top-level await, destructuring and a returned value', async () => {
    const scope = new CellScope({ fetchPair: async () => ({ p: 1, q: [2, 3] }) });
    const value = await scope.run('const { p, q: [r, s] } = await fetchPair();\nreturn p + r + s;');
    expect(value).toBe(6);
    expect([scope.get('p'), scope.get('r'), scope.get('s')]).toEqual([1, 2, 3]);
  });
  it('declares names that shadow globals', async () => {
    const scope = new CellScope({});
    await scope.run('const name = "mine"; const Math = 3;');
    expect(scope.get('name')).toBe('mine');
    expect(scope.get('Math')).toBe(3);
    expect(globalThis.Math).not.toBe(3);
  });
  it('reports undefined names as a ReferenceError and keeps the earlier state', async () => {
    const scope = new CellScope({});
    await scope.run('const kept = 5;');
    await expect(scope.run('const y = notDefined + 1;')).rejects.toThrow(ReferenceError);
    expect(scope.get('kept')).toBe(5);
  });
  it('evaluates checked expressions and resets', async () => {
    const scope = new CellScope({});
    await scope.run('const r = { params: { a: 3.25 } };');
    expect(scope.evaluate('r.params.a')).toBe(3.25);
    expect(scope.evaluate('r.missing.a')).toBeNull();
    scope.reset();
    expect(scope.evaluate('r')).toBeNull();
  });
  it('does not treat Object.prototype names as variables', async () => {
    const scope = new CellScope({});
    expect(await scope.run('return typeof toString')).toBe('function');
    expect(await scope.run('return [1, 2].toString()')).toBe('1,2');
  });
});
