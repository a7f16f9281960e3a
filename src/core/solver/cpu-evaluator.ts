/**
 * The CPU Evaluator: residuals r = (y − f)/σ and their exact Jacobian −(∂f/∂θ)/σ in f64
 * from a CompiledModel, over the free parameters only (fixed ones are baked in).
 *
 * Two linearizations: `linearize` stores the full m × p Jacobian (the QR path), and
 * `normalEquations` streams the data in blocks and accumulates JᵀJ and Jᵀr without ever
 * holding more than one block of the Jacobian (large n). Block partial sums are added
 * into the totals, which also keeps the summation error growing with the block count
 * rather than with n.
 */
import type { LossName } from '../api-types';
import { FitbenchError } from '../errors';
import type { CompiledModel } from '../model/compiled-model';
import type { BoundNormalEquations } from '../model/wasm-fused-kernel';
import type { Evaluator } from './evaluator';
import { createLoss, robustScaling } from './loss-functions';

export interface CpuEvaluatorOptions {
  model: CompiledModel;
  /** One column per model.predictorNames entry, each of length n = y.length. */
  predictors: readonly Float64Array[];
  y: Float64Array;
  /** Standard deviations of y (all > 0); omitted means 1. */
  sigma?: Float64Array;
  loss?: LossName;
  fScale?: number;
  /** Parameters held at the given values; the evaluator's parameters are the others. */
  fixed?: Readonly<Record<string, number>>;
  /** Rows per block of the streaming passes (cost, normal equations); default 4096. */
  blockSize?: number;
}

export interface CpuEvaluator extends Evaluator {
  readonly kind: 'dense';
  readonly backend: 'cpu';
  linearize(params: Float64Array, residuals: Float64Array, jacobian: Float64Array): number;
  cost(params: Float64Array): number;
  normalEquations(params: Float64Array, jtj: Float64Array, jtr: Float64Array): number;
  residuals(params: Float64Array, out: Float64Array): void;
  /** Full parameter vector (model order) for the given free parameters. */
  fullParameters(params: Float64Array): Float64Array;
  /**
   * Tells the evaluator that its predictor, y or sigma arrays were changed in place: the
   * WebAssembly kernel works on copies of them, taken again here.
   */
  dataChanged(): void;
}

interface Block {
  start: number;
  len: number;
  predictors: Float64Array[];
}

