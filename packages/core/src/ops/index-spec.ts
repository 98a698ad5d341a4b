/**
 * The index spellings of `x.index(…)` and `x.indexPut_(…)` (Python's
 * `x[…]` and `x[…] = v`), and their basic part: numbers, slices, `null`
 * (None) and `'...'` applied as views (select, slice, unsqueeze), in the
 * order and with the dimension arithmetic of PyTorch's applySlicing. What
 * is left, the integer and bool index tensors, is handed on per dimension
 * to advanced-index.ts.
 */
import type { Tensor } from '../tensor/tensor.js';
import { Tensor as TensorClass } from '../tensor/tensor.js';
import { tensor } from '../tensor/create.js';
import * as movement from './movement.js';
import { IndexError, TypeError, ValueError } from '../errors.js';

/** Python's `start:end:step`. A missing or null bound is open; a missing step is 1. */
export interface Slice {
  readonly start?: number | null;
  readonly end?: number | null;
  readonly step?: number | null;
}

/** A nested JavaScript array of integers or booleans: an index tensor written out (Python's list index). */
export type IndexArray = ReadonlyArray<number | boolean | IndexArray>;

/**
 * One item of an index: a number (selects, removing the dim), `null` (None:
 * a new dim of size 1), `'...'` (Ellipsis), a {@link Slice}, a boolean, an
 * int32 or bool tensor, or a nested array of integers or booleans.
 */
export type IndexItem = number | boolean | null | '...' | Slice | Tensor | IndexArray;

/** An index: an array of items (Python's tuple, `x[a, b]`), or one item alone (`x[a]`). */
export type Indices = IndexItem | readonly IndexItem[];

/**
 * A slice for `index`/`indexPut_`, as Python's `slice`: `slice(end)` is
 * `:end`, `slice(start, end, step?)` is `start:end:step`; null leaves a bound
 * open (`slice(1, null)` is `1:`, `slice()` is `:`).
 */
export function slice(end?: number | null): Slice;
export function slice(start: number | null | undefined, end: number | null | undefined, step?: number | null): Slice;
export function slice(a?: number | null, b?: number | null, step?: number | null): Slice {
  // Python's slice(stop) takes the stop alone; with two or more arguments the first is the start.
  return arguments.length <= 1 ? Object.freeze({ start: null, end: a ?? null, step: null }) : Object.freeze({ start: a ?? null, end: b ?? null, step: step ?? null });
}

/** An index item after parsing. */
export type Item =
  | { kind: 'int'; value: number }
  | { kind: 'slice'; start: number | null; end: number | null; step: number }
  | { kind: 'none' }
  | { kind: 'ellipsis' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'tensor'; t: Tensor };

const SLICE_KEYS = new Set(['start', 'end', 'step']);

function invalid(got: string): IndexError {
  return new IndexError(`only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${got})`);
}

function sliceBound(v: unknown): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError('slice indices must be integers or None or have an __index__ method');
  return v;
}

function parseSlice(s: Record<string, unknown>): Item {
  const extra = Object.keys(s).filter((k) => !SLICE_KEYS.has(k));
  if (extra.length) throw new TypeError(`a slice has only start, end and step; got ${extra.map((k) => `'${k}'`).join(', ')}`);
  const step = sliceBound(s.step) ?? 1;
  // Python refuses a zero step when the slice is unpacked; PyTorch refuses negative ones.
  if (step === 0) throw new ValueError('slice step cannot be zero');
  if (step < 0) throw new ValueError('step must be greater than zero');
  return { kind: 'slice', start: sliceBound(s.start), end: sliceBound(s.end), step };
}

/** A nested array as an index tensor: bool if every leaf is a boolean, else int32 (booleans count 0/1, as torch.tensor([True, 1])). */
function arrayIndex(a: IndexArray, like: Tensor): Tensor {
  const leaves = (a as unknown[]).flat(Infinity);
  const allBool = leaves.length > 0 && leaves.every((v) => typeof v === 'boolean');
  for (const v of leaves) {
    // PyTorch truncates 1.5 to 1 here; a fraction in an index list is a bug in the caller, so it is refused.
    if (typeof v === 'number' && !Number.isInteger(v)) throw invalid('float');
    if (typeof v !== 'number' && typeof v !== 'boolean') throw invalid(v === null ? 'None' : typeof v);
  }
  return tensor(a as never, { dtype: allBool ? 'bool' : 'int32', device: like.device });
}

