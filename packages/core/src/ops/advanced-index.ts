/**
 * Advanced indexing (PyTorch's `index` and `index_put`) on the existing
 * kernels: the index tensors, one per indexed dim, are read on the host
 * (PyTorch's CPU kernel checks bounds as it reads them too), checked,
 * broadcast together and folded into one flat row number per result
 * element. The indexed dims are moved to the front and flattened into one,
 * so reading is an indexSelect of rows and writing a scatterAdd of rows;
 * the result dims go where PyTorch puts them (in place of the indexed dims
 * when these are adjacent, else in front).
 *
 * One node each, with PyTorch's names and derivatives: IndexBackward0
 * (∂x: the gradient put back with accumulate, so repeated indices add up)
 * and IndexPutBackward0 (∂x: g, with the overwritten positions zeroed
 * unless accumulating; ∂values: g read at the indices). Both derivatives
 * are these same ops, so they differentiate again.
 */
import { scalarTypeName } from '../dtype.js';
import { broadcastShapes, formatShape, numelOf } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/create.js';
import { readHost } from '../tensor/host.js';
import * as binary from './binary.js';
import * as indexing from './indexing.js';
import { nonzero } from './indexing-extra.js';
import { fused } from './pointwise-composites.js';
import { IndexError, RuntimeError } from '../errors.js';

/** Where an index reads or writes: everything the forward and both derivatives need, worked out once. */
export interface IndexPlan {
  /** Shape of the indexed tensor. */
  readonly source: readonly number[];
  /** The indexed dims, ascending, and the others. */
  readonly dims: readonly number[];
  readonly rest: readonly number[];
  /** The broadcast shape of the index tensors. */
  readonly broadcast: readonly number[];
  /** Per result element, its row in the indexed dims flattened (int32, [numel(broadcast)]), on the host and as a tensor. */
  readonly rows: Int32Array;
  readonly rowTensor: Tensor;
  /** The broadcast dims come first in the result (the indexed dims were not adjacent). */
  readonly front: boolean;
  readonly result: readonly number[];
}

const range = (a: number, b: number): number[] => Array.from({ length: Math.max(b - a, 0) }, (_, i) => a + i);