/** Builds a CPU evaluator; bad shapes, sigmas or fixed names raise FitbenchError. */
export function createCpuEvaluator(options: CpuEvaluatorOptions): CpuEvaluator {
  const { model, predictors, y } = options;
  const m = y.length;
  validate(options);
  const loss = createLoss(options.loss ?? 'linear', options.fScale ?? 1);
  const robust = loss.name !== 'linear';
  const P = model.paramNames.length;
  const fixed = options.fixed ?? {};
  const full = new Float64Array(P);
  const freeIdx: number[] = [];
  model.paramNames.forEach((name, k) => {
    if (Object.prototype.hasOwnProperty.call(fixed, name)) full[k] = fixed[name];
    else freeIdx.push(k);
  });
  const p = freeIdx.length;
  const allFree = p === P;
  const invSigma = options.sigma ? Float64Array.from(options.sigma, (s) => 1 / s) : null;

  const blockSize = Math.max(1, Math.min(m, options.blockSize ?? 4096));
  const blocks: Block[] = [];
  for (let start = 0; start < m; start += blockSize) {
    const len = Math.min(blockSize, m - start);
    const views = len === m ? predictors.slice() : predictors.map((col) => col.subarray(start, start + len));
    blocks.push({ start, len, predictors: views });
  }
  // Block buffers of the unfused paths, made on first use: a least-squares fit on the fused
  // kernels never touches them (a fresh 4096 × P block costs page faults, not only bytes).
  let blockBuffers: { f: Float64Array; jac: Float64Array } | undefined;
  const buffers = (): { f: Float64Array; jac: Float64Array } =>
    (blockBuffers ??= { f: new Float64Array(blockSize), jac: new Float64Array(blockSize * P) });
  const rho = new Float64Array(3);
  const fac = new Float64Array(2);
  let fullJac: Float64Array | null = null;
  // Least squares (linear loss) runs on the model's fused kernels: one loop per block that
  // reduces as it evaluates, 3–4× faster than writing the block's Jacobian and reading it back.
  const fused = robust ? undefined : model.fused;
  const fusedAcc = new Float64Array(1 + P + (P * (P + 1)) / 2);
  // The same normal-equation sums from WebAssembly where the model has that form (bound on
  // the first pass: a fit that never asks for them never copies its data).
  let wasmNormal: BoundNormalEquations | undefined | null = fused && m >= WASM_MIN_ROWS ? null : undefined;
  // Short warm-up calls on this fit's data before the first full pass (see primeKernel).
  let primeCost = fused !== undefined && m >= PRIME_CALLS * PRIME_ROWS;
  let primeNormal = primeCost;

  const setParams = (params: Float64Array): void => {
    for (let k = 0; k < p; k++) full[freeIdx[k]] = params[k];
  };

  /** Weighted residual of point i given the model value. */
  const weighted = (i: number, f: number): number => (invSigma ? (y[i] - f) * invSigma[i] : y[i] - f);

  const halfRho = (r: number): number => (robust ? 0.5 * loss.rho(r * r) : 0.5 * r * r);

  const evaluator: CpuEvaluator = {
    numResiduals: m,
    numParameters: p,
    paramNames: freeIdx.map((k) => model.paramNames[k]),
    kind: 'dense',
    backend: 'cpu',

    fullParameters(params) {
      setParams(params);
      return full.slice();
    },

    dataChanged() {
      if (invSigma && options.sigma) for (let i = 0; i < m; i++) invSigma[i] = 1 / options.sigma[i];
      wasmNormal?.reload();
    },

    cost(params) {
      setParams(params);
      let total = 0;
      if (fused) {
        if (primeCost) {
          primeCost = false;
          primeKernel((start, end) => fused.sumSquares(full, predictors, y, invSigma, start, end));
        }
        for (let start = 0; start < m; start += blockSize)
          total += fused.sumSquares(full, predictors, y, invSigma, start, Math.min(m, start + blockSize));
        total *= 0.5;
        return Number.isFinite(total) ? total : NaN;
      }
      for (const b of blocks) {
        const fBlock = buffers().f;
        const f = b.len === blockSize ? fBlock : fBlock.subarray(0, b.len);
        model.evaluate(full, b.predictors, f);
        let s = 0;
        for (let t = 0; t < b.len; t++) s += halfRho(weighted(b.start + t, f[t]));
        total += s;
      }
      return Number.isFinite(total) ? total : NaN;
    },

    residuals(params, out) {
      setParams(params);
      model.evaluate(full, predictors, out);
      for (let i = 0; i < m; i++) out[i] = weighted(i, out[i]);
    },

    linearize(params, residuals, jacobian) {
      setParams(params);
      let jac = jacobian;
      if (!allFree) {
        fullJac ??= new Float64Array(m * P);
        jac = fullJac;
      }
      model.evaluateWithJacobian(full, predictors, residuals, jac);
      let cost = 0;
      for (let i = 0; i < m; i++) {
        const r = weighted(i, residuals[i]);
        const w = invSigma ? -invSigma[i] : -1;
        const src = i * P;
        const dst = i * p;
        if (allFree) for (let j = 0; j < p; j++) jacobian[dst + j] = w * jac[src + j];
        else for (let j = 0; j < p; j++) jacobian[dst + j] = w * jac[src + freeIdx[j]];
        if (robust) {
          loss.evaluate(r * r, rho);
          cost += 0.5 * rho[0];
          robustScaling(r, rho, fac);
          residuals[i] = r * fac[0];
          for (let j = 0; j < p; j++) jacobian[dst + j] *= fac[1];
        } else {
          cost += 0.5 * r * r;
          residuals[i] = r;
        }
      }
      return Number.isFinite(cost) ? cost : NaN;
    },

    normalEquations(params, jtj, jtr) {
      setParams(params);
      jtj.fill(0);
      jtr.fill(0);
      let cost = 0;
      if (fused) {
        const acc = fusedAcc;
        if (wasmNormal === null) wasmNormal = fused.bindNormalEquations(predictors, y, invSigma);
        if (wasmNormal) primeNormal = false;
        if (primeNormal) {
          primeNormal = false;
          primeKernel((start, end) => fused.normalEquations(full, predictors, y, invSigma, start, end, acc));
        }
        for (let start = 0; start < m; start += blockSize) {
          const end = Math.min(m, start + blockSize);
          if (!wasmNormal?.run(full, start, end, acc))
            fused.normalEquations(full, predictors, y, invSigma, start, end, acc);
          cost += acc[0];
          // The kernel's g is +w·∂f/∂θ while J = −g: Jᵀr = −Σ g·r, JᵀJ = Σ g·gᵀ.
          for (let j = 0; j < p; j++) {
            const cj = freeIdx[j];
            jtr[j] -= acc[1 + cj];
            for (let k = j; k < p; k++) jtj[j * p + k] += acc[triangleIndex(P, cj, freeIdx[k])];
          }
        }
        cost *= 0.5;
        for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) jtj[j * p + k] = jtj[k * p + j];
        return Number.isFinite(cost) ? cost : NaN;
      }
      // Plain least squares without σ has J = −∂f/∂θ: accumulate ∂f/∂θ and flip Jᵀr's sign.
      const unitRows = !robust && !invSigma;
      for (const b of blocks) {
        const len = b.len;
        const { f: fBlock, jac: jacBlock } = buffers();
        const f = len === blockSize ? fBlock : fBlock.subarray(0, len);
        const jac = len === blockSize ? jacBlock : jacBlock.subarray(0, len * P);
        model.evaluateWithJacobian(full, b.predictors, f, jac);
        let blockCost = 0;
        for (let t = 0; t < len; t++) {
          const i = b.start + t;
          const r = weighted(i, f[t]);
          if (unitRows) {
            blockCost += 0.5 * r * r;
            f[t] = r;
            continue;
          }
          let w = invSigma ? -invSigma[i] : -1;
          let rs = r;
          if (robust) {
            loss.evaluate(r * r, rho);
            blockCost += 0.5 * rho[0];
            robustScaling(r, rho, fac);
            rs = r * fac[0];
            w *= fac[1];
          } else {
            blockCost += 0.5 * r * r;
          }
          f[t] = rs;
          const o = t * P;
          for (let j = 0; j < P; j++) jac[o + j] *= w;
        }
        cost += blockCost;
        // One strided dot product per entry of the upper triangle: a scalar accumulator in
        // a tight loop over a cache-resident block beats updating p² sums per row.
        for (let j = 0; j < p; j++) {
          const cj = freeIdx[j];
          let g = 0;
          for (let t = 0, o = cj; t < len; t++, o += P) g += jac[o] * f[t];
          jtr[j] += unitRows ? -g : g;
          for (let k = j; k < p; k++) {
            const ck = freeIdx[k];
            let s = 0;
            for (let t = 0, oj = cj, ok = ck; t < len; t++, oj += P, ok += P) s += jac[oj] * jac[ok];
            jtj[j * p + k] += s;
          }
        }
      }
      for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) jtj[j * p + k] = jtj[k * p + j];
      return Number.isFinite(cost) ? cost : NaN;
    },
  };
  return evaluator;
}

