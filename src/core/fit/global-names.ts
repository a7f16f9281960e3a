/**
 * Parameter names of a global fit. A shared parameter keeps its name; every other parameter q
 * of data set k becomes `q_<k>` (k 1-based). Entries of p0, bounds, fixed and expressions
 * under a bare per-data-set name apply to every data set that has it; under `q_<k>` to one.
 */
import { FitbenchError } from '../errors';
import type { Expr } from '../model/ast';
import { identifiersInOrder } from '../model/ast';
import { renameIdentifiers } from './parameter-expressions';

/** The parameters of each data set's model, before renaming. */
export interface GlobalNaming {
  /** Parameter names each data set's model reads (local, bare). */
  readonly local: readonly (readonly string[])[];
  readonly shared: ReadonlySet<string>;
}

/** Global name of local parameter `q` of data set `k` (0-based index). */
export function globalName(naming: GlobalNaming, q: string, k: number): string {
  return naming.shared.has(q) ? q : `${q}_${k + 1}`;
}

/** True when `name` is a bare per-data-set name (a parameter of some model, not shared). */
export function isBareLocal(naming: GlobalNaming, name: string): boolean {
  return !naming.shared.has(name) && naming.local.some((names) => names.includes(name));
}

/** The global names a p0/bounds/fixed key stands for (a bare local name: one per data set having it). */
export function expandKey(naming: GlobalNaming, key: string): string[] {
  if (!isBareLocal(naming, key)) return [key];
  const out: string[] = [];
  naming.local.forEach((names, k) => {
    if (names.includes(key)) out.push(globalName(naming, key, k));
  });
  return out;
}

/**
 * Expressions in global names. A key that is a bare per-data-set name defines that
 * parameter in every data set, reading the same data set's parameters by their bare names
 * (`{ s: "2*g" }` → s_1 = 2*g_1, s_2 = 2*g_2). Any other key reads global names only; a bare
 * per-data-set name there would be ambiguous and is an error.
 */
export function expandExpressions(
  naming: GlobalNaming,
  written: ReadonlyMap<string, Expr>,
  texts: Readonly<Record<string, string>>,
): { written: Map<string, Expr>; texts: Record<string, string> } {
  const out = new Map<string, Expr>();
  const outTexts: Record<string, string> = {};
  const put = (name: string, e: Expr, text: string): void => {
    if (out.has(name))
      throw new FitbenchError(
        'EXPRESSION_INVALID',
        `"${name}" is defined by two expressions (a bare-name entry applies to every data set): keep one`,
        { parameter: name },
      );
    out.set(name, e);
    outTexts[name] = text;
  };
  for (const [key, e] of written) {
    if (isBareLocal(naming, key)) {
      naming.local.forEach((names, k) => {
        if (!names.includes(key)) return;
        const renamed = renameIdentifiers(e, (id) => (names.includes(id) ? globalName(naming, id, k) : id));
        put(globalName(naming, key, k), renamed, texts[key] ?? '');
      });
      continue;
    }
    const ambiguous = identifiersInOrder(e).find((id) => isBareLocal(naming, id));
    if (ambiguous !== undefined)
      throw new FitbenchError(
        'EXPRESSION_INVALID',
        `the expression for "${key}" reads "${ambiguous}", which is one parameter per data set: write ${ambiguous}_1, ${ambiguous}_2, … (or share it)`,
        { parameter: key },
      );
    put(key, e, texts[key] ?? '');
  }
  return { written: out, texts: outTexts };
}
