import { describe, expect, it } from 'vitest';
import { measure, median } from '../src/harness.js';
import { GRAD, markdown, ratioToFastest, soakTable, type Results, type Row } from '../src/report.js';

describe('bench harness', () => {
  it('median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('measure runs warm-up plus at least minRuns timed runs', async () => {
    let calls = 0;
    const t = await measure(() => void calls++, { warmup: 2, minRuns: 3, maxRuns: 3, budgetMs: 1000 });
    expect(calls).toBe(5);
    expect(t.runsMs).toHaveLength(3);
  });

  it('a run far slower than the budget gets a single timed run', async () => {
    let calls = 0;
    const slow = () => {
      calls++;
      const end = performance.now() + 20;
      while (performance.now() < end);
    };
    // 20 ms a run against a 1 ms budget: 3 runs would cost 60 ms > 3 × budget
    const t = await measure(slow, { warmup: 1, minRuns: 3, maxRuns: 9, budgetMs: 1 });
    expect(t.runsMs).toHaveLength(1);
    expect(calls).toBe(2);
  });
});

describe('the report', () => {
  const row: Row = {
    id: 'matmul',
    title: 'matmul',
    unit: 'ms',
    flops: 6e9,
    cells: { [GRAD]: { value: 30, medianMs: 30 }, a: { value: 10, medianMs: 10 }, b: { value: 60, medianMs: 60 }, c: { value: null, error: 'E' } },
  };

  it('the ratio is grad over the fastest peer that ran: 30 ms against 10 ms is 3.00×', () => {
    expect(ratioToFastest(row)).toBe('3.00× (a)');
    expect(ratioToFastest({ ...row, cells: { [GRAD]: { value: 1 } } })).toBe('–');
  });

  it('cells show GFLOP/s: 6e9 flops in 10 ms is 600 GFLOP/s', () => {
    const r: Results = { date: 'd', commit: 'c', node: 'v20', cpu: 'cpu', cores: 2, load: 0, libs: ['a', 'b', 'c', GRAD], rows: [row], memory: {}, notes: [] };
    expect(markdown(r)).toContain('| matmul | ms | 10.0 (600 GFLOP/s) | 60.0 (100 GFLOP/s) | ✗ E | 30.0 (200 GFLOP/s) | 3.00× (a) |');
  });

  it('the soak table gives growth from the first sample: at 200,000 steps and at the end', () => {
    const MB = 2 ** 20;
    const samples = [0, 100_000, 200_000, 300_000].map((step, i) => ({ step, live: 40 * MB + [0, 3, 1, 2][i]! * MB, seconds: step / 1e5, tensors: 6 }));
    const t = soakTable([{ kind: 'k', title: 'loop', stepsPlanned: 300_000, stepsRun: 300_000, samples }]);
    // 40 MB at start; +1 MB at 200k; +2 MB at the end; +3 MB at most; 3 s over 300,000 steps = 10 µs a step
    expect(t).toContain('| loop | 300,000 | 40.00 MB | +1.00 MB | +2.00 MB | +3.00 MB | 4 | 10 | 6 → 6 |');
  });
});
