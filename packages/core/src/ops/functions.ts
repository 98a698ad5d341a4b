/**
 * The function forms of the ops: `add(x, y)` is `x.add(y)`. A number works
 * wherever a tensor does (it becomes a 0-d tensor on the default device when
 * it is the first operand of a one-input op).
 */
import { Tensor } from '../tensor/tensor.js';
import type { VarOptions, ValuesIndices } from './reduce.js';
import { asTensor } from '../dispatch/kernels.js';
import { tensorArg } from './arguments.js';
import * as binary from './binary.js';
import * as movement from './movement.js';
import * as pointwise from './pointwise-composites.js';
import type { GeluOptions } from './activations.js';
import type { DType } from '../dtype.js';
import type { SortOptions, TopkOptions } from './sorting.js';
import * as indexingExtra from './indexing-extra.js';
import type { ScatterReduce } from './scatter-reduce.js';
import type { Indices } from './index-spec.js';

/** A tensor, or a number standing for one. */
export type Arg = Tensor | number;

/** The tensor an op's first argument stands for: a number becomes a float32 0-d tensor; anything else is refused, naming the op. */
const T = (fn: string, x: Arg): Tensor => {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number') return asTensor(x, null, 'float32');
  return tensorArg(fn, 'input', 1, x);
};

export const add = (a: Arg, b: Arg, options?: { alpha?: number }): Tensor => binary.add(a, b, options);
export const sub = (a: Arg, b: Arg, options?: { alpha?: number }): Tensor => binary.sub(a, b, options);
export const mul = (a: Arg, b: Arg): Tensor => binary.mul(a, b);
export const div = (a: Arg, b: Arg, options?: { roundingMode?: 'trunc' | 'floor' }): Tensor => binary.div(a, b, options);
export const pow = (a: Arg, b: Arg): Tensor => binary.pow(a, b);
export const maximum = (a: Arg, b: Arg): Tensor => binary.maximum(a, b);
export const minimum = (a: Arg, b: Arg): Tensor => binary.minimum(a, b);
/**
 * `condition ? a : b`, elementwise, broadcasting all three; with only the
 * condition, the indices where it holds, one int32 tensor per dimension
 * (torch.where(cond), nonzero's asTuple form).
 */
export function where(condition: Tensor): Tensor[];
export function where(condition: Tensor, a: Arg, b: Arg): Tensor;
export function where(condition: Tensor, a?: Arg, b?: Arg): Tensor | Tensor[] {
  if (a === undefined && b === undefined) return indexingExtra.whereNonzero(condition);
  return binary.where(condition, a!, b!);
}
export const maskedSelect = (x: Tensor, mask: Tensor): Tensor => tensorArg('masked_select', 'input', 1, x).maskedSelect(mask);
export function nonzero(x: Tensor): Tensor;
export function nonzero(x: Tensor, options: { asTuple: true }): Tensor[];
export function nonzero(x: Tensor, options?: { asTuple?: boolean }): Tensor | Tensor[];
export function nonzero(x: Tensor, options?: { asTuple?: boolean }): Tensor | Tensor[] {
  return indexingExtra.nonzero(tensorArg('nonzero', 'input', 1, x), options);
}
export const indexAdd = (x: Tensor, dim: number, index: Tensor, source: Tensor, options?: { alpha?: number }): Tensor => tensorArg('index_add', 'input', 1, x).indexAdd(dim, index, source, options);
export const scatter = (x: Tensor, dim: number, index: Tensor, src: Tensor | number): Tensor => tensorArg('scatter', 'input', 1, x).scatter(dim, index, src);
export const scatterReduce = (x: Tensor, dim: number, index: Tensor, src: Tensor, reduce: ScatterReduce, options?: { includeSelf?: boolean }): Tensor =>
  tensorArg('scatter_reduce', 'input', 1, x).scatterReduce(dim, index, src, reduce, options);
