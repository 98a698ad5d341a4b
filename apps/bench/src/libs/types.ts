/** What each library under test provides: one factory per workload it can run. */
import type { Sizes } from '../workloads.js';

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
  /** Prepares the library (a backend to select, WebAssembly to load). */
  activate?: () => Promise<void>;
  /** The tutorial's linear regression: `steps` steps of MSE + backward + SGD. */
  regression?: (steps: number) => CaseFactory;
  /** n×n matmul, forward and backward of sum(A·B) w.r.t. A and B. */
  matmul?: (n: number) => CaseFactory;
  /** One MLP training step: linear, relu, linear, cross-entropy, SGD. */
  mlp?: (s: Sizes['mlp']) => CaseFactory;
  /** sum(tanh(2x+1)·x) on n floats, forward and backward w.r.t. x. */
  tanh?: (n: number) => CaseFactory;
  /** A chain of n alternating mul/add ops on [4] tensors, forward + backward. */
  chain?: (n: number) => CaseFactory;
  /** The regression loop run `steps` times, with heap and tensor counts around it. */
  memory?: (steps: number) => Promise<MemoryReport[]>;
}

/** The tutorial's constants: y = 3x + 0.8, learning rate 0.01. */
export const REGRESSION = { n: 50, slope: 3, intercept: 0.8, lr: 0.01 } as const;
/** The MLP's learning rate. */
export const MLP_LR = 0.01;

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

/** The seeds every library uses for each input, so all see the same numbers. */
export const SEEDS = { regressionX: 1, matA: 2, matB: 3, mlpInput: 4, mlpLabels: 5, mlpW1: 6, mlpW2: 7, tanh: 8 } as const;
/** The chain's constant: factors and terms near 1 so 10,000 steps stay finite. */
export const CHAIN_C = [1.0001, 0.9999, 1.0002, 0.9998];
