/**
 * torch.scatter_reduce: `x` with the `src` values that `index` sends to
 * each position along `dim` combined by sum, prod, mean, amax or amin.
 *
 * The forward is a table: the index is read on the host and grouped by
 * target position into a [targets, writers] table of src positions, padded
 * with the reduction's identity; the table is gathered, reduced along the
 * writers and written back with a where. One node is recorded,
 * ScatterReduceBackward0, with PyTorch's derivatives: sum passes g; mean
 * divides it by the count; amax/amin share it evenly among the values equal
 * to the result; prod gives each factor the product of the others (exact at
 * zeros: with one zero only it gets the product of the rest, with two none
 * do). The derivatives are public ops, so they differentiate again.
 */
import { normalizeDim, numelOf } from '../shape.js';
import { noGrad } from '../autograd/grad-mode.js';
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';
import { readHost } from '../tensor/host.js';
import { tensorArg } from './arguments.js';
import * as binary from './binary.js';
import * as compare from './compare.js';
import * as indexing from './indexing.js';
import { cat } from './copies.js';
import { fused } from './pointwise-composites.js';
import { int32, leading, padTo } from './indexing-extra.js';
import { RuntimeError } from '../errors.js';

/** How scatterReduce combines the values that meet at one position. */
export type ScatterReduce = 'sum' | 'prod' | 'mean' | 'amax' | 'amin';

/** The writers grouped by target: target positions (flat in x), and a [targets × width] table of flat src positions with its validity mask. */
interface WriterTable {
  targets: Tensor;
  table: Tensor;
  valid: Tensor;
  count: number;
  width: number;
  hit: Tensor;
}

function writerTable(x: Tensor, d: number, index: Tensor, src: Tensor): WriterTable | null {
  const idx = readHost(index.contiguous());
  const xStrides = x.shape.map((_, k) => numelOf(x.shape.slice(k + 1)));
  const sStrides = src.shape.map((_, k) => numelOf(src.shape.slice(k + 1)));
  const groups = new Map<number, number[]>();
  const coords = new Array<number>(index.ndim).fill(0);
  for (let i = 0; i < idx.length; i++) {
    let target = 0;
    let from = 0;
    for (let k = 0; k < index.ndim; k++) {
      const c = k === d ? idx[i]! : coords[k]!;
      if (k === d && (c < 0 || c >= x.shape[d]!)) throw new RuntimeError(`index ${c} is out of bounds for dimension ${d} with size ${x.shape[d]}`);
      target += c * xStrides[k]!;
      from += coords[k]! * sStrides[k]!;
    }
    const g = groups.get(target);
    if (g) g.push(from);
    else groups.set(target, [from]);
    for (let k = index.ndim - 1; k >= 0; k--) {
      if (++coords[k]! < index.shape[k]!) break;
      coords[k] = 0;
    }
  }
  const targets = [...groups.keys()].sort((a, b) => a - b);
  if (targets.length === 0) return null;
  const width = Math.max(...targets.map((t) => groups.get(t)!.length));
  const table: number[] = [];
  const valid: number[] = [];
  for (const t of targets) {
    const w = groups.get(t)!;
    for (let k = 0; k < width; k++) {
      table.push(w[k] ?? 0);
      valid.push(k < w.length ? 1 : 0);
    }
  }
  const P = targets.length;
  const targetIdx = int32(targets, [P], x);
  const hit = noGrad(() => compare.gt(indexing.scatterAdd(x.newZeros([x.numel()], 'int32'), 0, targetIdx, targetIdx.newOnes([P])), 0).reshape(x.shape));
  return { targets: targetIdx, table: int32(table, [P * width], x), valid: compare.ne(int32(valid, [P, width], x), 0), count: P, width, hit };
}

/** The reduction of x's and src's values per target, written into x (the forward, as ops). */
function tableReduce(x: Tensor, src: Tensor, t: WriterTable, reduce: ScatterReduce, includeSelf: boolean): Tensor {
  const { count: P, width } = t;
  const flatX = x.reshape([-1]);
  let values = indexing.gather(src.reshape([-1]), 0, t.table).reshape([P, width]);
  let mask = t.valid;
  if (includeSelf) {
    values = cat([indexing.gather(flatX, 0, t.targets).reshape([P, 1]), values], 1);
    mask = cat([compare.ne(int32(new Array<number>(P).fill(1), [P, 1], x), 0), mask], 1);
  }
  const big = x.dtype === 'int32' ? 2147483647 : Infinity;
  let reduced: Tensor;
  if (reduce === 'sum') reduced = binary.where(mask, values, 0).sum(1);
  else if (reduce === 'prod') reduced = binary.where(mask, values, 1).prod(1);
  else if (reduce === 'mean') {
    const total = binary.where(mask, values, 0).sum(1);
    const n = mask.to(x.dtype).sum(1);
    reduced = x.dtype === 'int32' ? total.div(n, { roundingMode: 'floor' }) : total.div(n);
  } else if (reduce === 'amax') reduced = binary.where(mask, values, -big).amax(1);
  else reduced = binary.where(mask, values, big).amin(1);
  const placed = indexing.scatterAdd(flatX.newZeros([x.numel()]), 0, t.targets, reduced.to(x.dtype)).reshape(x.shape);
  return binary.where(t.hit, placed, x);
}

