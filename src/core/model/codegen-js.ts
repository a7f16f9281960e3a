import type { Expr } from './ast';
import { CONSTANTS } from './ast';
import { planDag, smallIntegerExponent } from './dag-plan';
import { fastExp } from '../numerics/fast-exp';
import { erf, erfc, wofzIm, wofzRe } from '../numerics/error-functions';
import { assertNever } from '../assert-never';
import { LruCache } from '../lru-cache';

/** Where identifiers live: parameter k → p[k], predictor k → column k. */
export interface SlotMap {
  readonly paramNames: readonly string[];
  readonly predictorNames: readonly string[];
}

/** (params, columns, out, n) */
export type ValueKernel = (p: Float64Array, cols: readonly Float64Array[], out: Float64Array, n: number) => void;
/** (params, columns, out, jac, n) with jac row-major n × p */
export type JacobianKernel = (
  p: Float64Array,
  cols: readonly Float64Array[],
  out: Float64Array,
  jac: Float64Array,
  n: number,
) => void;

/** (params, columns, y, weights or null, start, end) → Σ r² over rows [start, end) */
export type FusedCostKernel = (
  p: Float64Array,
  cols: readonly Float64Array[],
  y: Float64Array,
  w: Float64Array | null,
  start: number,
  end: number,
) => number;
/** (params, columns, y, weights or null, start, end, acc): see generateFusedSource */
export type FusedNormalKernel = (
  p: Float64Array,
  cols: readonly Float64Array[],
  y: Float64Array,
  w: Float64Array | null,
  start: number,
  end: number,
  acc: Float64Array,
) => void;

/** A number as JS source: exact round trip, negatives parenthesized. */
function jsNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  return v < 0 ? `(${String(v)})` : String(v);
}

const MATH_CALLS: Readonly<Record<string, string>> = {
  exp: 'Math.exp',
  log: 'Math.log',
  ln: 'Math.log',
  log10: 'Math.log10',
  sqrt: 'Math.sqrt',
  abs: 'Math.abs',
  sin: 'Math.sin',
  cos: 'Math.cos',
  tan: 'Math.tan',
  asin: 'Math.asin',
  acos: 'Math.acos',
  atan: 'Math.atan',
  atan2: 'Math.atan2',
  sinh: 'Math.sinh',
  cosh: 'Math.cosh',
  tanh: 'Math.tanh',
  pow: 'Math.pow',
  min: 'Math.min',
  max: 'Math.max',
  sign: 'Math.sign',
  erf: 'erf',
  erfc: 'erfc',
  wofz_re: 'wofzRe',
  wofz_im: 'wofzIm',
};

/** The normal-equation kernel inlines its exp (see fast-exp.ts for why only there). */
const FUSED_NORMAL_CALLS: Readonly<Record<string, string>> = { ...MATH_CALLS, exp: 'fastExp' };

/** A point-loop plan: parameter-only temporaries before the loop, per-point ones inside. */
interface EmittedPlan {
  /** `const p0 = p[0]; …`, the column handles and the hoisted temporaries. */
  readonly prelude: readonly string[];
  /** `const x0 = c0[i]; …` and the per-point temporaries (loop index `i`). */
  readonly perPoint: readonly string[];
  /** The JS expression of a root after `perPoint`. */
  readonly ref: (e: Expr) => string;
}

/**
 * Every piece of the text comes from this function: identifiers become p0…/x0… by their
 * slot index and numbers are printed here, so no user text can reach the source.
 */
