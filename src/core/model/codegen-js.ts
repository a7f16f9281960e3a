import type { Expr } from './ast';
import { CONSTANTS } from './ast';
import { planDag, smallIntegerExponent } from './dag-plan';
import { erf, erfc, wofzIm, wofzRe } from './special-functions';

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

/**
 * Source of a kernel that loops over the n points and writes f (and, with `jacobian`, the
 * p derivative columns). roots[0] is f, roots[1 + j] is ∂f/∂θ_j; all interned in one pool.
 * Every piece of the text comes from this function: identifiers become p0…/x0… by their
 * slot index and numbers are printed here, so no user text can reach the source.
 */
export function generateJsSource(roots: readonly Expr[], slots: SlotMap, jacobian: boolean): string {
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
        return `${MATH_CALLS[e.fn]}(${args.join(', ')})`;
      }
    }
  };

  const np = slots.paramNames.length;
  const lines: string[] = ['"use strict";'];
  lines.push(jacobian ? 'return function (p, cols, out, jac, n) {' : 'return function (p, cols, out, n) {');
  for (let k = 0; k < np; k++) lines.push(`  const p${k} = p[${k}];`);
  for (let c = 0; c < slots.predictorNames.length; c++) lines.push(`  const c${c} = cols[${c}];`);
  for (const e of plan.hoisted) lines.push(`  const ${plan.names.get(e)} = ${inline(e)};`);
  lines.push(jacobian ? `  for (let i = 0, r = 0; i < n; i++, r += ${np}) {` : '  for (let i = 0; i < n; i++) {');
  for (let c = 0; c < slots.predictorNames.length; c++) lines.push(`    const x${c} = c${c}[i];`);
  for (const e of plan.perPoint) lines.push(`    const ${plan.names.get(e)} = ${inline(e)};`);
  lines.push(`    out[i] = ${ref(roots[0])};`);
  if (jacobian) {
    for (let j = 0; j < np; j++) lines.push(`    jac[r${j ? ` + ${j}` : ''}] = ${ref(roots[1 + j])};`);
  }
  lines.push('  }', '};');
  return lines.join('\n');
}

/**
 * Turns generated source into a function. `new Function` is safe here ONLY because the
 * source comes from generateJsSource, which prints validated AST nodes: identifiers are
 * replaced by slot names (p0, x0, …) and numbers are formatted by our code, so no user
 * text ever reaches it. The special functions come in as closure arguments.
 */
export function instantiateKernel<T>(source: string): T {
  const factory = new Function('erf', 'erfc', 'wofzRe', 'wofzIm', source) as (...fns: unknown[]) => T;
  return factory(erf, erfc, wofzRe, wofzIm);
}
