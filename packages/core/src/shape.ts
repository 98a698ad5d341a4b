/** Shape and stride arithmetic. Pure functions on plain arrays; no tensors here. */
import { IndexError, RuntimeError, TypeError } from './errors.js';

export type Shape = readonly number[];

/** Number of elements of a shape (1 for a scalar). */
export function numelOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Python's name for a value's type, for messages about arguments of the wrong kind. */
export function valueTypeName(x: unknown): string {
  if (x === null || x === undefined) return 'NoneType';
  if (typeof x === 'number') return Number.isInteger(x) ? 'int' : 'float';
  if (typeof x === 'boolean') return 'bool';
  if (typeof x === 'string') return 'str';
  if (Array.isArray(x)) return 'list';
  if (typeof x === 'object' && 'shape' in x && 'dtype' in x) return 'Tensor';
  return typeof x === 'function' ? 'function' : 'object';
}

/**
 * The most elements one tensor may hold: 2³¹ − 1, the reach of the int32
 * indices kernels use (and more than a typed array of float64 can be in most
 * JavaScript engines).
 */
export const MAX_NUMEL = 2 ** 31 - 1;

/**
 * Refuses a tensor too large to allocate before anything is allocated, in
 * PyTorch's words (`can't allocate memory`), instead of an engine's
 * "Invalid typed array length" from deep inside.
 */
export function checkAllocation(shape: Shape, dtype: string): void {
  const n = numelOf(shape);
  if (n > MAX_NUMEL) {
    const bytes = n * (dtype === 'float64' ? 8 : dtype === 'bool' ? 1 : 4);
    throw new RuntimeError(
      `can't allocate memory: you tried to allocate ${bytes} bytes (shape ${formatShape(shape)}, ${dtype}); one tensor holds at most ${MAX_NUMEL} elements`,
    );
  }
}

/** Row-major strides: the last dimension is contiguous. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** Whether (shape, strides) is row-major contiguous (size-1 dimensions may have any stride). */
export function isContiguous(shape: Shape, strides: Shape): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!;
    if (d === 1) continue;
    if (strides[i] !== expected) return false;
    expected *= d;
  }
  return true;
}

/**
 * Whether (shape, strides) covers a block of memory exactly once, in some
 * order of its dimensions (PyTorch's is_non_overlapping_and_dense): sorted by
 * stride, the dimensions of size ≥ 2 have strides 1, n₀, n₀·n₁, …
 */
export function isNonOverlappingAndDense(shape: Shape, strides: Shape): boolean {
  if (shape.length === 1) return shape[0]! < 2 || strides[0] === 1;
  const dims = shape.map((_, i) => i).filter((i) => shape[i]! >= 2);
  dims.sort((a, b) => strides[a]! - strides[b]!);
  let expected = 1;
  for (const d of dims) {
    if (strides[d] !== expected) return false;
    expected *= shape[d]!;
  }
  return true;
}

/**
 * The strides of a new tensor that keeps the memory layout of one of
 * (shape, strides) — PyTorch's empty_like(x, memory_format=preserve): x's own
 * strides when x is non-overlapping and dense, else dense strides ordering
 * the dimensions as x's strides do (infer_dense_strides: a stable insertion
 * sort by stride, smaller size first on ties; a dimension of stride 0 keeps
 * its row-major place).
 */
