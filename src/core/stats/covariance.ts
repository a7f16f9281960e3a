/**
 * Parameter covariance at the solution, σ²·(JᵀJ)⁺, from the weighted residual Jacobian J
 * (CPU path) or from JᵀJ alone (GPU path).
 *
 * The pseudo-inverse follows scipy's curve_fit: singular values of J below
 * rcond·s_max, rcond = eps·max(m, p), count as zero. One deliberate difference: the test is
 * applied to J with its columns scaled to unit norm (J = B·D, (JᵀJ)⁺ = D⁻¹(BᵀB)⁺D⁻¹), so a
 * parameter measured in tiny units is not mistaken for an unidentifiable one. For well-scaled
 * problems the two agree. At full rank the inverse is formed from the scaled decomposition
 * (more accurate); when rank r < p it is the Moore–Penrose pseudo-inverse of J from its r
 * largest singular triplets, which is what scipy reports.
 */
import { triangularFactor } from '../numerics/givens-qr';
import { singularValueDecomposition, symmetricEigen, symmetricEigenvalues } from '../numerics/jacobi-decompositions';
import { quoteList } from './format';

/** A null vector "involves" a parameter when its (scaled) component is at least this large. */
const NULL_COMPONENT = 0.1;

export interface CovarianceOptions {
  /** Free parameter names in Jacobian column order (for diagnostics). */
  paramNames: readonly string[];
  /**
   * Factor applied to (JᵀJ)⁺: the reduced χ² (scipy's default) or 1 (absoluteSigma).
   * Infinity (no degrees of freedom) makes every variance infinite, as scipy does.
   */
  scale: number;
  /** Relative cutoff on singular values of the column-scaled J; default eps·max(m, p). */
  rcond?: number;
}

export interface CovarianceResult {
  /** p × p row-major, scaled by `scale`. */
  covariance: Float64Array;
  /** (JᵀJ)⁺ before scaling. */
  unscaledCovariance: Float64Array;
  stdErrors: Float64Array;
  /** p × p row-major; independent of `scale`. 0 where a variance is 0 or undefined. */
  correlation: Float64Array;
  /** Numerical rank of J. */
  rank: number;
  /**
   * Condition number of JᵀJ as given (s_max/s_min)²; Infinity when singular. From a full-rank
   * normal matrix it is computed on first read.
   */
  conditionNumber: number;
  /** Condition number of JᵀJ after scaling each parameter to unit column norm. */
  scaledConditionNumber: number;
  /** False when J or JᵀJ held NaN/Infinity; then everything above is NaN. */
  finite: boolean;
  diagnostics: string[];
}

/** Covariance from the weighted residual Jacobian (row-major m × p). */
export function covarianceFromJacobian(
  jacobian: Float64Array,
  m: number,
  p: number,
  options: CovarianceOptions,
): CovarianceResult {
  const { r, finite } = triangularFactor(jacobian, m, p);
  if (!finite) return nonFiniteResult(p, 'Jacobian');
  return covarianceFromFactor(r, p, m, options);
}

/**
 * Covariance from any p × p factor R with RᵀR = JᵀJ (row-major), e.g. the R of the solver's
 * last QR, which saves the O(m·p²) pass over J. With column pivoting (J·P = Q·R) pass
 * `permutation`: column k of R belongs to parameter permutation[k].
 */
export function covarianceFromFactor(
  factor: Float64Array,
  p: number,
  m: number,
  options: CovarianceOptions & { permutation?: ArrayLike<number> },
): CovarianceResult {
  for (let i = 0; i < p * p; i++) if (!Number.isFinite(factor[i])) return nonFiniteResult(p, 'Jacobian');
  const perm = options.permutation;
  const r = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let k = 0; k < p; k++) r[i * p + (perm ? perm[k] : k)] = factor[i * p + k];
  const norms = columnNorms(r, p);
  const scaled = singularValueDecomposition(scaleColumns(r, p, norms), p, p);
  const rcond = options.rcond ?? Number.EPSILON * Math.max(m, p);
  const keep = Array.from(scaled.values, (s) => (s > rcond * scaled.values[0] ? 1 : 0));
  const scaledSpectrum = { vectors: scaled.vectors, squared: Array.from(scaled.values, (s) => s * s) };
  if (keep.every((k) => k === 1)) {
    // As for the normal matrix below: at full rank the raw SVD gives the condition number
    // alone, computed on first read.
    const rawCondition = () => conditionOf(singularValueDecomposition(r, p, p).values, true);
    return assemble(p, norms, scaledSpectrum, null, keep, rawCondition, options);
  }
  const raw = singularValueDecomposition(r, p, p);
  return assemble(
    p,
    norms,
    scaledSpectrum,
    { vectors: raw.vectors, squared: Array.from(raw.values, (s) => s * s) },
    keep,
    conditionOf(raw.values, true),
    options,
  );
}

