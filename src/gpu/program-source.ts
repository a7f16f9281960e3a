import type { WgslModel } from '../core/model/compiled-model';
import { FitbenchError } from '../core/errors';
import { ROBUST_LOSS_WGSL } from './shaders/robust-loss-wgsl';
import { NORMAL_EQUATIONS_WGSL, REDUCE_PARTIALS_WGSL } from './shaders/normal-equations-wgsl';
import { BATCH_LM_WGSL } from './shaders/batch-lm-wgsl';

/** Kernels of the backend; the name is part of the pipeline cache key and of every label. */
export type KernelName = 'normal-equations' | 'cost-only' | 'reduce-partials' | 'batch-lm';

/** Bytes of workgroup memory every WebGPU device guarantees (maxComputeWorkgroupStorageSize). */
export const MIN_WORKGROUP_STORAGE_BYTES = 16384;

/** Layout of the K sums the normal-equations pass produces for np parameters. */
export interface NormalLayout {
  /** Upper-triangle entries of JᵀJ: np(np+1)/2. */
  readonly nt: number;
  /** Components per point: nt + np + 2 (full) or 2 (cost only). */
  readonly k: number;
  /** Offset of Jᵀr. */
  readonly jtrOffset: number;
  /** Offset of Σ r² (then Σ ρ at +1). */
  readonly sumSqOffset: number;
}

/** The sums' layout for `np` parameters; `costOnly` keeps only Σ r² and Σ ρ. */
export function normalLayout(np: number, costOnly = false): NormalLayout {
  const nt = (np * (np + 1)) / 2;
  if (costOnly) return { nt: 0, k: 2, jtrOffset: 0, sumSqOffset: 0 };
  return { nt, k: nt + np + 2, jtrOffset: nt, sumSqOffset: nt + np };
}

/** Index of JᵀJ[a][b] (a ≤ b) in the packed upper triangle, row-major. */
export function upperIndex(np: number, a: number, b: number): number {
  return a * np - (a * (a - 1)) / 2 + (b - a);
}

export interface ProgramSpec {
  readonly kernel: KernelName;
  readonly workgroupSize: number;
  /** Points per thread (normal-equations / cost-only). */
  readonly pointsPerThread?: number;
}

/** FNV-1a (32-bit, hex) of a string: the model part of the pipeline cache key. */
export function hashSource(source: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) {
    h ^= source.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Checks that a WgslModel declares what the skeletons call, with consistent sizes. */
export function validateWgslModel(model: WgslModel): void {
  const { source, numPredictors, numParams } = model;
  if (!Number.isInteger(numParams) || numParams < 1 || numParams > 32) {
    throw new FitbenchError(
      'MODEL_NO_PARAMETERS',
      `The GPU backend needs 1 to 32 parameters, the model has ${numParams}.`,
    );
  }
  if (!Number.isInteger(numPredictors) || numPredictors < 1) {
    throw new FitbenchError(
      'OPTIONS_INVALID',
      `The GPU backend needs at least one predictor, the model has ${numPredictors}.`,
    );
  }
  for (const fn of ['fn model_value(', 'fn model_value_and_gradient(']) {
    if (!source.includes(fn)) {
      throw new FitbenchError('INTERNAL', `The model's WGSL does not declare ${fn.slice(3, -1)}.`);
    }
  }
}

function fill(template: string, slots: Record<string, string | number>): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_, key: string) => {
    const v = slots[key];
    if (v === undefined) throw new FitbenchError('INTERNAL', `Kernel template slot {{${key}}} has no value.`);
    return String(v);
  });
}

function checkWorkgroupSize(wg: number): void {
  if (!Number.isInteger(wg) || wg < 1 || wg > 256 || (wg & (wg - 1)) !== 0) {
    throw new FitbenchError('OPTIONS_INVALID', `Workgroup size must be a power of two from 1 to 256, got ${wg}.`);
  }
}

/**
 * WGSL of one kernel with the model's functions spliced into the fixed skeleton: the single
 * generator of every program the backend runs.
 */
export function buildProgramSource(spec: ProgramSpec, model: WgslModel | null): string {
  checkWorkgroupSize(spec.workgroupSize);
  const wg = spec.workgroupSize;
  if (spec.kernel === 'reduce-partials') return fill(REDUCE_PARTIALS_WGSL, { WG: wg });
  if (!model) throw new FitbenchError('INTERNAL', `Kernel ${spec.kernel} needs a model.`);
  validateWgslModel(model);
  const common = { MODEL: model.source, LOSS: ROBUST_LOSS_WGSL, NX: model.numPredictors, NP: model.numParams, WG: wg };
  if (spec.kernel === 'batch-lm') return fill(BATCH_LM_WGSL, common);
  const costOnly = spec.kernel === 'cost-only';
  const { k } = normalLayout(model.numParams, costOnly);
  const kb = Math.max(1, Math.min(k, Math.floor(MIN_WORKGROUP_STORAGE_BYTES / 4 / wg)));
  const ppt = spec.pointsPerThread ?? 8;
  if (!Number.isInteger(ppt) || ppt < 1) {
    throw new FitbenchError('OPTIONS_INVALID', `Points per thread must be a positive integer, got ${ppt}.`);
  }
  return fill(NORMAL_EQUATIONS_WGSL, {
    ...common,
    PPT: ppt,
    K: k,
    KB: kb,
    ROUNDS: Math.ceil(k / kb),
    SHARED: kb * wg,
    COST_ONLY: costOnly ? 'true' : 'false',
  });
}

/** Deterministic pipeline cache key: kernel, model WGSL hash, workgroup size (and PPT). */
export function programKey(spec: ProgramSpec, model: WgslModel | null): string {
  const modelPart = model ? hashSource(model.source) : '-';
  return `${spec.kernel}|${modelPart}|wg${spec.workgroupSize}|ppt${spec.pointsPerThread ?? 8}`;
}