/** `x[indices]` (see `Tensor.index`); also a method: `x.index(indices)`. */
export const index = (x: Tensor, indices: Indices): Tensor => tensorArg('index', 'input', 1, x).index(indices);
/** A copy of `x` with `values` written (or added, with `accumulate`) at `indices` (torch.index_put). */
export const indexPut = (x: Tensor, indices: Indices, values: Tensor | number | boolean, accumulate?: boolean): Tensor => tensorArg('index_put', 'input', 1, x).indexPut(indices, values, accumulate);
export const relu = (x: Arg): Tensor => T('relu', x).relu();
export const square = (x: Arg): Tensor => T('square', x).square();
export const leakyRelu = (x: Arg, negativeSlope?: number): Tensor => T('leakyRelu', x).leakyRelu(negativeSlope);
export const softplus = (x: Arg, options?: { beta?: number; threshold?: number }): Tensor => T('softplus', x).softplus(options);
export const silu = (x: Arg): Tensor => T('silu', x).silu();
export const gelu = (x: Arg, options?: GeluOptions): Tensor => T('gelu', x).gelu(options);
export const atan2 = (a: Arg, b: Arg): Tensor => T('atan2', a).atan2(b);
export const fmod = (a: Arg, b: Arg): Tensor => T('fmod', a).fmod(b);
export const remainder = (a: Arg, b: Arg): Tensor => T('remainder', a).remainder(b);
export const lerp = (start: Tensor, end: Tensor, weight: Arg): Tensor => tensorArg('lerp', 'input', 1, start).lerp(end, weight);
export const logit = (x: Arg, eps?: number | null): Tensor => T('logit', x).logit(eps);
/** x·ln y, 0 where x = 0 (torch.xlogy); either side may be a number. */
export const xlogy = (x: Arg, y: Arg): Tensor => pointwise.xlogy(x, y);
export const nanToNum = (x: Arg, options?: { nan?: number; posinf?: number; neginf?: number }): Tensor => T('nanToNum', x).nanToNum(options);
export const clampMin = (x: Arg, min: Arg): Tensor => T('clampMin', x).clampMin(min);
export const clampMax = (x: Arg, max: Arg): Tensor => T('clampMax', x).clampMax(max);
export const hardtanh = (x: Arg, minVal?: number, maxVal?: number): Tensor => T('hardtanh', x).hardtanh(minVal, maxVal);
export const relu6 = (x: Arg): Tensor => T('relu6', x).relu6();
export const elu = (x: Arg, alpha?: number): Tensor => T('elu', x).elu(alpha);
export const selu = (x: Arg): Tensor => T('selu', x).selu();
export const celu = (x: Arg, alpha?: number): Tensor => T('celu', x).celu(alpha);
export const mish = (x: Arg): Tensor => T('mish', x).mish();
export const hardswish = (x: Arg): Tensor => T('hardswish', x).hardswish();
export const logsigmoid = (x: Arg): Tensor => T('logsigmoid', x).logsigmoid();
export const softsign = (x: Arg): Tensor => T('softsign', x).softsign();
export const softmin = (x: Tensor, dim: number): Tensor => tensorArg('softmin', 'input', 1, x).softmin(dim);
export const glu = (x: Tensor, dim?: number): Tensor => tensorArg('glu', 'input', 1, x).glu(dim);
export const clamp = (x: Arg, min?: Arg | null, max?: Arg | null): Tensor => T('clamp', x).clamp(min, max);

export const eq = (a: Arg, b: Arg): Tensor => T('eq', a).eq(b);
export const ne = (a: Arg, b: Arg): Tensor => T('ne', a).ne(b);
export const lt = (a: Arg, b: Arg): Tensor => T('lt', a).lt(b);
export const le = (a: Arg, b: Arg): Tensor => T('le', a).le(b);
export const gt = (a: Arg, b: Arg): Tensor => T('gt', a).gt(b);
export const ge = (a: Arg, b: Arg): Tensor => T('ge', a).ge(b);
export const all = (x: Tensor, dim?: number | readonly number[], keepdim?: boolean): Tensor => tensorArg('all', 'input', 1, x).all(dim, keepdim);
export const any = (x: Tensor, dim?: number | readonly number[], keepdim?: boolean): Tensor => tensorArg('any', 'input', 1, x).any(dim, keepdim);
export const allclose = (a: Tensor, b: Arg, options?: { rtol?: number; atol?: number; equalNan?: boolean }): boolean => tensorArg('allclose', 'input', 1, a).allclose(b, options);
export const equal = (a: Tensor, b: Tensor): boolean => tensorArg('equal', 'input', 1, a).equal(b);
export const isnan = (x: Tensor): Tensor => tensorArg('isnan', 'input', 1, x).isnan();

