/**
 * The NIST StRD nonlinear regression suite for tests: loading the 27 problems, their models
 * in the model language, and the log relative error (McCullough 1998) used to grade them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NIST_DIR } from './shared-folder';

export interface NistProblem {
  name: string;
  difficulty: string;
  modelJs: string;
  response: 'y' | 'log(y)';
  predictors: string[];
  x: (number | number[])[];
  y: number[];
  start1: number[];
  start2: number[];
  nParams: number;
  certified: { params: number[]; stdErrors: number[]; residualSumOfSquares: number; degreesOfFreedom?: number };
}

/**
 * Whether the shared folder holds the suite (FITBENCH_SHARED or ../shared): suites that need
 * it use describe.skipIf(!hasNistData()) and load the problems inside their tests, so a
 * checkout without the folder skips them instead of failing while collecting.
 */
export function hasNistData(): boolean {
  return existsSync(NIST_DIR);
}

/** One problem by name (e.g. "Misra1a"). */
export function loadNistProblem(name: string): NistProblem {
  return JSON.parse(readFileSync(join(NIST_DIR, `${name}.json`), 'utf8')) as NistProblem;
}

/** All 27 problems, by name. */
export function loadNistProblems(): NistProblem[] {
  return readdirSync(NIST_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(NIST_DIR, f), 'utf8')) as NistProblem)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** NIST's JavaScript model → the model language (the only translation the suite needs). */
export function nistModelExpression(js: string): string {
  return js
    .replace(/Math\.PI/g, 'pi')
    .replace(/Math\.(exp|log|sin|cos|atan|sqrt|pow)\(/g, '$1(')
    .replace(/x\[0\]/g, 'x1')
    .replace(/x\[1\]/g, 'x2');
}

/** Log relative error: correct digits, capped at 11 (NIST's), 0 for non-finite estimates. */
export function logRelativeError(est: number, cert: number): number {
  if (!Number.isFinite(est)) return 0;
  if (est === cert) return 11;
  const rel = Math.abs(est - cert) / Math.abs(cert);
  return Math.max(0, Math.min(11, -Math.log10(rel)));
}
