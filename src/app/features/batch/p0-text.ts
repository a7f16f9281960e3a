import { FitbenchError } from '../../../core/errors';

/** "a=1, t=2.5" → { a: 1, t: 2.5 }; empty text → {} (library models guess their own starts). */
export function parseP0Text(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(/[,;\n]/)) {
    const item = part.trim();
    if (item === '') continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\S+)$/.exec(item);
    const value = m ? Number(m[2]) : Number.NaN;
    if (!m || !Number.isFinite(value))
      throw new FitbenchError('PARAM_NONFINITE', `start values: "${item}" is not name=number (for example a=1, t=2)`);
    out[m[1]] = value;
  }
  return out;
}
