/**
 * Kernel uniforms declared once: a table of (name, type) generates both the WGSL struct and
 * the host-side packer, so the two cannot disagree on an offset (tfjs' program uniforms,
 * webgpu-utils' structured views). Every field is a 4-byte scalar, laid out in table order;
 * the struct is padded to a multiple of 16 bytes, as a uniform buffer binding wants.
 * A value missing from or extra to the table is a type error at build time and a thrown
 * error at run time; uniform-layout.test.ts checks that each kernel reads exactly its table.
 */

export type UniformScalar = 'u32' | 'f32';

export interface UniformField<Name extends string = string> {
  name: Name;
  type: UniformScalar;
}

export interface UniformLayout<Name extends string> {
  /** The struct's name in WGSL. */
  structName: string;
  fields: readonly UniformField<Name>[];
  /** Size of the packed struct in bytes (a multiple of 16). */
  byteSize: number;
  /** `struct <structName> { … }` with the padding fields. */
  wgsl: string;
  /** The uniform buffer's contents for these values (u32 fields must be integers in [0, 2³²)). */
  pack(values: Readonly<Record<Name, number>>): Uint32Array<ArrayBuffer>;
}

const WORD = 4;

/** A uniform layout from its table. */
export function defineUniforms<const Fields extends readonly UniformField[]>(
  structName: string,
  fields: Fields,
): UniformLayout<Fields[number]['name']> {
  type Name = Fields[number]['name'];
  const names = new Set<string>();
  for (const f of fields) {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(f.name)) throw new Error(`uniform ${structName}.${f.name}: not a WGSL name`);
    if (names.has(f.name)) throw new Error(`uniform ${structName}.${f.name} is declared twice`);
    names.add(f.name);
  }
  const words = Math.max(4, Math.ceil(fields.length / 4) * 4);
  const padding = Array.from({ length: words - fields.length }, (_, i) => `  _pad${i}: u32,`);
  const wgsl = [`struct ${structName} {`, ...fields.map((f) => `  ${f.name}: ${f.type},`), ...padding, '}'].join('\n');
  return {
    structName,
    fields: fields as readonly UniformField<Name>[],
    byteSize: words * WORD,
    wgsl,
    pack(values) {
      const given = Object.keys(values);
      const extra = given.filter((k) => !names.has(k));
      if (extra.length > 0) throw new Error(`uniform ${structName}: no field ${extra.join(', ')} in its table`);
      const u = new Uint32Array(words);
      const f = new Float32Array(u.buffer);
      fields.forEach((field, i) => {
        const v = (values as Record<string, number | undefined>)[field.name];
        if (typeof v !== 'number') throw new Error(`uniform ${structName}.${field.name} is missing`);
        if (field.type === 'f32') f[i] = v;
        else if (Number.isInteger(v) && v >= 0 && v <= 0xffffffff) u[i] = v;
        else throw new Error(`uniform ${structName}.${field.name} is u32 but got ${v}`);
      });
      return u;
    },
  };
}