export function preservedStrides(shape: Shape, strides: Shape): number[] {
  if (isNonOverlappingAndDense(shape, strides)) return [...strides];
  const n = shape.length;
  if (n <= 1) return n ? [1] : [];
  // perm[0] is the fastest-moving dimension; start from row-major order (n−1, …, 0).
  const perm = Array.from({ length: n }, (_, i) => n - 1 - i);
  /** 1: a goes after b; −1: before; 0: ambiguous (keep looking further back). */
  const order = (a: number, b: number): number => {
    const sa = strides[a]!;
    const sb = strides[b]!;
    if (sa === 0 || sb === 0) return 0;
    if (sa !== sb) return sa < sb ? -1 : 1;
    return shape[a]! > shape[b]! ? 1 : 0;
  };
  for (let i = 1; i < n; i++) {
    let moving = i;
    for (let j = i - 1; j >= 0; j--) {
      const c = order(perm[j]!, perm[moving]!);
      if (c > 0) {
        [perm[j], perm[moving]] = [perm[moving]!, perm[j]!];
        moving = j;
      } else if (c < 0) break;
    }
  }
  const out = new Array<number>(n);
  let stride = 1;
  for (const d of perm) {
    out[d] = stride;
    if (shape[d]! > 1) stride *= shape[d]!;
  }
  return out;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `[2, 3]` → `"[2, 3]"`, as PyTorch prints sizes in messages. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Accepts `f(2, 3)`, `f([2, 3])` and `f()`; validates each size.
 * Used by every function that takes a shape.
 */
export function shapeFromArgs(args: ReadonlyArray<number | readonly number[]>, what = 'size'): number[] {
  const first = args[0];
  const dims = Array.isArray(first) ? [...(first as readonly number[])] : (args as number[]).slice();
  for (const d of dims) {
    if (typeof d !== 'number' || !Number.isInteger(d)) {
      throw new TypeError(`${what} must be a sequence of integers, but got ${formatValue(dims)}`);
    }
    if (d < 0) throw new RuntimeError(`Trying to create tensor with negative dimension ${d}: ${formatShape(dims)}`);
  }
  return dims;
}

function formatValue(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/**
 * Wraps a possibly negative dimension into [0, ndim), with PyTorch's error.
 * A scalar accepts dims -1 and 0 (PyTorch treats it as one-dimensional here).
 */
export function normalizeDim(dim: number, ndim: number): number {
  if (typeof dim !== 'number') throw new TypeError(`argument 'dim' must be int, not ${valueTypeName(dim)}`);
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new IndexError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

/** Normalises a dim or list of dims to sorted unique non-negative axes; `undefined` means all. */
export function normalizeDims(dim: number | readonly number[] | undefined | null, ndim: number): number[] {
  if (dim === undefined || dim === null) return Array.from({ length: ndim }, (_, i) => i);
  if (typeof dim !== 'number' && !Array.isArray(dim)) {
    throw new TypeError(`argument 'dim' must be int or tuple of ints, not ${valueTypeName(dim)}`);
  }
  const list = typeof dim === 'number' ? [dim] : [...dim];
  if (list.length === 0) return Array.from({ length: ndim }, (_, i) => i);
  const axes = list.map((d) => normalizeDim(d, ndim));
  const seen = new Set<number>();
  for (const a of axes) {
    if (seen.has(a)) throw new RuntimeError(`dim ${a} appears multiple times in the list of dims`);
    seen.add(a);
  }
  // A scalar's dim 0/-1 means "the whole thing", which is no axis at all.
  return axes.filter((a) => a < ndim).sort((x, y) => x - y);
}

/** NumPy broadcasting of two shapes, with PyTorch's error text. */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else {
      throw new RuntimeError(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`,
      );
    }
  }
  return out;
}

/**
 * Strides that present (shape, strides) as `target` without copying: new
 * leading dimensions and size-1 dimensions get stride 0. Assumes `target` is
 * a valid broadcast of `shape`.
 */
export function broadcastStrides(shape: Shape, strides: Shape, target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  const lead = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) {
    out[lead + i] = shape[i] === 1 && target[lead + i] !== 1 ? 0 : strides[i]!;
  }
  return out;
}

/**
 * Strides for viewing (shape, strides) as `newShape` without copying, or null
 * when the memory layout does not allow it (PyTorch's computeStride): each
 * run of dimensions that are contiguous with each other can be re-split freely.
 */
export function viewStrides(shape: Shape, strides: Shape, newShape: Shape): number[] | null {
  const numel = numelOf(shape);
  const newStrides = new Array<number>(newShape.length).fill(0);
  // An empty tensor, or a 0-d one (its one element viewed as [1], [1, 1], …), views any shape of its size.
  if (numel === 0 || shape.length === 0) return contiguousStrides(newShape);
  let viewD = newShape.length - 1;
  let chunkBaseStride = strides[strides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let tensorD = shape.length - 1; tensorD >= 0; tensorD--) {
    tensorNumel *= shape[tensorD]!;
    // A chunk ends where the next-outer dimension is not contiguous with this one.
    if (tensorD === 0 || (shape[tensorD - 1] !== 1 && strides[tensorD - 1] !== tensorNumel * chunkBaseStride)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBaseStride;
        viewNumel *= newShape[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (tensorD > 0) {
        chunkBaseStride = strides[tensorD - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return newStrides;
}

/** Resolves one `-1` in a requested shape, with PyTorch's errors. */
export function inferShape(requested: readonly number[], numel: number): number[] {
  let infer = -1;
  let known = 1;
  requested.forEach((d, i) => {
    if (d === -1) {
      if (infer >= 0) throw new RuntimeError('only one dimension can be inferred');
      infer = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new RuntimeError(`invalid shape dimension ${d}`);
    } else known *= d;
  });
  const out = [...requested];
  if (infer >= 0) {
    if (known === 0 || numel % known !== 0) {
      throw new RuntimeError(`shape '${formatShape(requested)}' is invalid for input of size ${numel}`);
    }
    out[infer] = numel / known;
  } else if (known !== numel) {
    throw new RuntimeError(`shape '${formatShape(requested)}' is invalid for input of size ${numel}`);
  }
  return out;
}

/** PyTorch's check for integer arguments: `narrow(): argument 'length' must be int, not 1.5`. */
export function checkInt(fn: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${fn}(): argument '${name}' must be int, not ${typeof value === 'number' ? value : typeof value}`);
  }
}
