/**
 * Uncertainties of functions of the fitted parameters by the delta method: tied parameters
 * (lmfit's `expr`) join params, stdErrors, covariance and correlation, and derived quantities
 * land in `result.derived`. Gradients are the exact symbolic derivatives of each expression,
 * compiled by the model compiler; tied parameters are appended in dependency order, so a
 * chain (c reads b reads a) is the chain rule applied one link at a time.
 */
import type { DerivedQuantity, FitResult } from '../api-types';
import type { Expr } from '../model/ast';
import { identifiersInOrder } from '../model/ast';
import { compileModel } from '../model/compile-model';
import { evaluateAst } from '../model/evaluate-ast';
import { print } from '../model/printer';
import { correlationFromCovariance, criticalT } from '../stats';

/** Value and gradient (by the names it reads) of a scalar expression of parameters. */
export interface ScalarExpression {
  readonly names: readonly string[];
  evaluate(values: Readonly<Record<string, number>>): { value: number; gradient: Float64Array };
}

/** Compiles an expression of parameters and constants to value + exact gradient. */
export function compileScalarExpression(e: Expr): ScalarExpression {
  const names = identifiersInOrder(e);
  if (names.length === 0) {
    const value = evaluateAst(e, {});
    return { names, evaluate: () => ({ value, gradient: new Float64Array(0) }) };
  }
  const model = compileModel(print(e), { predictors: [] });
  // The compiler orders parameters by first appearance in its canonical text: map by name.
  const slot = names.map((n) => model.paramNames.indexOf(n));
  const params = new Float64Array(model.paramNames.length);
  const out = new Float64Array(1);
  const jac = new Float64Array(model.paramNames.length);
  return {
    names,
    evaluate(values) {
      names.forEach((n, k) => {
        if (slot[k] >= 0) params[slot[k]] = values[n];
      });
      model.evaluateWithJacobian(params, [], out, jac);
      return { value: out[0], gradient: Float64Array.from(slot, (s) => (s >= 0 ? jac[s] : 0)) };
    },
  };
}

/** gᵀ·C·g over the indices `idx`, keeping exact zeros where g is zero (so ∞·0 stays out). */
function quadraticForm(cov: number[][], idx: readonly number[], g: Float64Array): number {
  let s = 0;
  for (let a = 0; a < idx.length; a++) {
    if (g[a] === 0) continue;
    for (let b = 0; b < idx.length; b++) if (g[b] !== 0) s += g[a] * cov[idx[a]][idx[b]] * g[b];
  }
  return s;
}

/**
 * Appends the tied parameters (dependency order) to `result`: value from the expression,
 * covariance rows g·C and variance gᵀCg with g the exact gradient. `written` may read
 * earlier tied names: their rows are already in C, which is the chain rule.
 */
export function appendTiedParameters(
  result: FitResult,
  order: readonly string[],
  written: ReadonlyMap<string, Expr>,
  confidenceLevel = 0.95,
): FitResult {
  if (order.length === 0) return result;
  const names = [...result.paramNames];
  const cov = result.covariance.map((row) => [...row]);
  const params = { ...result.params };
  const stdErrors = { ...result.stdErrors };
  const intervals = { ...result.confidenceIntervals };
  const t = criticalT(confidenceLevel, result.dof);
  for (const name of order) {
    const expr = compileScalarExpression(written.get(name) as Expr);
    const { value, gradient } = expr.evaluate(params);
    const idx = expr.names.map((n) => names.indexOf(n));
    const row = names.map((_, j) => {
      let s = 0;
      idx.forEach((i, a) => {
        if (gradient[a] !== 0) s += gradient[a] * cov[i][j];
      });
      return s;
    });
    const variance = quadraticForm(cov, idx, gradient);
    cov.forEach((r, j) => r.push(row[j]));
    cov.push([...row, variance]);
    names.push(name);
    params[name] = value;
    const se = Math.sqrt(Math.max(0, variance));
    stdErrors[name] = Number.isNaN(variance) ? NaN : se;
    intervals[name] = se === 0 ? [value, value] : [value - t * se, value + t * se];
  }
  const p = names.length;
  const flat = new Float64Array(p * p);
  cov.forEach((r, i) => r.forEach((v, j) => (flat[i * p + j] = v)));
  const corr = correlationFromCovariance(flat, p);
  return {
    ...result,
    params,
    stdErrors,
    confidenceIntervals: intervals,
    paramNames: names,
    covariance: cov,
    correlation: Array.from({ length: p }, (_, i) => Array.from(corr.subarray(i * p, (i + 1) * p))),
  };
}

/** Reorders params, covariance and correlation to `order` (names missing from it keep their place at the end). */
export function reorderParameters(result: FitResult, order: readonly string[]): FitResult {
  const wanted = order.filter((n) => result.paramNames.includes(n));
  const rest = result.paramNames.filter((n) => !wanted.includes(n));
  const names = [...wanted, ...rest];
  const perm = names.map((n) => result.paramNames.indexOf(n));
  if (perm.every((v, i) => v === i)) return result;
  const pick = (m: number[][]) => perm.map((i) => perm.map((j) => m[i][j]));
  const byName = <T>(rec: Record<string, T>): Record<string, T> => Object.fromEntries(names.map((n) => [n, rec[n]]));
  return {
    ...result,
    paramNames: names,
    params: byName(result.params),
    stdErrors: byName(result.stdErrors),
    confidenceIntervals: byName(result.confidenceIntervals),
    covariance: pick(result.covariance),
    correlation: pick(result.correlation),
  };
}

/** `result.derived[name] = { value, stdError }` for each expression (delta method over the covariance). */
export function computeDerived(
  result: FitResult,
  derived: ReadonlyMap<string, Expr>,
  confidenceLevel = 0.95,
): Record<string, DerivedQuantity> {
  const out: Record<string, DerivedQuantity> = {};
  const t = criticalT(confidenceLevel, result.dof);
  for (const [name, e] of derived) {
    const expr = compileScalarExpression(e);
    const { value, gradient } = expr.evaluate(result.params);
    const idx = expr.names.map((n) => result.paramNames.indexOf(n));
    const variance = quadraticForm(result.covariance, idx, gradient);
    const stdError = Number.isNaN(variance) ? NaN : Math.sqrt(Math.max(0, variance));
    out[name] = {
      value,
      stdError,
      confidenceInterval: stdError === 0 ? [value, value] : [value - t * stdError, value + t * stdError],
    };
  }
  return out;
}