/**
 * Fewer rows than this stay on the JavaScript kernel: copying a small fit's data into a
 * WebAssembly instance of its own costs more than the kernel saves on it (and a batch of
 * small curves would make one instance each).
 */
const WASM_MIN_ROWS = 512;
const PRIME_CALLS = 16;
const PRIME_ROWS = 64;

/**
 * Runs a generated kernel over a few short row ranges before its first full pass. V8 tiers
 * a function up by its own heuristics: a first call over a 4096-row block runs its loop long
 * enough to be compiled on the stack (OSR) before the code after the loop has ever run, and
 * a kernel caught that way can stay on OSR entries, about 3× slower, for many passes (seen
 * in one process in five here). Short calls on the fit's own data and parameters give V8 the
 * whole function's feedback and a reason to optimize it as a whole first. The results are
 * thrown away: nothing the fit reports depends on them.
 */
function primeKernel(run: (start: number, end: number) => unknown): void {
  for (let k = 0; k < PRIME_CALLS; k++) run(k * PRIME_ROWS, (k + 1) * PRIME_ROWS);
}

/** Offset in the fused accumulator of Σ g_a·g_b (a ≤ b after ordering): row-major upper triangle after 1 + P entries. */
function triangleIndex(P: number, a: number, b: number): number {
  const j = Math.min(a, b);
  const k = Math.max(a, b);
  return 1 + P + j * P - (j * (j - 1)) / 2 + (k - j);
}

function validate(options: CpuEvaluatorOptions): void {
  const { model, predictors, y, sigma, fixed } = options;
  const m = y.length;
  if (m === 0) throw new FitbenchError('DATA_EMPTY', 'No data points to fit.');
  if (predictors.length !== model.predictorNames.length) {
    throw new FitbenchError(
      'DATA_COLUMN_MISSING',
      `The model reads ${model.predictorNames.length} predictor(s) (${model.predictorNames.join(', ')}) but ${predictors.length} column(s) were given.`,
    );
  }
  predictors.forEach((col, k) => {
    if (col.length !== m) {
      throw new FitbenchError(
        'DATA_LENGTH_MISMATCH',
        `Predictor ${model.predictorNames[k]} has ${col.length} values but y has ${m}.`,
        { column: model.predictorNames[k] },
      );
    }
  });
  if (sigma) {
    if (sigma.length !== m) {
      throw new FitbenchError('DATA_LENGTH_MISMATCH', `sigma has ${sigma.length} values but y has ${m}.`, {
        column: 'sigma',
      });
    }
    for (let i = 0; i < m; i++) {
      if (!(sigma[i] > 0) || !Number.isFinite(sigma[i])) {
        throw new FitbenchError('SIGMA_INVALID', `sigma must be positive and finite; row ${i + 1} has ${sigma[i]}.`, {
          row: i + 1,
          column: 'sigma',
        });
      }
    }
  }
  for (const [name, value] of Object.entries(fixed ?? {})) {
    if (!model.paramNames.includes(name)) {
      throw new FitbenchError('PARAM_UNKNOWN', `Fixed parameter "${name}" does not appear in the model.`, {
        parameter: name,
      });
    }
    if (!Number.isFinite(value)) {
      throw new FitbenchError('PARAM_NONFINITE', `Fixed parameter "${name}" has a non-finite value ${value}.`, {
        parameter: name,
      });
    }
  }
  const free = model.paramNames.filter((name) => !(fixed && Object.prototype.hasOwnProperty.call(fixed, name)));
  if (free.length === 0) {
    throw new FitbenchError('OPTIONS_INVALID', 'Every parameter is fixed: nothing to fit.');
  }
}