/**
 * `x` with the `src` values that `index` sends to each position along `dim`
 * combined by `reduce` — with x's own value unless `includeSelf: false`
 * (torch.scatter_reduce, ScatterReduceBackward0). Positions nothing is sent
 * to keep x's value.
 */
export function scatterReduce(x: Tensor, dim: number, index: Tensor, src: Tensor, reduce: ScatterReduce, options: { includeSelf?: boolean } = {}): Tensor {
  tensorArg('scatter_reduce', 'input', 1, x);
  tensorArg('scatter_reduce', 'index', 3, index);
  tensorArg('scatter_reduce', 'src', 4, src);
  checkOptions('scatterReduce', options, ['includeSelf']);
  if (!['sum', 'prod', 'mean', 'amax', 'amin'].includes(reduce)) {
    throw new RuntimeError(`reduce argument must be either sum, prod, mean, amax or amin, got ${String(reduce)}`);
  }
  if (index.dtype !== 'int32') throw new RuntimeError('scatter_reduce(): Expected dtype int32 for index');
  if (index.ndim !== x.ndim || index.ndim !== src.ndim) throw new RuntimeError('Index tensor must have the same number of dimensions as self tensor');
  const d = normalizeDim(dim, x.ndim);
  const includeSelf = options.includeSelf ?? true;
  const table = writerTable(x, d, index, src);
  if (table === null) return x.clone();
  const srcShape = src.shape;
  return fused(
    'ScatterReduceBackward0',
    [x, src],
    [x, src, index, table.hit],
    () => tableReduce(x, src, table, reduce, includeSelf),
    (g, [sx, ss, idx, hit], needs) => {
      const [gx, gs] = derivatives(g, sx!, ss!, idx!, hit!, d, table, reduce, includeSelf);
      return [needs[0] ? gx : null, needs[1] ? padTo(gs, srcShape) : null];
    },
  );
}

/** ∂/∂x and ∂/∂src (at index's shape) of scatterReduce, as PyTorch's scatter_reduce_backward. */
function derivatives(g: Tensor, x: Tensor, src: Tensor, index: Tensor, hit: Tensor, d: number, table: WriterTable, reduce: ScatterReduce, includeSelf: boolean): [Tensor, Tensor] {
  const s = leading(src, index.shape);
  const scatterInto = (v: Tensor): Tensor => indexing.scatterAdd(g.newZeros(x.shape), d, index, v);
  const selfShare = (share: Tensor): Tensor => (includeSelf ? binary.where(hit, share, g) : binary.where(hit, 0, g));
  if (reduce === 'sum') return [selfShare(g), indexing.gather(g, d, index)];
  if (reduce === 'mean') {
    const n = scatterInto(s.newOnes(s.shape)).add(includeSelf ? 1 : 0);
    const per = g.div(binary.where(hit, n, 1));
    return [selfShare(per), indexing.gather(per, d, index)];
  }
  const out = tableReduce(x, src, table, reduce, includeSelf);
  if (reduce === 'amax' || reduce === 'amin') {
    const srcWins = compare.eq(s, indexing.gather(out, d, index)).to(g.dtype);
    const selfWins = includeSelf ? compare.eq(x, out).to(g.dtype) : x.newZeros(x.shape);
    const ties = scatterInto(srcWins).add(selfWins);
    const per = g.div(binary.where(compare.gt(ties, 0), ties, 1));
    return [selfShare(per.mul(selfWins)), indexing.gather(per, d, index).mul(srcWins)];
  }
  // prod: each factor v of a product P over its set gets P/v, or with zeros in the set: the product of the
  // nonzero others if v is the only zero, else 0.
  const zeroSrc = compare.eq(s, 0);
  const zeroSelf = includeSelf ? compare.eq(x, 0).to(g.dtype) : x.newZeros(x.shape);
  const zeros = scatterInto(zeroSrc.to(g.dtype)).add(zeroSelf);
  const nonzeroProduct = tableReduce(binary.where(compare.eq(x, 0), 1, x), binary.where(compare.eq(src, 0), 1, src), table, 'prod', includeSelf);
  const others = (v: Tensor, p: Tensor, z: Tensor, pnz: Tensor): Tensor =>
    binary.where(compare.eq(z, 0), p.div(binary.where(compare.eq(v, 0), 1, v)), binary.where(compare.logicalAnd(compare.eq(z, 1), compare.eq(v, 0)), pnz, 0));
  const at = (t: Tensor): Tensor => indexing.gather(t, d, index);
  return [selfShare(g.mul(others(x, out, zeros, nonzeroProduct))), at(g).mul(others(s, at(out), at(zeros), at(nonzeroProduct)))];
}
