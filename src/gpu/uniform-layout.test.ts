import { describe, expect, it } from 'vitest';
import { compileModel } from '../core/model/compile-model';
import { buildProgramSource, type ProgramSpec } from './program-source';
import { BATCH_LM_UNIFORMS } from './shaders/batch-lm-wgsl';
import { NORMAL_EQUATIONS_UNIFORMS, REDUCE_PARTIALS_UNIFORMS } from './shaders/normal-equations-wgsl';
import { defineUniforms, type UniformLayout } from './shaders/uniform-layout';

const gauss = compileModel('a*exp(-(x-mu)^2/(2*s^2)) + c');

const KERNELS: [ProgramSpec['kernel'], UniformLayout<string>][] = [
  ['normal-equations', NORMAL_EQUATIONS_UNIFORMS],
  ['cost-only', NORMAL_EQUATIONS_UNIFORMS],
  ['batch-lm', BATCH_LM_UNIFORMS],
  ['reduce-partials', REDUCE_PARTIALS_UNIFORMS],
];

/** Fields of the struct the kernel declares, in order, as WGSL reads them. */
function declaredStruct(source: string, name: string): { name: string; type: string }[] {
  const matches = [...source.matchAll(new RegExp(`struct ${name} \\{([^}]*)\\}`, 'g'))];
  expect(matches, `one struct ${name}`).toHaveLength(1);
  return [...matches[0][1].matchAll(/(\w+)\s*:\s*(\w+)\s*,/g)].map((m) => ({ name: m[1], type: m[2] }));
}

describe('GPU uniforms declared once', () => {
  for (const [kernel, layout] of KERNELS) {
    it(`${kernel}: the kernel reads exactly the fields of its table, at the packer's offsets`, () => {
      const source = buildProgramSource(
        { kernel, workgroupSize: 64 },
        kernel === 'reduce-partials' ? null : gauss.wgsl,
      );
      const struct = declaredStruct(source, layout.structName);
      const tableNames = layout.fields.map((f) => f.name);
      // Table order is the struct order: word i of the packed buffer is struct member i.
      expect(struct.slice(0, tableNames.length)).toEqual(layout.fields.map((f) => ({ name: f.name, type: f.type })));
      expect(struct.slice(tableNames.length).every((f) => f.name.startsWith('_pad') && f.type === 'u32')).toBe(true);
      expect((struct.length * 4) % 16).toBe(0);
      expect(layout.byteSize).toBe(struct.length * 4);
      const read = new Set([...source.matchAll(/\bU\.(\w+)/g)].map((m) => m[1]));
      // A field the shader reads but the table lacks, or a table field nobody reads, fails here.
      expect([...read].sort()).toEqual([...tableNames].sort());
      const packed = layout.pack(Object.fromEntries(layout.fields.map((f, i) => [f.name, i + 1])));
      const asFloat = new Float32Array(packed.buffer);
      layout.fields.forEach((f, i) => expect(f.type === 'f32' ? asFloat[i] : packed[i]).toBe(i + 1));
    });
  }

  it('rejects a missing, an extra or a mistyped value', () => {
    const layout = defineUniforms('Demo', [
      { name: 'count', type: 'u32' },
      { name: 'scale', type: 'f32' },
    ] as const);
    expect(layout.wgsl).toBe('struct Demo {\n  count: u32,\n  scale: f32,\n  _pad0: u32,\n  _pad1: u32,\n}');
    // @ts-expect-error: a missing field is a type error at build time…
    expect(() => layout.pack({ count: 1 })).toThrow(/Demo\.scale is missing/);
    // @ts-expect-error: …and so is an extra one.
    expect(() => layout.pack({ count: 1, scale: 2, extra: 3 })).toThrow(/no field extra/);
    expect(() => layout.pack({ count: 1.5, scale: 2 })).toThrow(/Demo\.count is u32/);
    expect(() => layout.pack({ count: -1, scale: 2 })).toThrow(/Demo\.count is u32/);
    expect(Array.from(layout.pack({ count: 7, scale: 0.5 }))).toEqual([7, 0x3f000000, 0, 0]);
  });

  it('refuses a table with a duplicate or a non-WGSL name', () => {
    expect(() =>
      defineUniforms('Bad', [
        { name: 'n', type: 'u32' },
        { name: 'n', type: 'f32' },
      ]),
    ).toThrow(/declared twice/);
    expect(() => defineUniforms('Bad', [{ name: 'not-a-name', type: 'u32' }])).toThrow(/not a WGSL name/);
  });
});
