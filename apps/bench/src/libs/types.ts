/** What each library under test provides: one factory per benchmark it can run. */

/** Sets up (untimed) and returns the unit of work that is timed. */
export type CaseFactory = () => Promise<() => void | Promise<void>> | (() => void | Promise<void>);

export interface MemoryReport {
  /** How the loop was written (e.g. "plain loop", "inside tidy"). */
  variant: string;
  /** Heap used (bytes) after a full GC, before and after the steps. */
  heapBefore: number;
  heapAfter: number;
  /** The library's own live-tensor count before and after, where it has one. */
  tensorsBefore?: number;
  tensorsAfter?: number;
  steps: number;
}

export interface Lib {
  /** Column name in the tables. */
  name: string;
  /** Makes this library's backend the current one (tfjs shares one engine between its backends). */
  activate?: () => Promise<void>;
  /** 512×512 matmul, forward and backward of sum(a·b) w.r.t. a and b. */
  matmul512?: CaseFactory;
  /** The tutorial's linear regression: `steps` steps of MSE + backward + SGD. */
  regression?: (steps: number) => CaseFactory;
  /** A chain of n alternating add/mul ops on [4] tensors, forward + backward. */
  opChain?: (n: number) => CaseFactory;
  /** One MLP training step: 784→128→10, batch 64, relu, cross-entropy, SGD. */
  mlpStep?: CaseFactory;
  /** The regression loop run `steps` times, with heap and tensor counts around it. */
  memory?: (steps: number) => Promise<MemoryReport[]>;
}

/** The tutorial's constants: y = 3x + 0.8, learning rate 0.01. */
export const REGRESSION = { n: 50, slope: 3, intercept: 0.8, lr: 0.01 } as const;
export const MLP = { batch: 64, inputs: 784, hidden: 128, classes: 10, lr: 0.01 } as const;

/** Deterministic pseudo-random numbers in [0, 1) so every library sees the same data (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomArray(n: number, seed: number, scale = 1, shift = 0): Float32Array {
  const r = seeded(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (r() + shift) * scale;
  return out;
}

export function randomLabels(n: number, classes: number, seed: number): Int32Array {
  const r = seeded(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(r() * classes);
  return out;
}
