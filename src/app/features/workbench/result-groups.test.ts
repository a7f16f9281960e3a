import { describe, expect, it } from 'vitest';
import { resultGroups } from './result-groups';

describe('resultGroups', () => {
  it('puts shared parameters first, then each data set under its name', () => {
    const global = {
      datasets: [
        { x: [], y: [], name: 'cold' },
        { x: [], y: [] },
      ],
      shared: ['k'],
    };
    expect(resultGroups(['a_1', 'k', 'c_1', 'a_2', 'c_2'], global)).toEqual([
      { key: 'shared', title: 'shared by all data sets', names: ['k'] },
      { key: 0, title: 'cold', names: ['a_1', 'c_1'] },
      { key: 1, title: 'data set 2', names: ['a_2', 'c_2'] },
    ]);
  });

  it('tells data set 1 from data set 11, and keeps a single fit as it is', () => {
    const datasets = Array.from({ length: 11 }, () => ({ x: [], y: [] }));
    const groups = resultGroups(['a_1', 'a_11'], { datasets });
    expect(groups.map((g) => [g.key, g.names])).toEqual([
      [0, ['a_1']],
      [10, ['a_11']],
    ]);
    expect(resultGroups(['b', 'a'], undefined)).toEqual([{ key: null, title: null, names: ['b', 'a'] }]);
  });
});
