/**
 * The library boundary (DESIGN.md: bad input never crashes anything): every FitOptions field
 * and a checkpoint's resume state are checked with zod before the solver sees them, and a
 * failure is a FitbenchError whose message names the field, the rule and the value it got,
 * printed readably and bounded in length. Unknown keys are left alone: options objects are
 * shared with the runtime, which adds its own.
 */
import { z } from 'zod';

// No JIT: zod's speed-up probes `Function('')`, which a page under a strict CSP (no
// unsafe-eval) reports as a violation. These schemas are small; interpreting them is enough.
z.config({ jitless: true });
import type { FitOptions, ResumeState } from '../api-types';
import { FitbenchError, type FitbenchErrorCode } from '../errors';
import { describeValue } from './describe-value';

/** Most iterations one fit may ask for: a bound on run time whatever the tolerances. */
export const MAX_ITERATIONS = 100_000;
/** Most points at which bands may be asked for. */
export const MAX_BAND_POINTS = 100_000;
/** Below this every tolerance is 0 for float64: at least one must be larger (scipy's rule). */
const TOLERANCE_FLOOR = Number.EPSILON;

const isArrayLikeOfNumbers = (v: unknown, max: number): boolean => {
  if (v instanceof BigInt64Array || v instanceof BigUint64Array || v instanceof DataView) return false;
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) return false;
  const a = v as ArrayLike<unknown>;
  if (a.length > max) return false;
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'number' || !Number.isFinite(a[i])) return false;
  return true;
};

interface Rule {
  schema: z.ZodType;
  /** What the field must be, as a message reads: "must be <text>". */
  text: string;
}

const finiteNonNegative = z.number().min(0);
const tolerance: Rule = { schema: finiteNonNegative, text: 'a finite number ≥ 0' };

const OPTION_RULES: Record<string, Rule> = {
  method: { schema: z.enum(['lm', 'trf']), text: '"lm" or "trf"' },
  loss: {
    schema: z.enum(['linear', 'soft_l1', 'huber', 'cauchy', 'arctan']),
    text: 'one of "linear", "soft_l1", "huber", "cauchy", "arctan"',
  },
  fScale: { schema: z.number().positive(), text: 'a positive finite number' },
  absoluteSigma: { schema: z.boolean(), text: 'true or false' },
  maxIterations: {
    schema: z.number().int().min(1).max(MAX_ITERATIONS),
    text: `an integer from 1 to ${MAX_ITERATIONS}`,
  },
  xtol: tolerance,
  ftol: tolerance,
  gtol: tolerance,
  backend: { schema: z.enum(['auto', 'cpu', 'webgpu']), text: '"auto", "cpu" or "webgpu"' },
  onIteration: {
    schema: z.custom((v) => typeof v === 'function'),
    text: 'a function (state) => void | "stop"',
  },
  signal: {
    schema: z.custom(
      (v) => v !== null && typeof v === 'object' && typeof (v as { aborted?: unknown }).aborted === 'boolean',
    ),
    text: 'an AbortSignal',
  },
  bandsAt: {
    schema: z.custom((v) => isArrayLikeOfNumbers(v, MAX_BAND_POINTS)),
    text: `an array of at most ${MAX_BAND_POINTS} finite numbers`,
  },
  confidenceLevel: { schema: z.number().gt(0).lt(1), text: 'a number between 0 and 1 (exclusive)' },
};

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const RESUME_RULES: Record<string, Rule & { required?: boolean }> = {
  method: { schema: z.enum(['lm', 'trf']), text: '"lm" or "trf"', required: true },
  iteration: { schema: count, text: 'a whole number ≥ 0', required: true },
  params: {
    schema: z.custom(
      (v) =>
        v !== null &&
        typeof v === 'object' &&
        !Array.isArray(v) &&
        Object.values(v as object).every((p) => typeof p === 'number' && Number.isFinite(p)),
    ),
    text: 'an object of finite parameter values by name',
    required: true,
  },
  nfev: { schema: count, text: 'a whole number ≥ 0', required: true },
  history: {
    schema: z.array(finiteNonNegative).max(10 * MAX_ITERATIONS),
    text: 'an array of finite costs ≥ 0',
    required: true,
  },
  cost: { schema: finiteNonNegative, text: 'a finite cost ≥ 0 (a cost is half a sum of squares)' },
  njev: { schema: count, text: 'a whole number ≥ 0' },
  radius: { schema: z.number().positive(), text: 'a positive finite number' },
  lambda: { schema: finiteNonNegative, text: 'a finite number ≥ 0' },
  alpha: { schema: finiteNonNegative, text: 'a finite number ≥ 0' },
  scale: { schema: z.array(z.number().positive()), text: 'an array of positive finite numbers' },
};

function own(record: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}

// The rule lists are walked on every fit (twice by curveFit): built once, not per call.
const OPTION_RULE_LIST = Object.entries(OPTION_RULES);
const RESUME_RULE_LIST = Object.entries(RESUME_RULES);

function check(
  record: object,
  rules: readonly [string, Rule & { required?: boolean }][],
  where: string,
  code: FitbenchErrorCode,
): void {
  for (const [key, rule] of rules) {
    const value = own(record, key);
    if (value === undefined) {
      if (rule.required)
        throw new FitbenchError(code, `${where}.${key} is missing: it must be ${rule.text}`, {
          option: `${where}.${key}`,
        });
      continue;
    }
    if (!rule.schema.safeParse(value).success)
      throw new FitbenchError(code, `${where}.${key} must be ${rule.text}, got ${describeValue(value)}`, {
        option: `${where}.${key}`,
      });
  }
}

/** Checks every known FitOptions field; throws OPTIONS_INVALID (or CHECKPOINT_CORRUPT for resumeFrom). */
export function validateFitOptions(options: unknown): FitOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options))
    throw new FitbenchError('OPTIONS_INVALID', `options must be an object, got ${describeValue(options)}`);
  check(options, OPTION_RULE_LIST, 'options', 'OPTIONS_INVALID');
  const o = options as FitOptions;
  const tolerances = [own(o, 'xtol'), own(o, 'ftol'), own(o, 'gtol')];
  if (tolerances.every((t) => typeof t === 'number' && t < TOLERANCE_FLOOR))
    throw new FitbenchError(
      'OPTIONS_INVALID',
      'xtol, ftol and gtol are all below machine epsilon: at least one must be larger, or the fit could never stop before maxIterations',
      { option: 'xtol' },
    );
  const resume = own(o, 'resumeFrom');
  if (resume !== undefined) validateResumeState(resume);
  return o;
}

/**
 * A resume state is trusted only when it is self-consistent: non-negative finite cost and
 * history, finite parameters, radius, λ, α and scale. Throws CHECKPOINT_CORRUPT naming the field.
 */
export function validateResumeState(state: unknown): ResumeState {
  if (state === null || typeof state !== 'object' || Array.isArray(state))
    throw new FitbenchError(
      'CHECKPOINT_CORRUPT',
      `resumeFrom must be a resume state object, got ${describeValue(state)}`,
    );
  check(state, RESUME_RULE_LIST, 'resumeFrom', 'CHECKPOINT_CORRUPT');
  return state as ResumeState;
}
