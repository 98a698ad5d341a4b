/**
 * Timing: warm-up runs first (JIT, caches, lazily generated kernels), then
 * timed runs until both a minimum count and a time budget are met; the
 * median is reported because one GC pause or a noisy neighbour moves a mean
 * but not a median.
 */

export interface Timing {
  /** Median of the timed runs, in milliseconds. */
  medianMs: number;
  /** Every timed run, in milliseconds, in the order they ran. */
  runsMs: number[];
}

export interface TimingOptions {
  warmup: number;
  /** Least number of timed runs. */
  minRuns: number;
  /** Most timed runs. */
  maxRuns: number;
  /** Stop adding runs past minRuns once this much time has been spent. */
  budgetMs: number;
}

export const defaultTiming: TimingOptions = { warmup: 2, minRuns: 3, maxRuns: 9, budgetMs: 3000 };

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Times `run` (a function that does one whole measured unit of work). */
export async function measure(run: () => void | Promise<void>, options: Partial<TimingOptions> = {}): Promise<Timing> {
  const o = { ...defaultTiming, ...options };
  let warmMs = 0;
  for (let i = 0; i < o.warmup; i++) {
    const t0 = performance.now();
    await run();
    warmMs = performance.now() - t0;
  }
  // A run far slower than the budget (a peer taking seconds) gets fewer runs, at least one.
  if (warmMs * o.minRuns > 3 * o.budgetMs) o.minRuns = Math.max(1, Math.floor((3 * o.budgetMs) / warmMs));
  const runsMs: number[] = [];
  const start = performance.now();
  while (runsMs.length < o.maxRuns && (runsMs.length < o.minRuns || performance.now() - start < o.budgetMs)) {
    const t0 = performance.now();
    await run();
    runsMs.push(performance.now() - t0);
  }
  return { medianMs: median(runsMs), runsMs };
}

/** Full garbage collection (node --expose-gc), then a few turns of the event loop so FinalizationRegistry callbacks run. */
export async function collect(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('memory benchmarks need node --expose-gc');
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Heap in use after a full collection, in bytes. */
export async function heapUsed(): Promise<number> {
  await collect();
  return process.memoryUsage().heapUsed;
}
