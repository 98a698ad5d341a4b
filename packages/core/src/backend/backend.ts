import type { DType, TypedArray } from '../dtype.js';
import type { UnaryOp } from '../ops/unary-rules.js';

/**
 * Memory a backend owns: a typed array on the CPU, a texture or buffer on a GPU.
 * Core never looks inside; it only hands storages back to the backend that
 * made them. `length` counts elements, not bytes.
 */
export interface Storage {
  readonly dtype: DType;
  readonly length: number;
}

/**
 * A strided window onto a storage. Core owns layout (shape, strides, offset);
 * a backend owns only storage (candle's split). Element `[i0, i1, …]` lives at
 * `offset + i0·strides[0] + i1·strides[1] + …`. A stride may be 0 (a broadcast
 * or `expand`ed dimension) or negative (`flip`).
 */
export interface StridedView {
  readonly storage: Storage;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/*
 * UnaryOp, the one-input elementwise kernels: the names in core's unary rule table
 * (`neg`, `exp`, `log`, `sqrt`, `rsqrt`, `abs`, `sign`, `sin`, `cos`, `tanh`,
 * `sigmoid`, `reciprocal`, `floor`, `ceil`, `round`, `logicalNot`). Output has
 * the input's dtype, except `logicalNot` (bool). A kernel map typed
 * `Record<UnaryOp, …>` fails to compile until it has every one.
 */
export type { UnaryOp };

/** Two-input elementwise kernels; inputs and output share one dtype. `div` on integers truncates toward zero only if core asks (core casts to float for true division). */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'fmod';

/** Elementwise comparisons; bool output. */
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/** Reductions over a set of axes. */
export type ReduceOp = 'sum' | 'prod' | 'max' | 'min';

/** Index of the extreme value along one axis (int32 output; first occurrence wins, as PyTorch). */
export type ArgReduceOp = 'argmax' | 'argmin';

/** A binary operand: a strided view, or a JavaScript number broadcast to the other operand's shape. */
export type Operand = StridedView | number;

/**
 * The primitive kernel set. Every other op (relu, softmax, mean, losses, …) is
 * composed from these in core, and every gradient rule is written with core's
 * public ops, so a backend that implements these gets all of autograd.
 *
 * Conventions for every kernel:
 * - Inputs are strided views, never assumed contiguous (a backend may copy to
 *   contiguous itself where that is faster).
 * - Inputs of a binary kernel already have the same shape (core broadcasts by
 *   giving stride 0) and the same dtype (core casts first).
 * - Outputs are freshly allocated and contiguous (row-major), except `assign`,
 *   which writes into `dst` in place.
 */
export interface Kernels {
  unary(op: UnaryOp, x: StridedView): Storage;
  /** `shape` is the output shape; at least one operand is a view of that shape. */
  binary(op: BinaryOp, a: Operand, b: Operand, shape: readonly number[], dtype: DType): Storage;
  compare(op: CompareOp, a: Operand, b: Operand, shape: readonly number[], dtype: DType): Storage;
  /** `cond ? a : b`, elementwise; `cond` is bool, `a` and `b` of `dtype`, all of one shape. */
  where(cond: StridedView, a: Operand, b: Operand, shape: readonly number[], dtype: DType): Storage;
  /** Reduces `axes` (sorted, unique, non-empty); output shape is the input's with those axes removed. */
  reduce(op: ReduceOp, x: StridedView, axes: readonly number[]): Storage;
  /** Index along `axis` of the max/min; output shape is the input's with `axis` removed. */
  argReduce(op: ArgReduceOp, x: StridedView, axis: number): Storage;
  /**
   * Batched matrix product: `a` is [B, M, K], `b` is [B, K, N] (any strides,
   * batch stride 0 for a broadcast batch), one float dtype; output [B, M, N].
   */
  matmul(a: StridedView, b: StridedView): Storage;
  /** Materialises a view row-major. */
  contiguous(x: StridedView): Storage;
  /** Converts to another dtype (float→int truncates toward zero, nonzero→bool true). */
  cast(x: StridedView, dtype: DType): Storage;
  /** Writes `src` (same shape and dtype as `dst`, or a number) into the strided positions of `dst`, in place. */
  assign(dst: StridedView, src: Operand): void;
  /** out[i][j][k] = x[i][index[i][j][k]][k] for dim = 1 (torch.gather); output shape is index's. */
  gather(x: StridedView, dim: number, index: StridedView): Storage;
  /** zeros(shape), then out[i][index[i][j][k]][k] += src[i][j][k] for dim = 1 (torch.scatter_add). */
  scatterAdd(shape: readonly number[], dim: number, index: StridedView, src: StridedView): Storage;
  /**
   * int32 indices that sort each row along the last axis of `x` (any
   * strides), stably: equal values keep their order. Ascending puts NaN after
   * every number, descending before (NaN counts as the largest, as PyTorch).
   * Output: x's shape, row-major.
   */
  argsort(x: StridedView, descending: boolean): Storage;
}

/** What `memory()` reports for one backend. */
export interface MemoryInfo {
  /** Live storages. */
  tensors: number;
  /** Their bytes. */
  bytes: number;
}

/**
 * A backend: memory functions plus the primitive kernels. It knows nothing of
 * autograd, graphs or tensors (burn's and jax-js's split): core hands it
 * storages and strided views, and gets storages back.
 *
 * ```ts
 * export function cpu(): Backend {
 *   return { name: 'cpu', dtypes: [...], fromArray, read, dispose, memory, kernels } satisfies Backend;
 * }
 * ```
 */
export interface Backend {
  /** The registry name, and every tensor's `device`. */
  readonly name: string;
  /** The dtypes it can hold; core throws a clear error for any other. */
  readonly dtypes: readonly DType[];
  /** A new storage holding a copy of `data`, as `dtype`. */
  fromArray(data: TypedArray, dtype: DType): Storage;
  /** A new storage of `length` elements, each `value`. */
  full(length: number, value: number, dtype: DType): Storage;
  /**
   * The contents on the host, as a typed array of the storage's dtype. A CPU
   * backend may return its own array (shared, not copied); core copies where
   * it must.
   */
  read(storage: Storage): TypedArray;
  /** Frees device memory now. Using the storage afterwards is an error. */
  dispose(storage: Storage): void;
  memory(): MemoryInfo;
  readonly kernels: Kernels;
  /**
   * Who frees this backend's storages when the program drops a tensor
   * without `dispose()`:
   *
   * - `'gc'`: the storages are ordinary garbage-collected memory (typed
   *   arrays on the JavaScript heap). Core then puts them under no
   *   `FinalizationRegistry`: a registration keeps a cell (and whatever it
   *   holds) alive until its callback runs, and callbacks run only between
   *   tasks, so a synchronous training loop that never yields would grow
   *   without bound. `dispose()` and `tidy()` still call `dispose` at once.
   *   The price is accounting: `memory()` cannot see what the collector
   *   frees, so it counts storages made and not yet disposed (an upper
   *   bound on what is live), as core's `memory()` documents.
   * - `'manual'` (the default when absent): device memory (textures, WASM
   *   heaps) that nothing frees unless `dispose` is called; core registers
   *   each storage with a `FinalizationRegistry` as a safety net.
   *
   * ```ts
   * const backend = { ...kernelsAndMemory, managedMemory: 'gc' } satisfies Backend;
   * ```
   */
  readonly managedMemory?: 'gc' | 'manual';
}
