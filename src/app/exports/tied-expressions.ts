/**
 * The tied parameters of a finished fit (lmfit's `expr`) under the names the result reports:
 * a single fit's as written; a global fit's bare-name entries expanded per data set
 * (`s: "2*g"` → s_1 = 2*g_1, s_2 = 2*g_2), as the core expanded them for the fit.
 */
import type { FitResult, GlobalProblem } from '../../core/api-types';
import { expandExpressions, type GlobalNaming } from '../../core/fit/global-names';
import { expressionTexts, parseExpressionRecord } from '../../core/fit/parameter-expressions';
import { print } from '../../core/model/printer';

/** name → expression of each tied parameter in `result.paramNames` (empty when none). */
export function tiedExpressions(
  result: FitResult,
  single: Readonly<Record<string, string>> | undefined,
  global: Pick<GlobalProblem, 'datasets' | 'shared' | 'expressions'> | undefined,
): Record<string, string> {
  const reported = new Set(result.paramNames);
  if (!global) {
    return Object.fromEntries(Object.entries(single ?? {}).filter(([n]) => reported.has(n)));
  }
  if (!global.expressions || Object.keys(global.expressions).length === 0) return {};
  const shared = new Set(global.shared ?? []);
  // Each data set's local names, read back from the result's `q_<k>` names.
  const local = global.datasets.map((_, k) => {
    const suffix = `_${k + 1}`;
    const names = result.paramNames.filter((n) => !shared.has(n) && n.endsWith(suffix));
    return [...names.map((n) => n.slice(0, -suffix.length)), ...shared];
  });
  const naming: GlobalNaming = { local, shared };
  const { written } = expandExpressions(
    naming,
    parseExpressionRecord(global.expressions, 'expressions'),
    expressionTexts(global.expressions),
  );
  const out: Record<string, string> = {};
  for (const [name, e] of written) if (reported.has(name)) out[name] = print(e);
  return out;
}
