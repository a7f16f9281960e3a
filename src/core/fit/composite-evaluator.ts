/**
 * The Evaluator of a global fit: the residuals of every data set stacked, over the global
 * free parameters. Each data set has its own evaluator over all of its model's parameters
 * (the CPU one, with its fused least-squares kernels, or the whitened one for a covariance
 * sigma); the Jacobian is block-sparse, so a data set's rows touch only the columns of the
 * parameters its model reads. JᵀJ is assembled from the data sets' small JᵀJ blocks, so a
 * global fit costs the separate fits' evaluations plus one small solve per iteration.
 */
import { createCpuEvaluator } from '../solver/cpu-evaluator';
import { createWhitenedEvaluator, type SyncDenseEvaluator } from './correlated-sigma';
import type { PreparedGlobal } from './prepare-global';

type DenseEvaluator = SyncDenseEvaluator;

interface Block {
  evaluator: DenseEvaluator;
  /** Offset of this data set's rows in the stacked residuals. */
  offset: number;
  rows: number;
  /** Global free index of each local parameter, or -1 (fixed: value in `fixed`). */
  column: Int32Array;
  fixed: Float64Array;
  local: Float64Array;
  jtj: Float64Array;
  jtr: Float64Array;
}

export interface CompositeEvaluator extends DenseEvaluator {
  /** Row offset and count of each data set in the stacked residuals. */
  readonly blocks: readonly { offset: number; rows: number }[];
}

/** Builds the stacked evaluator of a prepared global fit (float64, CPU). */
export function createCompositeEvaluator(prepared: PreparedGlobal): CompositeEvaluator {
  const p = prepared.freeNames.length;
  let offset = 0;
  const blocks: Block[] = prepared.datasets.map((d) => {
    const evaluator: DenseEvaluator = d.sigmaFactor
      ? createWhitenedEvaluator({
          model: d.model,
          predictors: d.predictors,
          y: d.data.y,
          factor: d.sigmaFactor,
          loss: prepared.loss,
          fScale: prepared.fScale,
        })
      : createCpuEvaluator({
          model: d.model,
          predictors: d.predictors,
          y: d.data.y,
          sigma: d.data.sigma,
          loss: prepared.loss,
          fScale: prepared.fScale,
        });
    const names = evaluator.paramNames;
    const column = Int32Array.from(names, (n) => prepared.freeNames.indexOf(n));
    const fixed = Float64Array.from(names, (n) => prepared.fixedValues[n] ?? 0);
    const q = names.length;
    const block: Block = {
      evaluator,
      offset,
      rows: evaluator.numResiduals,
      column,
      fixed,
      local: fixed.slice(),
      jtj: new Float64Array(q * q),
      jtr: new Float64Array(q),
    };
    offset += evaluator.numResiduals;
    return block;
  });
  const m = offset;
  let scratch = new Float64Array(0);

  const localOf = (b: Block, params: Float64Array): Float64Array => {
    for (let j = 0; j < b.column.length; j++) b.local[j] = b.column[j] >= 0 ? params[b.column[j]] : b.fixed[j];
    return b.local;
  };
  const finite = (v: number): number => (Number.isFinite(v) ? v : NaN);

  return {
    numResiduals: m,
    numParameters: p,
    paramNames: prepared.freeNames,
    kind: 'dense',
    backend: 'cpu',
    blocks: blocks.map((b) => ({ offset: b.offset, rows: b.rows })),
    cost(params) {
      let total = 0;
      for (const b of blocks) total += b.evaluator.cost(localOf(b, params));
      return finite(total);
    },
    residuals(params, out) {
      for (const b of blocks) b.evaluator.residuals(localOf(b, params), out.subarray(b.offset, b.offset + b.rows));
    },
    linearize(params, residuals, jacobian) {
      jacobian.fill(0);
      let total = 0;
      for (const b of blocks) {
        const q = b.column.length;
        if (scratch.length < b.rows * q) scratch = new Float64Array(b.rows * q);
        const local = scratch.subarray(0, b.rows * q);
        total += b.evaluator.linearize(localOf(b, params), residuals.subarray(b.offset, b.offset + b.rows), local);
        for (let i = 0; i < b.rows; i++) {
          const src = i * q;
          const dst = (b.offset + i) * p;
          for (let j = 0; j < q; j++) {
            const c = b.column[j];
            if (c >= 0) jacobian[dst + c] += local[src + j];
          }
        }
      }
      return finite(total);
    },
    normalEquations(params, jtj, jtr) {
      jtj.fill(0);
      jtr.fill(0);
      let total = 0;
      for (const b of blocks) {
        const q = b.column.length;
        total += b.evaluator.normalEquations(localOf(b, params), b.jtj, b.jtr);
        for (let j = 0; j < q; j++) {
          const cj = b.column[j];
          if (cj < 0) continue;
          jtr[cj] += b.jtr[j];
          for (let k = 0; k < q; k++) {
            const ck = b.column[k];
            if (ck >= 0) jtj[cj * p + ck] += b.jtj[j * q + k];
          }
        }
      }
      return finite(total);
    },
  };
}
