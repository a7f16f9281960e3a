import type { Expr } from './ast';
import { CONSTANTS } from './ast';
import type { WgslModel } from './compiled-model';
import type { SlotMap } from './codegen-js';
import { planDag, smallIntegerExponent } from './dag-plan';
import { wgslFloat, wgslHelperSource } from './wgsl-helpers';
import type { WgslHelper } from './wgsl-helpers';
import { assertNever } from '../assert-never';

const BUILTINS: Readonly<Record<string, string>> = {
  exp: 'exp',
  log: 'log',
  ln: 'log',
  sqrt: 'sqrt',
  abs: 'abs',
  sin: 'sin',
  cos: 'cos',
  tan: 'tan',
  asin: 'asin',
  acos: 'acos',
  atan: 'atan',
  atan2: 'atan2',
  sinh: 'sinh',
  cosh: 'cosh',
  pow: 'pow',
  min: 'min',
  max: 'max',
  sign: 'sign',
  erf: 'fb_erf',
  erfc: 'fb_erfc',
  tanh: 'fb_tanh',
};

/**
 * Emits the function bodies' statements: one `let` per shared subexpression, then the
 * given root assignments. Identifiers become p[k] / x[k] by slot, so no user text is emitted.
 */
function emitBody(
  roots: readonly Expr[],
  slots: SlotMap,
  helpers: Set<WgslHelper>,
  finish: (ref: (e: Expr) => string) => string[],
): string[] {
  const paramIndex = new Map(slots.paramNames.map((n, k) => [n, k]));
  const predictorIndex = new Map(slots.predictorNames.map((n, k) => [n, k]));
  const plan = planDag(roots, (n) => predictorIndex.has(n), false);
  const ref = (e: Expr): string => plan.names.get(e) ?? inline(e);
  const inline = (e: Expr): string => {
    switch (e.type) {
      case 'number':
        return wgslFloat(e.value);
      case 'constant':
        return wgslFloat(CONSTANTS[e.name]);
      case 'identifier': {
        const k = paramIndex.get(e.name);
        if (k !== undefined) return `p[${k}]`;
        const c = predictorIndex.get(e.name);
        if (c !== undefined) return `x[${c}]`;
        throw new Error(`identifier '${e.name}' has no slot`);
      }
      case 'negate':
        return `(-${ref(e.arg)})`;
      case 'binary': {
        if (e.op !== '^') return `(${ref(e.left)} ${e.op} ${ref(e.right)})`;
        const n = smallIntegerExponent(e);
        if (n !== undefined) {
          const prod = Array<string>(Math.abs(n)).fill(ref(e.left)).join(' * ');
          return n > 0 ? `(${prod})` : `(1.0 / (${prod}))`;
        }
        if (e.right.type === 'number' && e.right.value === 0.5) return `sqrt(${ref(e.left)})`;
        // WGSL's pow is undefined for a negative base; integer powers must work there (x^6).
        if (e.right.type === 'number' && Number.isInteger(e.right.value) && Math.abs(e.right.value) <= 1024) {
          helpers.add('powi');
          return `fb_powi(${ref(e.left)}, ${e.right.value})`;
        }
        return `pow(${ref(e.left)}, ${ref(e.right)})`;
      }
      case 'call': {
        const args = e.args.map(ref);
        switch (e.fn) {
          case 'ifle':
            return `select(${args[3]}, ${args[2]}, ${args[0]} <= ${args[1]})`;
          case 'log10':
            return `(log(${args[0]}) * ${wgslFloat(Math.LOG10E)})`;
          case 'wofz_re':
          case 'wofz_im':
            helpers.add('wofz');
            return `fb_wofz(${args[0]}, ${args[1]}).${e.fn === 'wofz_re' ? 'x' : 'y'}`;
          case 'erf':
          case 'erfc':
          case 'tanh':
            helpers.add(e.fn);
            break;
          // The rest map one to one onto WGSL built-ins (BUILTINS).
        }
        return `${BUILTINS[e.fn]}(${args.join(', ')})`;
      }
      default:
        return assertNever(e, 'expression node');
    }
  };
  const lines = plan.perPoint.map((e) => `  let ${plan.names.get(e)} = ${inline(e)};`);
  return [...lines, ...finish(ref)];
}

/**
 * WGSL for one model, matching the WgslModel contract: model_value and
 * model_value_and_gradient over `array<f32, NX>` predictors and `array<f32, NP>` parameters,
 * preceded by the helper functions the model uses. NX is at least 1 because WGSL arrays
 * cannot be empty; a model that reads no predictor ignores x[0].
 */
export function generateWgsl(value: Expr, gradient: readonly Expr[], slots: SlotMap): WgslModel {
  const nx = Math.max(1, slots.predictorNames.length);
  const np = slots.paramNames.length;
  const helpers = new Set<WgslHelper>();
  const valueBody = emitBody([value], slots, helpers, (ref) => [`  return ${ref(value)};`]);
  const gradBody = emitBody([value, ...gradient], slots, helpers, (ref) => [
    ...gradient.map((g, j) => `  (*g)[${j}] = ${ref(g)};`),
    `  return ${ref(value)};`,
  ]);
  const xType = `array<f32, ${nx}>`;
  const pType = `array<f32, ${np}>`;
  const parts = [
    `fn model_value(x: ${xType}, p: ${pType}) -> f32 {\n${valueBody.join('\n')}\n}`,
    `fn model_value_and_gradient(x: ${xType}, p: ${pType}, g: ptr<function, ${pType}>) -> f32 {\n${gradBody.join('\n')}\n}`,
  ];
  const helperText = wgslHelperSource(helpers);
  const source = (helperText ? `${helperText}\n\n` : '') + parts.join('\n\n') + '\n';
  return { source, numPredictors: nx, numParams: np };
}
