import { FUSED_MAX_PARAMS, type CompiledModel, type FusedKernels, type WgslModel } from './compiled-model';
import type { Expr } from './ast';
import { FitbenchError } from '../errors';
import { generateFusedSource, generateJsSource, instantiateKernel } from './codegen-js';
import type { FusedCostKernel, FusedNormalKernel, JacobianKernel, ValueKernel } from './codegen-js';
import { generateWgsl } from './codegen-wgsl';
import { generateFusedWasm } from './codegen-wasm';
import { fusedWasmBinder } from './wasm-fused-kernel';
import { differentiate } from './differentiate';
import { parseModel } from './parse-model';
import type { ModelOptions, ParsedModel } from './parse-model';
import { ExprPool } from './simplify';
import { LruCache } from '../lru-cache';

export { parseModel };
export type { ModelOptions, ParsedModel };

/** Simplified f and ∂f/∂θ_j (interned in one pool, so they share nodes). */
export interface ModelDerivatives {
  readonly value: Expr;
  readonly gradient: readonly Expr[];
}

/** Simplifies a parsed model and differentiates it by every parameter. */
export function deriveModel(parsed: ParsedModel): ModelDerivatives {
  const pool = new ExprPool();
  const value = pool.simplify(parsed.ast);
  const gradient = parsed.paramNames.map((name) => differentiate(pool, value, name));
  return { value, gradient };
}

const cache = new LruCache<string, CompiledModel>(64);

/**
 * Parses, simplifies, differentiates and generates code for a model expression. Results are
 * cached (LRU, 64 entries) by expression and predictor list; a CompiledModel is immutable.
 * Throws FitbenchError MODEL_PARSE / MODEL_UNKNOWN_FUNCTION / MODEL_ARITY (with
 * context.position) or MODEL_NO_PARAMETERS.
 */
export function compileModel(expression: string, options: ModelOptions = {}): CompiledModel {
  return cache.getOrCreate(JSON.stringify([expression, options.predictors ?? null]), () =>
    buildModel(expression, options),
  );
}

function buildModel(expression: string, options: ModelOptions): CompiledModel {
  const parsed = parseModel(expression, options);
  const { value, gradient } = deriveModel(parsed);
  const slots = { paramNames: parsed.paramNames, predictorNames: parsed.predictorNames };
  const valueKernel = instantiateKernel<ValueKernel>(generateJsSource([value], slots, false));
  const jacobianKernel = instantiateKernel<JacobianKernel>(generateJsSource([value, ...gradient], slots, true));
  const np = parsed.paramNames.length;
  const nx = parsed.predictorNames.length;
  let wgsl: WgslModel | undefined;
  let fused: FusedKernels | undefined;

  const check = (params: Float64Array, predictors: readonly Float64Array[], n: number): void => {
    if (params.length !== np) {
      throw new FitbenchError(
        'PARAM_UNKNOWN',
        `Model expects ${np} parameters (${parsed.paramNames.join(', ')}), got ${params.length}`,
      );
    }
    if (predictors.length < nx) {
      throw new FitbenchError(
        'DATA_COLUMN_MISSING',
        `Model reads ${nx} predictor column(s) (${parsed.predictorNames.join(', ')}), got ${predictors.length}`,
      );
    }
    for (let c = 0; c < nx; c++) {
      if (predictors[c].length < n) {
        throw new FitbenchError(
          'DATA_LENGTH_MISMATCH',
          `Predictor '${parsed.predictorNames[c]}' has ${predictors[c].length} values, output has ${n}`,
          { column: parsed.predictorNames[c] },
        );
      }
    }
  };

  return Object.freeze({
    expression: parsed.expression,
    paramNames: parsed.paramNames,
    predictorNames: parsed.predictorNames,
    evaluate(params: Float64Array, predictors: readonly Float64Array[], out: Float64Array): void {
      check(params, predictors, out.length);
      valueKernel(params, predictors, out, out.length);
    },
    evaluateWithJacobian(
      params: Float64Array,
      predictors: readonly Float64Array[],
      out: Float64Array,
      jac: Float64Array,
    ): void {
      const n = out.length;
      check(params, predictors, n);
      if (jac.length < n * np) {
        throw new FitbenchError(
          'DATA_LENGTH_MISMATCH',
          `Jacobian buffer holds ${jac.length} values, needs ${n} × ${np}`,
        );
      }
      jacobianKernel(params, predictors, out, jac, n);
    },
    get fused(): FusedKernels | undefined {
      if (np > FUSED_MAX_PARAMS) return undefined;
      if (!fused) {
        const roots = [value, ...gradient];
        const normalSource = generateFusedSource(roots, slots, true);
        fused = {
          sumSquares: instantiateKernel<FusedCostKernel>(generateFusedSource([value], slots, false)),
          normalEquations: instantiateKernel<FusedNormalKernel>(normalSource),
          bindNormalEquations: fusedWasmBinder(normalSource, (weighted) => generateFusedWasm(roots, slots, weighted)),
        };
      }
      return fused;
    },
    get wgsl(): WgslModel {
      wgsl ??= generateWgsl(value, gradient, slots);
      return wgsl;
    },
  });
}