/**
 * Covariance from JᵀJ (p × p row-major, symmetric). Forming JᵀJ squares the condition
 * number, so eigenvalues below rcond·λ_max count as zero, rcond = eps·max(m, p) by default
 * (pass a larger one for f32-accumulated matrices).
 */
export function covarianceFromNormalMatrix(
  jtj: Float64Array,
  p: number,
  m: number,
  options: CovarianceOptions,
): CovarianceResult {
  for (let i = 0; i < p * p; i++) if (!Number.isFinite(jtj[i])) return nonFiniteResult(p, 'JᵀJ');
  const norms = new Float64Array(p);
  for (let j = 0; j < p; j++) norms[j] = Math.sqrt(Math.max(0, jtj[j * p + j]));
  const scaledMatrix = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      const d = norms[i] * norms[j];
      scaledMatrix[i * p + j] = d > 0 ? jtj[i * p + j] / d : 0;
    }
  }
  const scaled = symmetricEigen(p, scaledMatrix);
  const rcond = options.rcond ?? Number.EPSILON * Math.max(m, p);
  const lambdas = Array.from(scaled.values, (l) => Math.max(0, l));
  const keep = lambdas.map((l) => (l > rcond * lambdas[0] ? 1 : 0));
  const scaledSpectrum = { vectors: scaled.vectors, squared: lambdas };
  if (keep.every((k) => k === 1)) {
    // At full rank the raw spectrum gives the condition number alone, which a fit reads only
    // to quote it for an ill-conditioned problem: its eigenvalues are computed on first read
    // (same rotations as before, same value), not in every fit.
    const matrix = jtj.slice();
    const rawCondition = () => conditionOf(symmetricEigenvalues(p, matrix), false);
    return assemble(p, norms, scaledSpectrum, null, keep, rawCondition, options);
  }
  // The raw eigenvectors serve the rank-deficient pseudo-inverse.
  const raw = symmetricEigen(p, jtj);
  return assemble(
    p,
    norms,
    scaledSpectrum,
    { vectors: raw.vectors, squared: Array.from(raw.values, (l) => Math.max(0, l)) },
    keep,
    conditionOf(raw.values, false),
    options,
  );
}

/** Correlation matrix from a covariance (p × p row-major); 0 where a variance is 0 or not finite. */
export function correlationFromCovariance(cov: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      const d = Math.sqrt(cov[i * p + i] * cov[j * p + j]);
      if (i === j) out[i * p + j] = d > 0 && Number.isFinite(d) ? 1 : 0;
      else out[i * p + j] = d > 0 && Number.isFinite(d) ? Math.max(-1, Math.min(1, cov[i * p + j] / d)) : 0;
    }
  }
  return out;
}

/** Right singular vectors (columns) and squared singular values of J, descending. */
interface Spectrum {
  vectors: Float64Array;
  squared: number[];
}

function assemble(
  p: number,
  norms: Float64Array,
  scaled: Spectrum,
  /** The unscaled spectrum; only a rank-deficient matrix needs it (null at full rank). */
  raw: Spectrum | null,
  keep: number[],
  /** The raw condition number, or how to compute it on first read. */
  condition: number | (() => number),
  options: CovarianceOptions,
): CovarianceResult {
  const rank = keep.reduce((a, b) => a + b, 0);
  if (rank < p && !raw) throw new Error('a rank-deficient covariance needs the raw spectrum');
  const unscaled =
    rank === p || !raw
      ? inverseFrom(
          p,
          scaled,
          rank,
          norms.map((d) => (d > 0 ? 1 / d : 0)),
        )
      : inverseFrom(p, raw, rank, new Float64Array(p).fill(1));
  // A parameter the model does not depend on is not determined at all: its variance is
  // infinite (scipy's inf), not the pseudo-inverse's 0, which would claim perfect knowledge.
  for (let j = 0; j < p; j++) if (norms[j] === 0) unscaled[j * p + j] = Infinity;
  const covariance = unscaled.map((c) => (options.scale === Infinity || c === Infinity ? Infinity : c * options.scale));
  const stdErrors = new Float64Array(p);
  for (let i = 0; i < p; i++) stdErrors[i] = Math.sqrt(Math.max(0, covariance[i * p + i]));
  const smallest = scaled.squared[p - 1];
  const scaledConditionNumber = p === 0 ? 1 : smallest > 0 ? scaled.squared[0] / smallest : Infinity;
  const correlation = correlationFromCovariance(unscaled, p);
  const diagnostics = rank < p ? [singularMessage(p, rank, norms, scaled.vectors, keep, options.paramNames)] : [];
  if (typeof condition === 'number')
    return {
      covariance,
      unscaledCovariance: unscaled,
      stdErrors,
      correlation,
      rank,
      conditionNumber: condition,
      scaledConditionNumber,
      finite: true,
      diagnostics,
    };
  // An accessor in the literal itself: defining one on the object afterwards turns it into a
  // slow dictionary object.
  let computed: number | undefined;
  return {
    covariance,
    unscaledCovariance: unscaled,
    stdErrors,
    correlation,
    rank,
    get conditionNumber() {
      return (computed ??= condition());
    },
    scaledConditionNumber,
    finite: true,
    diagnostics,
  };
}