function parseItem(item: unknown, x: Tensor): Item {
  if (item === null) return { kind: 'none' };
  if (item === '...') return { kind: 'ellipsis' };
  if (typeof item === 'boolean') return { kind: 'bool', value: item };
  if (typeof item === 'number') {
    if (!Number.isInteger(item)) throw invalid('float');
    return { kind: 'int', value: item };
  }
  if (item instanceof TensorClass) {
    if (item.dtype !== 'int32' && item.dtype !== 'bool') throw new IndexError('tensors used as indices must be long, byte or bool tensors');
    // A 0-d integer tensor selects like a number; a 0-d bool like a boolean (PyTorch reads both on the host).
    if (item.ndim === 0) return item.dtype === 'bool' ? { kind: 'bool', value: item.item() !== 0 } : { kind: 'int', value: item.item() };
    return { kind: 'tensor', t: item };
  }
  if (Array.isArray(item)) return { kind: 'tensor', t: arrayIndex(item as IndexArray, x) };
  if (typeof item === 'object' && item !== undefined) return parseSlice(item as Record<string, unknown>);
  throw invalid(item === undefined ? 'undefined' : typeof item);
}

/** The items of an index, and whether it was one item alone (Python's `x[a]`, not `x[a,]`). */
export function parseIndices(x: Tensor, indices: Indices): { items: Item[]; single: boolean } {
  const list: readonly unknown[] = Array.isArray(indices) ? indices : [indices];
  return { items: list.map((it) => parseItem(it, x)), single: list.length === 1 };
}

/** How many dims of x the items name: a bool tensor as many as it has, numbers, slices and other tensors one. */
function specifiedDims(items: readonly Item[]): number {
  let n = 0;
  for (const it of items) {
    if (it.kind === 'tensor') n += it.t.dtype === 'bool' ? it.t.ndim : 1;
    else if (it.kind === 'int' || it.kind === 'slice') n++;
  }
  return n;
}

/** What the basic items leave: the view they make, and the index tensors by the dim of that view they index. */
export interface Sliced {
  sliced: Tensor;
  advanced: Array<Tensor | undefined>;
}

/**
 * Applies the basic items of `items` to `x` as views, left to right, as
 * PyTorch's applySlicing: a number selects (its error names the item's
 * position, as PyTorch's does), a slice slices, `null` and booleans
 * unsqueeze, `'...'` skips the dims no item names. A slice `0:size` (the
 * full dim, spelled out) is skipped when the index has several items, as
 * PyTorch skips it; `:` itself is not (its end is open, not `size`).
 */
export function applyBasic(x: Tensor, items: readonly Item[], single: boolean): Sliced {
  if (single && items[0]!.kind === 'int' && items[0]!.value === 0 && x.ndim === 0) {
    throw new IndexError('invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number');
  }
  const specified = specifiedDims(items);
  // PyTorch's single-number fast path skips this count (s[5] on a 0-d tensor reports the index instead).
  if (specified > x.ndim && !(single && items[0]!.kind === 'int')) throw new IndexError(`too many indices for tensor of dimension ${x.ndim}`);
  let result = x;
  let dim = 0;
  const advanced: Array<Tensor | undefined> = [];
  items.forEach((it, position) => {
    switch (it.kind) {
      case 'int': {
        const size = result.shape[dim] ?? 0;
        if (it.value < -size || it.value >= size) throw new IndexError(`index ${it.value} is out of bounds for dimension ${position} with size ${size}`);
        result = movement.select(result, dim, it.value);
        break;
      }
      case 'slice': {
        const full = !single && (it.start ?? 0) === 0 && it.end === result.shape[dim] && it.step === 1;
        if (!full) result = movement.slice(result, dim, it.start, it.end, it.step);
        dim++;
        break;
      }
      case 'ellipsis':
        dim += x.ndim - specified;
        break;
      case 'none':
        result = movement.unsqueeze(result, dim);
        dim++;
        break;
      case 'bool':
        // x[True] is x[None] indexed by [0]; x[False] by an empty index (no rows).
        result = movement.unsqueeze(result, dim);
        advanced[dim] = tensor(it.value ? [0] : [], { dtype: 'int32', device: x.device });
        dim++;
        break;
      case 'tensor':
        advanced[dim] = it.t;
        // A mask consumes as many dims as it has (NumPy, and PyTorch since pytorch#158369; 1.13 advanced one).
        dim += it.t.dtype === 'bool' ? it.t.ndim : 1;
        break;
    }
  });
  return { sliced: result, advanced };
}