function emitPlan(
  roots: readonly Expr[],
  slots: SlotMap,
  calls: Readonly<Record<string, string>> = MATH_CALLS,
  hoistReciprocals = false,
): EmittedPlan {
  const paramIndex = new Map(slots.paramNames.map((n, k) => [n, k]));
  const predictorIndex = new Map(slots.predictorNames.map((n, k) => [n, k]));
  const plan = planDag(roots, (n) => predictorIndex.has(n), true);

  const leafName = (name: string): string => {
    const k = paramIndex.get(name);
    if (k !== undefined) return `p${k}`;
    const c = predictorIndex.get(name);
    if (c !== undefined) return `x${c}`;
    throw new Error(`identifier '${name}' has no slot`);
  };

  const ref = (e: Expr): string => plan.names.get(e) ?? inline(e);
  // With hoistReciprocals, a per-point division by a parameter-only value becomes a product
  // with its reciprocal computed before the loop (≤ 1 ulp more rounding, no divide per point).
  let inLoop = false;
  const reciprocals = new Map<string, string>();
  const divisor = (e: Expr): string | undefined => {
    if (!hoistReciprocals || !inLoop) return undefined;
    const name = e.type === 'identifier' ? (paramIndex.has(e.name) ? leafName(e.name) : undefined) : plan.names.get(e);
    if (name === undefined || !(name.startsWith('h') || name.startsWith('p'))) return undefined;
    let inv = reciprocals.get(name);
    if (!inv) {
      inv = `_i${name}`;
      reciprocals.set(name, inv);
    }
    return inv;
  };
  const inline = (e: Expr): string => {
    switch (e.type) {
      case 'number':
        return jsNumber(e.value);
      case 'constant':
        return jsNumber(CONSTANTS[e.name]);
      case 'identifier':
        return leafName(e.name);
      case 'negate':
        return `(-${ref(e.arg)})`;
      case 'binary': {
        if (e.op === '/') {
          const inv = divisor(e.right);
          if (inv) return `(${ref(e.left)} * ${inv})`;
        }
        if (e.op !== '^') return `(${ref(e.left)} ${e.op} ${ref(e.right)})`;
        const n = smallIntegerExponent(e);
        if (n !== undefined) {
          const b = ref(e.left);
          const prod = Array<string>(Math.abs(n)).fill(b).join(' * ');
          return n > 0 ? `(${prod})` : `(1 / (${prod}))`;
        }
        if (e.right.type === 'number' && e.right.value === 0.5) return `Math.sqrt(${ref(e.left)})`;
        return `Math.pow(${ref(e.left)}, ${ref(e.right)})`;
      }
      case 'call': {
        const args = e.args.map(ref);
        if (e.fn === 'ifle') return `(${args[0]} <= ${args[1]} ? ${args[2]} : ${args[3]})`;
        return `${calls[e.fn]}(${args.join(', ')})`;
      }
      default:
        return assertNever(e, 'expression node');
    }
  };

  const prelude: string[] = [];
  for (let k = 0; k < slots.paramNames.length; k++) prelude.push(`  const p${k} = p[${k}];`);
  for (let c = 0; c < slots.predictorNames.length; c++) prelude.push(`  const c${c} = cols[${c}];`);
  for (const e of plan.hoisted) prelude.push(`  const ${plan.names.get(e)} = ${inline(e)};`);
  const perPoint: string[] = [];
  inLoop = true;
  for (let c = 0; c < slots.predictorNames.length; c++) perPoint.push(`    const x${c} = c${c}[i];`);
  for (const e of plan.perPoint) perPoint.push(`    const ${plan.names.get(e)} = ${inline(e)};`);
  // Roots are printed inside the loop too: reciprocals they need are declared lazily below.
  const rootRef = (e: Expr): string => ref(e);
  const roots0 = roots.map(rootRef);
  for (const [name, inv] of reciprocals) prelude.push(`  const ${inv} = 1 / ${name};`);
  const printed = new Map(roots.map((e, k) => [e, roots0[k]]));
  return { prelude, perPoint, ref: (e) => printed.get(e) ?? ref(e) };
}

/**
 * Source of a kernel that loops over the n points and writes f (and, with `jacobian`, the
 * p derivative columns). roots[0] is f, roots[1 + j] is ∂f/∂θ_j; all interned in one pool.
 */