export const sum = (x: Tensor, dim?: number | readonly number[] | null, keepdim?: boolean, options?: { dtype?: DType }): Tensor => tensorArg('sum', 'input', 1, x).sum(dim, keepdim, options);
export const mean = (x: Tensor, dim?: number | readonly number[] | null, keepdim?: boolean, options?: { dtype?: DType }): Tensor => tensorArg('mean', 'input', 1, x).mean(dim, keepdim, options);
export const prod = (x: Tensor, dim?: number | null, keepdim?: boolean): Tensor => tensorArg('prod', 'input', 1, x).prod(dim, keepdim);
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, dim?: number, keepdim?: boolean): Tensor | ValuesIndices {
  tensorArg('max', 'input', 1, x);
  return dim === undefined ? x.max() : x.max(dim, keepdim);
}
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, dim?: number, keepdim?: boolean): Tensor | ValuesIndices {
  tensorArg('min', 'input', 1, x);
  return dim === undefined ? x.min() : x.min(dim, keepdim);
}
export const amax = (x: Tensor, dim?: number | readonly number[], keepdim?: boolean): Tensor => tensorArg('amax', 'input', 1, x).amax(dim, keepdim);
export const amin = (x: Tensor, dim?: number | readonly number[], keepdim?: boolean): Tensor => tensorArg('amin', 'input', 1, x).amin(dim, keepdim);
export const argmax = (x: Tensor, dim?: number, keepdim?: boolean): Tensor => tensorArg('argmax', 'input', 1, x).argmax(dim, keepdim);
export const argmin = (x: Tensor, dim?: number, keepdim?: boolean): Tensor => tensorArg('argmin', 'input', 1, x).argmin(dim, keepdim);
export const variance = (x: Tensor, dim?: number | readonly number[] | null, options?: VarOptions): Tensor => tensorArg('variance', 'input', 1, x).var(dim, options);
export const std = (x: Tensor, dim?: number | readonly number[] | null, options?: VarOptions): Tensor => tensorArg('std', 'input', 1, x).std(dim, options);
export const norm = (x: Tensor, p?: number, dim?: number | readonly number[] | null, keepdim?: boolean): Tensor => tensorArg('norm', 'input', 1, x).norm(p, dim, keepdim);
export const logsumexp = (x: Tensor, dim: number | readonly number[], keepdim?: boolean): Tensor => tensorArg('logsumexp', 'input', 1, x).logsumexp(dim, keepdim);
export const softmax = (x: Tensor, dim: number, options?: { dtype?: DType }): Tensor => tensorArg('softmax', 'input', 1, x).softmax(dim, options);
export const logSoftmax = (x: Tensor, dim: number): Tensor => tensorArg('logSoftmax', 'input', 1, x).logSoftmax(dim);

export const matmul = (a: Tensor, b: Tensor): Tensor => tensorArg('matmul', 'input', 1, a).matmul(b);
export const mm = (a: Tensor, b: Tensor): Tensor => tensorArg('mm', 'input', 1, a).mm(b);
export const bmm = (a: Tensor, b: Tensor): Tensor => tensorArg('bmm', 'input', 1, a).bmm(b);
export const mv = (a: Tensor, b: Tensor): Tensor => tensorArg('mv', 'input', 1, a).mv(b);
export const dot = (a: Tensor, b: Tensor): Tensor => tensorArg('dot', 'input', 1, a).dot(b);
export const outer = (a: Tensor, b: Tensor): Tensor => tensorArg('outer', 'input', 1, a).outer(b);
export const t = (x: Tensor): Tensor => tensorArg('t', 'input', 1, x).t();