/** D⁻¹ (Σ_{k<rank} v_k v_kᵀ / s_k²) D⁻¹ with D⁻¹ = diag(inverseNorms). */
function inverseFrom(p: number, spectrum: Spectrum, rank: number, inverseNorms: Float64Array): Float64Array {
  const out = new Float64Array(p * p);
  const { vectors, squared } = spectrum;
  for (let k = 0; k < rank; k++) {
    const w = 1 / squared[k];
    for (let i = 0; i < p; i++) {
      const vi = vectors[i * p + k] * inverseNorms[i] * w;
      if (vi === 0) continue;
      for (let j = 0; j < p; j++) out[i * p + j] += vi * vectors[j * p + k] * inverseNorms[j];
    }
  }
  return out;
}

/** Names the parameters spanning each truncated direction. */
function singularMessage(
  p: number,
  rank: number,
  norms: Float64Array,
  vectors: Float64Array,
  keep: number[],
  names: readonly string[],
): string {
  const name = (j: number) => names[j] ?? `#${j + 1}`;
  const parts: string[] = [];
  const seen = new Set<string>();
  const noEffect = Array.from({ length: p }, (_, j) => j).filter((j) => norms[j] === 0);
  if (noEffect.length > 0) {
    parts.push(
      `${noEffect.length === 1 ? 'parameter' : 'parameters'} ${quoteList(noEffect.map(name))} ` +
        `${noEffect.length === 1 ? 'has' : 'have'} no effect on the model at the solution (infinite standard error)`,
    );
    noEffect.forEach((j) => seen.add(name(j)));
  }
  const involved: string[][] = [];
  for (let k = 0; k < p; k++) {
    if (keep[k]) continue;
    const members: number[] = [];
    for (let j = 0; j < p; j++) if (norms[j] > 0 && Math.abs(vectors[j * p + k]) >= NULL_COMPONENT) members.push(j);
    if (members.length > 0) involved.push(members.map(name));
  }
  for (const group of involved) {
    const key = group.join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(
      group.length === 1
        ? `parameter ${quoteList(group)} cannot be determined from the data`
        : `parameters ${quoteList(group)} are not identifiable: the data determine only a combination of them`,
    );
  }
  return (
    `covariance is singular (rank ${rank} of ${p}): ${parts.join('; ')}. ` +
    `Standard errors come from the pseudo-inverse and understate the uncertainty; ` +
    `fix or remove a parameter, or add data that separates them.`
  );
}

function conditionOf(values: Float64Array, squared: boolean): number {
  const n = values.length;
  if (n === 0) return 1;
  const max = values[0];
  const min = Math.max(0, values[n - 1]);
  if (!(min > 0)) return Infinity;
  const ratio = max / min;
  return squared ? ratio * ratio : ratio;
}

/** Column norms of a square factor: those of J, since Q is orthogonal. */
function columnNorms(r: Float64Array, p: number): Float64Array {
  const norms = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let sum = 0;
    for (let i = 0; i < p; i++) sum += r[i * p + j] ** 2;
    norms[j] = Math.sqrt(sum);
  }
  return norms;
}

function scaleColumns(r: Float64Array, p: number, norms: Float64Array): Float64Array {
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) out[i * p + j] = norms[j] > 0 ? r[i * p + j] / norms[j] : 0;
  return out;
}

function nonFiniteResult(p: number, what: string): CovarianceResult {
  const nan = () => new Float64Array(p * p).fill(NaN);
  return {
    covariance: nan(),
    unscaledCovariance: nan(),
    stdErrors: new Float64Array(p).fill(NaN),
    correlation: nan(),
    rank: 0,
    conditionNumber: NaN,
    scaledConditionNumber: NaN,
    finite: false,
    diagnostics: [
      `the ${what} holds NaN or Infinity at the solution, so no covariance or standard errors can be computed`,
    ],
  };
}
