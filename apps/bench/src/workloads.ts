/**
 * The workloads every library runs, with their sizes and what one run
 * computes (for GFLOP/s and GB/s). Sizes follow the issue's table; `--quick`
 * shrinks them so the whole bench runs in about a minute (a smoke run, not
 * figures to quote).
 */
import type { TimingOptions } from './harness.js';

export type WorkloadId = 'regression' | 'matmul' | 'mlp' | 'tanh' | 'chain-2k' | 'chain-10k';

export interface Workload {
  id: WorkloadId;
  title: string;
  /** The unit the table shows: the median run in ms, or per op in µs. */
  unit: 'ms' | 'µs / op';
  /** Divides the run's milliseconds into the row's unit (µs per op). */
  ops?: number;
  /** Floating-point operations in one run (counted as multiply + add = 2), for GFLOP/s. */
  flops?: number;
  /** The least memory traffic one run needs (inputs read once, results written once), for GB/s. */
  bytes?: number;
  timing: Partial<TimingOptions>;
}

/** Sizes of every workload; quick mode divides them. */
export interface Sizes {
  regressionSteps: number;
  matmul: number;
  mlp: { batch: number; inputs: number; hidden: number; classes: number };
  tanh: number;
  chainShort: number;
  chainLong: number;
}

export const FULL: Sizes = {
  regressionSteps: 5000,
  matmul: 512,
  mlp: { batch: 128, inputs: 784, hidden: 256, classes: 10 },
  tanh: 1 << 20,
  chainShort: 2000,
  chainLong: 10_000,
};

export const QUICK: Sizes = {
  regressionSteps: 200,
  matmul: 64,
  mlp: { batch: 16, inputs: 784, hidden: 256, classes: 10 },
  tanh: 1 << 14,
  chainShort: 200,
  chainLong: 1000,
};

/**
 * The rows. Matmul forward + backward of sum(A·B) is three n³ products (A·B,
 * G·Bᵀ, Aᵀ·G); the MLP step is the forward's two matmuls plus, in backward,
 * ∂W₁ (784×256 over the batch), ∂W₂ and ∂h (the input needs no gradient).
 * tanh reads x (4 bytes a float) and writes ∂x.
 */
export function workloads(s: Sizes, quick: boolean): Workload[] {
  const t = (o: Partial<TimingOptions>) => (quick ? { warmup: 1, minRuns: 1, maxRuns: 2, budgetMs: 200 } : o);
  const { batch, inputs, hidden, classes } = s.mlp;
  return [
    {
      id: 'regression',
      title: `the tutorial's regression, ${s.regressionSteps.toLocaleString('en')} steps`,
      unit: 'ms',
      timing: t({ warmup: 1, minRuns: 3, maxRuns: 7, budgetMs: 3000 }),
    },
    {
      id: 'matmul',
      title: `matmul ${s.matmul}, forward + backward`,
      unit: 'ms',
      flops: 3 * 2 * s.matmul ** 3,
      timing: t({ warmup: 1, minRuns: 3, maxRuns: 9, budgetMs: 3000 }),
    },
    {
      id: 'mlp',
      title: `MLP ${inputs}-${hidden}-${classes}, batch ${batch}, one SGD step`,
      unit: 'ms',
      flops: 2 * batch * (2 * inputs * hidden + 3 * hidden * classes),
      timing: t({ warmup: 3, minRuns: 5, maxRuns: 20, budgetMs: 3000 }),
    },
    {
      id: 'tanh',
      title: `sum(tanh(2x+1)·x) on ${s.tanh >= 1 << 20 ? `${s.tanh / (1 << 20)}M` : s.tanh.toLocaleString('en')} floats, forward + backward`,
      unit: 'ms',
      bytes: 2 * 4 * s.tanh,
      timing: t({ warmup: 2, minRuns: 5, maxRuns: 15, budgetMs: 3000 }),
    },
    {
      id: 'chain-2k',
      title: `per op, a chain of ${s.chainShort.toLocaleString('en')} add/mul on [4], forward + backward`,
      unit: 'µs / op',
      ops: s.chainShort + 1,
      timing: t({ warmup: 3, minRuns: 5, maxRuns: 25, budgetMs: 2000 }),
    },
    {
      id: 'chain-10k',
      title: `per op, a chain of ${s.chainLong.toLocaleString('en')}`,
      unit: 'µs / op',
      ops: s.chainLong + 1,
      timing: t({ warmup: 2, minRuns: 5, maxRuns: 15, budgetMs: 3000 }),
    },
  ];
}