export function generateJsSource(roots: readonly Expr[], slots: SlotMap, jacobian: boolean): string {
  const { prelude, perPoint, ref } = emitPlan(roots, slots);
  const np = slots.paramNames.length;
  const lines: string[] = ['"use strict";'];
  lines.push(jacobian ? 'return function (p, cols, out, jac, n) {' : 'return function (p, cols, out, n) {');
  lines.push(...prelude);
  lines.push(jacobian ? `  for (let i = 0, r = 0; i < n; i++, r += ${np}) {` : '  for (let i = 0; i < n; i++) {');
  lines.push(...perPoint);
  lines.push(`    out[i] = ${ref(roots[0])};`);
  if (jacobian) {
    for (let j = 0; j < np; j++) lines.push(`    jac[r${j ? ` + ${j}` : ''}] = ${ref(roots[1 + j])};`);
  }
  lines.push('  }', '};');
  return lines.join('\n');
}

/**
 * Source of the fused least-squares kernels over rows [start, end) (see FusedKernels in
 * compiled-model.ts): with `normal` (exp inlined as fastExp), one loop computes f, r = (y − f)·w and g_j = w·∂f/∂θ_j
 * and accumulates Σr², Σg_j·r and the upper triangle of Σg_j·g_k in local variables, so the
 * Jacobian is never stored; without, only Σr². `w` may be null (unit weights).
 */
export function generateFusedSource(roots: readonly Expr[], slots: SlotMap, normal: boolean): string {
  const { prelude, perPoint, ref } = normal
    ? emitPlan(roots, slots, FUSED_NORMAL_CALLS, true)
    : emitPlan(roots.slice(0, 1), slots);
  const np = slots.paramNames.length;
  const lines: string[] = ['"use strict";'];
  lines.push(
    normal ? 'return function (p, cols, y, w, start, end, acc) {' : 'return function (p, cols, y, w, start, end) {',
  );
  lines.push(...prelude, '  const _hasW = w !== null;', '  let _rr = 0;');
  if (normal) {
    for (let j = 0; j < np; j++) lines.push(`  let _t${j} = 0;`);
    for (let j = 0; j < np; j++) for (let k = j; k < np; k++) lines.push(`  let _s${j}_${k} = 0;`);
  }
  lines.push('  for (let i = start; i < end; i++) {');
  lines.push(...perPoint);
  lines.push(
    '    const _w = _hasW ? w[i] : 1;',
    `    const _r = (y[i] - ${ref(roots[0])}) * _w;`,
    '    _rr += _r * _r;',
  );
  if (normal) {
    for (let j = 0; j < np; j++)
      lines.push(`    const _g${j} = ${ref(roots[1 + j])} * _w;`, `    _t${j} += _g${j} * _r;`);
    for (let j = 0; j < np; j++) for (let k = j; k < np; k++) lines.push(`    _s${j}_${k} += _g${j} * _g${k};`);
  }
  lines.push('  }');
  if (!normal) {
    lines.push('  return _rr;', '};');
    return lines.join('\n');
  }
  lines.push('  acc[0] = _rr;');
  for (let j = 0; j < np; j++) lines.push(`  acc[${1 + j}] = _t${j};`);
  let o = 1 + np;
  for (let j = 0; j < np; j++) for (let k = j; k < np; k++) lines.push(`  acc[${o++}] = _s${j}_${k};`);
  lines.push('};');
  return lines.join('\n');
}

/** Generated kernels kept by their source text (least recently used dropped first). */
export const KERNEL_CACHE_CAPACITY = 256;
const kernels = new LruCache<string, unknown>(KERNEL_CACHE_CAPACITY);

/**
 * Turns generated source into a function. `new Function` is safe here ONLY because the
 * source comes from generateJsSource, which prints validated AST nodes: identifiers are
 * replaced by slot names (p0, x0, …) and numbers are formatted by our code, so no user
 * text ever reaches it. The special functions come in as closure arguments.
 *
 * The same source gives the same function (a kernel is pure: it holds no state): a model
 * compiled again, spelled differently, or rebuilt with other names runs on code V8 has
 * already optimized instead of warming up a fresh copy.
 */
export function instantiateKernel<T>(source: string): T {
  return kernels.getOrCreate(source, () => {
    const factory = new Function('erf', 'erfc', 'wofzRe', 'wofzIm', 'fastExp', source) as (...fns: unknown[]) => T;
    return factory(erf, erfc, wofzRe, wofzIm, fastExp);
  }) as T;
}
