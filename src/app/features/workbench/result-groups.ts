/**
 * The rows of a global fit's result table, grouped: the shared parameters first, then each
 * data set's own (`q_<k>`) under the data set's name. A single fit is one group, in core order.
 */
import type { GlobalProblem } from '../../../core/api-types';

export interface ResultGroup {
  /** 'shared', the data set's index, or null for a single fit's (or leftover) rows. */
  key: 'shared' | number | null;
  /** The group's header row; null: no header. */
  title: string | null;
  names: string[];
}

/** Groups `paramNames` (core order) by the global problem's shared names and data sets. */
export function resultGroups(
  paramNames: readonly string[],
  global: Pick<GlobalProblem, 'datasets' | 'shared'> | undefined,
): ResultGroup[] {
  if (!global || global.datasets.length < 2) return [{ key: null, title: null, names: [...paramNames] }];
  const shared = new Set(global.shared ?? []);
  const placed = new Set<string>();
  const take = (keep: (n: string) => boolean): string[] => {
    const names = paramNames.filter((n) => !placed.has(n) && keep(n));
    for (const n of names) placed.add(n);
    return names;
  };
  const groups: ResultGroup[] = [];
  const sharedNames = take((n) => shared.has(n));
  if (sharedNames.length > 0) groups.push({ key: 'shared', title: 'shared by all data sets', names: sharedNames });
  global.datasets.forEach((d, k) => {
    const names = take((n) => n.endsWith(`_${k + 1}`));
    if (names.length > 0) groups.push({ key: k, title: d.name ?? `data set ${k + 1}`, names });
  });
  const rest = take(() => true);
  if (rest.length > 0) groups.push({ key: null, title: 'other', names: rest });
  return groups;
}
