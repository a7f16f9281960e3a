import type { Expr } from './ast';
import { children } from './ast';

/** Integer exponents the generators expand into multiplications (the base then needs a name). */
export function smallIntegerExponent(e: Expr): number | undefined {
  if (e.type !== 'binary' || e.op !== '^' || e.right.type !== 'number') return undefined;
  const n = e.right.value;
  return Number.isInteger(n) && n !== 0 && Math.abs(n) <= 4 ? n : undefined;
}

export interface DagPlan {
  /** Nodes computed once before the point loop (depend on parameters only), in dependency order. */
  readonly hoisted: readonly Expr[];
  /** Nodes computed once per point and reused, in dependency order. */
  readonly perPoint: readonly Expr[];
  /** Temporaries' names, for every node of `hoisted` and `perPoint`. */
  readonly names: ReadonlyMap<Expr, string>;
}

const isLeaf = (e: Expr): boolean => e.type === 'number' || e.type === 'constant' || e.type === 'identifier';

/**
 * Common-subexpression plan over the DAG of all `roots` together (f and every ∂f/∂θ_j, whose
 * nodes are interned so sharing is object identity). A non-leaf node gets a temporary when
 * more than one parent (or root) uses it; with `hoist`, every non-leaf node that reads no
 * predictor is computed once before the loop instead of once per point.
 */
export function planDag(roots: readonly Expr[], isPredictor: (name: string) => boolean, hoist: boolean): DagPlan {
  const refs = new Map<Expr, number>();
  const invariant = new Map<Expr, boolean>();
  const order: Expr[] = [];
  const visited = new Set<Expr>();

  // Iterative post-order: derivative DAGs can be deep, and recursion depth is not ours to spend.
  for (const root of roots) {
    refs.set(root, (refs.get(root) ?? 0) + 1);
    if (visited.has(root)) continue;
    const stack: Array<{ e: Expr; i: number }> = [{ e: root, i: 0 }];
    visited.add(root);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const kids = children(top.e);
      if (top.i < kids.length) {
        const c = kids[top.i++];
        // A base expanded into u*u is used twice by its parent.
        const weight = top.i === 1 && smallIntegerExponent(top.e) !== undefined ? 2 : 1;
        refs.set(c, (refs.get(c) ?? 0) + weight);
        if (!visited.has(c)) {
          visited.add(c);
          stack.push({ e: c, i: 0 });
        }
        continue;
      }
      stack.pop();
      const e = top.e;
      invariant.set(e, e.type === 'identifier' ? !isPredictor(e.name) : kids.every((k) => invariant.get(k)));
      order.push(e);
    }
  }

  const hoisted: Expr[] = [];
  const perPoint: Expr[] = [];
  const names = new Map<Expr, string>();
  for (const e of order) {
    if (isLeaf(e)) continue;
    if (hoist && invariant.get(e)) {
      names.set(e, `h${hoisted.length}`);
      hoisted.push(e);
    } else if ((refs.get(e) ?? 0) > 1) {
      names.set(e, `t${perPoint.length}`);
      perPoint.push(e);
    }
  }
  return { hoisted, perPoint, names };
}
