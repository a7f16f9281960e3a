/**
 * The chaos switches (DESIGN.md "Browser hooks"): `&chaos=iterationDelayMs:50,crashWorkerAtIteration:12`
 * in the URL, or the chaos panel, turn on fault injection. Values are validated by one zod
 * schema per switch; parsing is strict: a typo or a bad value is a FitbenchError naming the
 * key, never a silently ignored switch.
 */
import * as z from 'zod/mini';
import { FitbenchError } from '../core/errors';
import type { ChaosConfig } from '../worker/worker-api';

export type { ChaosConfig };

/** Every switch off. */
export const NO_CHAOS: Readonly<ChaosConfig> = Object.freeze({
  iterationDelayMs: 0,
  crashWorkerAtIteration: null,
  loseDeviceAtIteration: null,
  failureRate: 0,
  quotaExceeded: false,
});

/** Longest injected delay per iteration: a minute-long iteration is a hang, not a slow fit. */
const MAX_DELAY_MS = 60_000;

function invalid(key: string, message: string): FitbenchError {
  return new FitbenchError('OPTIONS_INVALID', `Chaos switch "${key}": ${message}`, { key, field: `chaos.${key}` });
}

// Number('') is 0 and Number('0x10') is 16: accept plain decimal notation only.
// zod/mini: the page loads this module on first visit, and the tree-shakable API keeps it light.
const decimal = z.pipe(
  z.string().check(
    z.trim(),
    z.regex(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, {
      error: (issue) => `"${String(issue.input)}" is not a number`,
    }),
  ),
  z.transform(Number),
);
const wholeIteration = (issue: { input?: unknown }) =>
  `must be a whole iteration number ≥ 1; got ${String(issue.input)}`;
const iteration = z.pipe(decimal, z.int({ error: wholeIteration }).check(z.gte(1, { error: wholeIteration })));
const between = (min: number, max: number, what: string) => {
  const error = (issue: { input?: unknown }) => `must be ${what}; got ${String(issue.input)}`;
  return z.pipe(decimal, z.number().check(z.gte(min, { error }), z.lte(max, { error })));
};
const ON = ['1', 'true', 'on'];
const OFF = ['0', 'false', 'off'];

/**
 * One zod schema per switch, from the text of `&chaos=` (or a panel field) to its typed
 * value. The keys are exactly ChaosConfig's: a switch added to one and not the other is a
 * type error.
 */
const CHAOS_SWITCHES = {
  iterationDelayMs: between(0, MAX_DELAY_MS, `between 0 and ${MAX_DELAY_MS} ms`),
  crashWorkerAtIteration: iteration,
  loseDeviceAtIteration: iteration,
  failureRate: between(0, 1, 'a probability between 0 and 1'),
  quotaExceeded: z.pipe(
    z.string().check(
      z.trim(),
      z.toLowerCase(),
      z.refine((t) => ON.includes(t) || OFF.includes(t), {
        error: (issue) => `must be 1 or 0 (true/false); got ${String(issue.input)}`,
      }),
    ),
    z.transform((t: string) => ON.includes(t)),
  ),
} satisfies { [K in keyof ChaosConfig]-?: z.ZodMiniType<NonNullable<ChaosConfig[K]>, string> };

export const CHAOS_KEYS = Object.keys(CHAOS_SWITCHES) as (keyof ChaosConfig)[];

function isChaosKey(key: string): key is keyof ChaosConfig {
  return Object.hasOwn(CHAOS_SWITCHES, key);
}

/** Validates one switch and returns its typed value. */
export function parseChaosValue<K extends keyof ChaosConfig>(key: K, raw: string): ChaosConfig[K] {
  if (!isChaosKey(key)) throw invalid(String(key), `unknown switch; known: ${CHAOS_KEYS.join(', ')}`);
  const parsed = CHAOS_SWITCHES[key].safeParse(raw);
  if (!parsed.success) throw invalid(key, parsed.error.issues[0]?.message ?? `bad value ${raw}`);
  return parsed.data as ChaosConfig[K];
}

/**
 * Parses `key:value,key:value` (the value of `&chaos=`). An empty string is no chaos.
 * Throws FitbenchError('OPTIONS_INVALID') naming the bad key (context.key).
 */
export function parseChaos(text: string): ChaosConfig {
  const config: ChaosConfig = { ...NO_CHAOS };
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const colon = part.indexOf(':');
    if (colon < 0) {
      throw new FitbenchError(
        'OPTIONS_INVALID',
        `Chaos switch "${part.trim()}" needs a value: write key:value (for example iterationDelayMs:50).`,
        {
          key: part.trim(),
        },
      );
    }
    const key = part.slice(0, colon).trim();
    const raw = part.slice(colon + 1);
    if (!isChaosKey(key)) throw invalid(key, `unknown switch; known: ${CHAOS_KEYS.join(', ')}`);
    if (seen.has(key)) throw invalid(key, 'given twice');
    seen.add(key);
    (config as unknown as Record<string, unknown>)[key] = parseChaosValue(key, raw);
  }
  return config;
}

/** The chaos of a page URL's query string (`?demo=gaussian&chaos=failureRate:1`); none when absent. */
export function chaosFromSearch(search: string): ChaosConfig {
  const value = new URLSearchParams(search).get('chaos');
  return value === null ? { ...NO_CHAOS } : parseChaos(value);
}

/** Formats a chaos config back to `key:value,…` (only the switches that are on). */
export function formatChaos(config: ChaosConfig): string {
  const parts: string[] = [];
  if (config.iterationDelayMs > 0) parts.push(`iterationDelayMs:${config.iterationDelayMs}`);
  if (config.crashWorkerAtIteration !== null) parts.push(`crashWorkerAtIteration:${config.crashWorkerAtIteration}`);
  if (config.loseDeviceAtIteration !== null) parts.push(`loseDeviceAtIteration:${config.loseDeviceAtIteration}`);
  if (config.failureRate > 0) parts.push(`failureRate:${config.failureRate}`);
  if (config.quotaExceeded) parts.push('quotaExceeded:1');
  return parts.join(',');
}

/** True when any switch is on (the page shows a chaos banner). */
export function chaosActive(config: ChaosConfig): boolean {
  return formatChaos(config) !== '';
}

/**
 * Validates a partial chaos object from the chaos panel (typed values, not text) and
 * merges it over `base`. Throws naming the bad key.
 */
export function mergeChaos(base: ChaosConfig, patch: Partial<Record<keyof ChaosConfig, unknown>>): ChaosConfig {
  const out: ChaosConfig = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (!isChaosKey(key)) throw invalid(key, `unknown switch; known: ${CHAOS_KEYS.join(', ')}`);
    const k = key;
    if (value === undefined) continue;
    if (value === null && (k === 'crashWorkerAtIteration' || k === 'loseDeviceAtIteration')) {
      out[k] = null;
      continue;
    }
    if (typeof value !== 'number' && typeof value !== 'boolean' && typeof value !== 'string') {
      throw invalid(key, `expected a number or boolean; got ${value === null ? 'null' : typeof value}`);
    }
    const raw = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
    (out as unknown as Record<string, unknown>)[k] = parseChaosValue(k, raw);
  }
  return out;
}
