import { describe, expect, it } from 'vitest';
import { measure, median } from '../src/harness.js';
import { markdown, type Results } from '../src/report.js';

describe('bench harness', () => {
  it('median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('measure runs warm-up plus at least minRuns timed runs', async () => {
    let calls = 0;
    const t = await measure(() => void calls++, { warmup: 2, minRuns: 3, maxRuns: 3, budgetMs: 0 });
    expect(calls).toBe(5);
    expect(t.runsMs).toHaveLength(3);
  });

  it('the table gives grad / peer ratios: 2 ms against 4 ms is 0.50×', () => {
    const r: Results = {
      date: 'd',
      commit: 'c',
      node: 'v20',
      cpu: 'cpu',
      cores: 2,
      load: 0,
      libs: ['grad (cpu)', 'peer'],
      rows: [{ id: 'x', title: 'x', unit: 'ms', cells: { 'grad (cpu)': { value: 2 }, peer: { value: 4 } } }],
      memory: {},
      notes: [],
    };
    expect(markdown(r)).toContain('| x | ms | 2.00 | 4.00 | 0.50× |');
  });
});