function inverse(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/** Bool masks replaced by their nonzero coordinates (one int32 tensor per dim the mask covers), after PyTorch's shape check. */
function expandMasks(source: readonly number[], advanced: ReadonlyArray<Tensor | undefined>): Array<Tensor | undefined> {
  const out: Array<Tensor | undefined> = [];
  advanced.forEach((t, d) => {
    if (!t) return;
    if (t.dtype !== 'bool') {
      out[d] = t;
      return;
    }
    t.shape.forEach((s, j) => {
      if (s !== source[d + j]) {
        throw new IndexError(`The shape of the mask ${formatShape(t.shape)} at index ${j} does not match the shape of the indexed tensor ${formatShape(source)} at index ${d + j}`);
      }
    });
    (nonzero(t, { asTuple: true }) as Tensor[]).forEach((c, j) => (out[d + j] = c));
  });
  return out;
}

/**
 * The plan of indexing a tensor of shape `source` by `advanced` (index
 * tensors by dim: int32, or bool masks). Errors as PyTorch's, in its order:
 * mask shapes, broadcasting, a non-empty index into a size-0 dim, then each
 * element's bounds (naming the index's place among the index tensors).
 */
export function makePlan(x: Tensor, advanced: ReadonlyArray<Tensor | undefined>): IndexPlan {
  const source = x.shape;
  const perDim = expandMasks(source, advanced);
  const dims = range(0, perDim.length).filter((d) => perDim[d] !== undefined);
  const tensors = dims.map((d) => perDim[d]!);
  let broadcast: number[];
  try {
    broadcast = tensors.reduce<number[]>((s, t) => broadcastShapes(s, t.shape), []);
  } catch {
    throw new IndexError(`shape mismatch: indexing tensors could not be broadcast together with shapes ${tensors.map((t) => formatShape(t.shape)).join(', ')}`);
  }
  const n = numelOf(broadcast);
  if (n > 0 && dims.some((d) => source[d] === 0)) throw new IndexError('index is out of bounds for dimension with size 0');
  const sizes = dims.map((d) => source[d]!);
  const strides = sizes.map((_, k) => numelOf(sizes.slice(k + 1)));
  const host = tensors.map((t) => readHost(t.expand(broadcast)));
  const rows = new Int32Array(n);
  for (let e = 0; e < n; e++) {
    let row = 0;
    for (let k = 0; k < dims.length; k++) {
      const v = host[k]![e]!;
      const size = sizes[k]!;
      if (v < -size || v >= size) throw new IndexError(`index ${v} is out of bounds for dimension ${k} with size ${size}`);
      row += (v < 0 ? v + size : v) * strides[k]!;
    }
    rows[e] = row;
  }
  const rest = range(0, source.length).filter((d) => !dims.includes(d));
  const front = dims.some((d, i) => i > 0 && d !== dims[i - 1]! + 1);
  const result = front ? [...broadcast, ...rest.map((d) => source[d]!)] : [...source.slice(0, dims[0]), ...broadcast, ...source.slice(dims[dims.length - 1]! + 1)];
  const rowTensor = tensor(rows, { dtype: 'int32', shape: [n], device: x.device });
  return { source, dims, rest, broadcast, rows, rowTensor, front, result };
}

/** The index tensors of a per-dim list (what the nodes save). */
export const given = (advanced: ReadonlyArray<Tensor | undefined>): Tensor[] => advanced.filter((t): t is Tensor => t !== undefined);

const restSizes = (p: IndexPlan): number[] => p.rest.map((d) => p.source[d]!);
const rowCount = (p: IndexPlan): number => numelOf(p.dims.map((d) => p.source[d]!));

/** x ([source]) as rows: the indexed dims flattened into the first, the others after it. */
function asRows(x: Tensor, p: IndexPlan): Tensor {
  return x.permute([...p.dims, ...p.rest]).reshape([rowCount(p), ...restSizes(p)]);
}

/** Rows back to x's shape and dim order (a fresh contiguous tensor). */
function fromRows(rows: Tensor, p: IndexPlan): Tensor {
  return rows.reshape([...p.dims.map((d) => p.source[d]!), ...restSizes(p)]).permute(inverse([...p.dims, ...p.rest])).contiguous();
}

/** Where the result puts the broadcast dims, from the [broadcast…, rest…] order: after the rest dims before the first indexed one. */
function resultOrder(p: IndexPlan): number[] {
  const b = p.broadcast.length;
  const before = p.front ? 0 : p.dims[0]!;
  return [...range(b, b + before), ...range(0, b), ...range(b + before, b + p.rest.length)];
}

/** The result of reading x at the plan's indices, unrecorded. */
function gatherRows(x: Tensor, p: IndexPlan): Tensor {
  const picked = indexing.indexSelect(asRows(x, p), 0, p.rowTensor);
  return picked.reshape([...p.broadcast, ...restSizes(p)]).permute(resultOrder(p)).contiguous();
}

/** An int32 [count] row index spread over the rest dims, as scatterAdd wants it (a stride-0 view). */
function spread(index: Tensor, rest: readonly number[]): Tensor {
  return index.reshape([index.numel(), ...rest.map(() => 1)]).expand([index.numel(), ...rest]);
}

/** For each row written more than once, the last writer (element order): PyTorch's CPU result when not accumulating. */
function lastWriters(p: IndexPlan): { writers: number[]; targets: number[] } {
  const last = new Map<number, number>();
  p.rows.forEach((row, e) => last.set(row, e));
  const targets = [...last.keys()].sort((a, b) => a - b);
  return { writers: targets.map((t) => last.get(t)!), targets };
}

/** x with `values` (already of x's dtype and broadcastable to the result) put at the plan's indices, unrecorded; and which elements were overwritten. */
function putRows(x: Tensor, p: IndexPlan, values: Tensor, accumulate: boolean): { out: Tensor; written: Tensor | null } {
  // Bool tensors have no addition: put as int32, then any nonzero count is true.
  const work = x.dtype === 'bool' ? 'int32' : x.dtype;
  const rest = restSizes(p);
  const xr = asRows(x, p).to(work);
  const vr = values.expand([...p.result]).permute(inverse(resultOrder(p))).reshape([p.rows.length, ...rest]).to(work);
  if (accumulate) {
    const out = fromRows(indexing.scatterAdd(xr, 0, spread(p.rowTensor, rest), vr), p);
    return { out: out.to(x.dtype), written: null };
  }
  // Only the last writer of each row is put (a multiply by a 0/1 flag would turn an Inf or NaN of a losing writer into NaN).
  const { writers, targets } = lastWriters(p);
  const int32 = (v: number[]): Tensor => tensor(v, { dtype: 'int32', shape: [v.length], device: x.device });
  const placed = indexing.scatterAdd(xr.newZeros(xr.shape), 0, spread(int32(targets), rest), indexing.indexSelect(vr, 0, int32(writers)));
  const hit = new Array<boolean>(rowCount(p)).fill(false);
  for (const t of targets) hit[t] = true;
  const hitRows = tensor(hit, { dtype: 'bool', shape: [hit.length], device: x.device }).reshape([hit.length, ...rest.map(() => 1)]);
  const out = fromRows(binary.where(hitRows, placed, xr), p).to(x.dtype);
  return { out, written: fromRows(hitRows.expand([hit.length, ...rest]), p) };
}

/**
 * x read at the plan's indices, recorded as one IndexBackward0 (∂x: the
 * gradient put back with accumulate). `indices` are the caller's index
 * tensors: saved as PyTorch saves them, so changing one in place before
 * backward is refused (the rule itself reads only the plan).
 */
export function indexWithPlan(x: Tensor, p: IndexPlan, indices: readonly Tensor[] = []): Tensor {
  // The rule is index_put_ with accumulate into zeros; PyTorch records that call as _index_put_impl_ (IndexPutImplBackward0).
  return fused('IndexBackward0', [x], indices, () => gatherRows(x, p), (g) => [indexPutWithPlan(g.newZeros(p.source), p, g, true, [], 'IndexPutImplBackward0')]);
}

/**
 * x with `values` put at the plan's indices (added if `accumulate`), as one
 * IndexPutBackward0: ∂x = g (zero where overwritten), ∂values = g read at
 * the indices (every writer of a repeated index gets it, as PyTorch's
 * rule; the engine sums it down to values' shape). `indices` are saved as
 * in indexWithPlan; `node` is the name PyTorch gives the call.
 */
export function indexPutWithPlan(x: Tensor, p: IndexPlan, values: Tensor, accumulate: boolean, indices: readonly Tensor[] = [], node = 'IndexPutBackward0'): Tensor {
  if (values.dtype !== x.dtype) {
    throw new RuntimeError(`Index put requires the source and destination dtypes match, got ${scalarTypeName(x.dtype)} for the destination and ${scalarTypeName(values.dtype)} for the source.`);
  }
  const fits = values.ndim <= p.result.length && values.shape.every((s, i) => s === 1 || s === p.result[p.result.length - values.ndim + i]);
  if (!fits) throw new RuntimeError(`shape mismatch: value tensor of shape ${formatShape(values.shape)} cannot be broadcast to indexing result of shape ${formatShape(p.result)}`);
  let written: Tensor | null = null;
  return fused(
    node,
    [x, values],
    indices,
    () => {
      const r = putRows(x, p, values, accumulate);
      written = r.written;
      return r.out;
    },
    (g, _saved, needs) => [needs[0] ? (written ? binary.where(written, 0, g) : g) : null, needs[1] ? indexWithPlan(g, p) : null],
  );
}