export const reshape = (x: Tensor, shape: readonly number[]): Tensor => tensorArg('reshape', 'input', 1, x).reshape(shape);
export const view = (x: Tensor, shape: readonly number[]): Tensor => tensorArg('view', 'input', 1, x).view(shape);
export const flatten = (x: Tensor, startDim?: number, endDim?: number): Tensor => tensorArg('flatten', 'input', 1, x).flatten(startDim, endDim);
export const squeeze = (x: Tensor, dim?: number | readonly number[]): Tensor => tensorArg('squeeze', 'input', 1, x).squeeze(dim);
export const unsqueeze = (x: Tensor, dim: number): Tensor => tensorArg('unsqueeze', 'input', 1, x).unsqueeze(dim);
export const transpose = (x: Tensor, dim0: number, dim1: number): Tensor => tensorArg('transpose', 'input', 1, x).transpose(dim0, dim1);
export const permute = (x: Tensor, dims: readonly number[]): Tensor => tensorArg('permute', 'input', 1, x).permute(dims);
export const expand = (x: Tensor, shape: readonly number[]): Tensor => tensorArg('expand', 'input', 1, x).expand(shape);
export const expandAs = (x: Tensor, other: Tensor): Tensor => tensorArg('expandAs', 'input', 1, x).expandAs(other);
export const narrow = (x: Tensor, dim: number, start: number, length: number): Tensor => tensorArg('narrow', 'input', 1, x).narrow(dim, start, length);
export const select = (x: Tensor, dim: number, index: number): Tensor => tensorArg('select', 'input', 1, x).select(dim, index);
export const split = (x: Tensor, splitSize: number | readonly number[], dim?: number): Tensor[] => tensorArg('split', 'input', 1, x).split(splitSize, dim);
export const chunk = (x: Tensor, chunks: number, dim?: number): Tensor[] => tensorArg('chunk', 'input', 1, x).chunk(chunks, dim);
export const unbind = (x: Tensor, dim?: number): Tensor[] => tensorArg('unbind', 'input', 1, x).unbind(dim);
export const indexSelect = (x: Tensor, dim: number, index: Tensor): Tensor => tensorArg('indexSelect', 'input', 1, x).indexSelect(dim, index);
export const gather = (x: Tensor, dim: number, index: Tensor): Tensor => tensorArg('gather', 'input', 1, x).gather(dim, index);
export const scatterAdd = (x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor => tensorArg('scatterAdd', 'input', 1, x).scatterAdd(dim, index, src);
export const repeat = (x: Tensor, sizes: readonly number[]): Tensor => tensorArg('repeat', 'input', 1, x).repeat(sizes);
export const flip = (x: Tensor, dims: readonly number[]): Tensor => tensorArg('flip', 'input', 1, x).flip(dims);
export const diagonal = (x: Tensor, offset?: number, dim1?: number, dim2?: number): Tensor => tensorArg('diagonal', 'input', 1, x).diagonal(offset, dim1, dim2);
export const tril = (x: Tensor, diagonal?: number): Tensor => tensorArg('tril', 'input', 1, x).tril(diagonal);
export const triu = (x: Tensor, diagonal?: number): Tensor => tensorArg('triu', 'input', 1, x).triu(diagonal);
export const roll = (x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]): Tensor => tensorArg('roll', 'input', 1, x).roll(shifts, dims);
export const tile = (x: Tensor, reps: readonly number[]): Tensor => tensorArg('tile', 'input', 1, x).tile(reps);
export const movedim = (x: Tensor, source: number | readonly number[], destination: number | readonly number[]): Tensor => tensorArg('movedim', 'input', 1, x).movedim(source, destination);
export const diag = (x: Tensor, diagonal?: number): Tensor => tensorArg('diag', 'input', 1, x).diag(diagonal);
export const trace = (x: Tensor): Tensor => tensorArg('trace', 'input', 1, x).trace();
export const cumsum = (x: Tensor, dim: number, options?: { dtype?: DType }): Tensor => tensorArg('cumsum', 'input', 1, x).cumsum(dim, options);
export const cumprod = (x: Tensor, dim: number, options?: { dtype?: DType }): Tensor => tensorArg('cumprod', 'input', 1, x).cumprod(dim, options);
export { einsum } from './einsum.js';
export const sort = (x: Tensor, dim?: number, options?: boolean | SortOptions): ValuesIndices => tensorArg('sort', 'input', 1, x).sort(dim, options);
export const argsort = (x: Tensor, dim?: number, options?: boolean | SortOptions): Tensor => tensorArg('argsort', 'input', 1, x).argsort(dim, options);
export const topk = (x: Tensor, k: number, dim?: number, options?: TopkOptions): ValuesIndices => tensorArg('topk', 'input', 1, x).topk(k, dim, options);
export const cat = movement.cat;
export const stack = movement.stack;
export const clone = (x: Tensor): Tensor => tensorArg('clone', 'input', 1, x).clone();
export const detach = (x: Tensor): Tensor => tensorArg('detach', 'input', 1, x).detach();
