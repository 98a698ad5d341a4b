/**
 * The function forms of the ops: `add(x, y)` is `x.add(y)`. A number works
 * wherever a tensor does (it becomes a 0-d tensor on the default device when
 * it is the first operand of a one-input op).
 */
import { Tensor } from '../tensor/tensor.js';
import type { VarOptions, ValuesIndices } from './reduce.js';
import { asTensor } from '../dispatch/kernels.js';
import * as binary from './binary.js';
import * as movement from './movement.js';

/** A tensor, or a number standing for one. */
export type Arg = Tensor | number;

const T = (x: Arg): Tensor => (x instanceof Tensor ? x : asTensor(x, null, 'float32'));

export const add = (a: Arg, b: Arg, options?: { alpha?: number }): Tensor => binary.add(a, b, options);
export const sub = (a: Arg, b: Arg, options?: { alpha?: number }): Tensor => binary.sub(a, b, options);
export const mul = (a: Arg, b: Arg): Tensor => binary.mul(a, b);
export const div = (a: Arg, b: Arg, options?: { roundingMode?: 'trunc' | 'floor' }): Tensor => binary.div(a, b, options);
export const pow = (a: Arg, b: Arg): Tensor => binary.pow(a, b);
export const maximum = (a: Arg, b: Arg): Tensor => binary.maximum(a, b);
export const minimum = (a: Arg, b: Arg): Tensor => binary.minimum(a, b);
/** `condition ? a : b`, elementwise, broadcasting all three. */
export const where = (condition: Tensor, a: Arg, b: Arg): Tensor => binary.where(condition, a, b);
export const relu = (x: Arg): Tensor => T(x).relu();
export const square = (x: Arg): Tensor => T(x).square();
export const log1p = (x: Arg): Tensor => T(x).log1p();
export const expm1 = (x: Arg): Tensor => T(x).expm1();
export const leakyRelu = (x: Arg, negativeSlope?: number): Tensor => T(x).leakyRelu(negativeSlope);
export const softplus = (x: Arg, options?: { beta?: number; threshold?: number }): Tensor => T(x).softplus(options);
export const silu = (x: Arg): Tensor => T(x).silu();
export const gelu = (x: Arg): Tensor => T(x).gelu();
export const clamp = (x: Arg, min?: Arg | null, max?: Arg | null): Tensor => T(x).clamp(min, max);

export const eq = (a: Arg, b: Arg): Tensor => T(a).eq(b);
export const ne = (a: Arg, b: Arg): Tensor => T(a).ne(b);
export const lt = (a: Arg, b: Arg): Tensor => T(a).lt(b);
export const le = (a: Arg, b: Arg): Tensor => T(a).le(b);
export const gt = (a: Arg, b: Arg): Tensor => T(a).gt(b);
export const ge = (a: Arg, b: Arg): Tensor => T(a).ge(b);
export const all = (x: Tensor, dim?: number | readonly number[], keepdim?: boolean): Tensor => x.all(dim, keepdim);
export const any = (x: Tensor, dim?: number | readonly number[], keepdim?: boolean): Tensor => x.any(dim, keepdim);
export const allclose = (a: Tensor, b: Arg, options?: { rtol?: number; atol?: number; equalNan?: boolean }): boolean => a.allclose(b, options);
export const equal = (a: Tensor, b: Tensor): boolean => a.equal(b);
export const isnan = (x: Tensor): Tensor => x.isnan();

export const sum = (x: Tensor, dim?: number | readonly number[] | null, keepdim?: boolean): Tensor => x.sum(dim, keepdim);
export const mean = (x: Tensor, dim?: number | readonly number[] | null, keepdim?: boolean): Tensor => x.mean(dim, keepdim);
export const prod = (x: Tensor, dim?: number | null, keepdim?: boolean): Tensor => x.prod(dim, keepdim);
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, dim?: number, keepdim?: boolean): Tensor | ValuesIndices {
  return dim === undefined ? x.max() : x.max(dim, keepdim);
}
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, dim?: number, keepdim?: boolean): Tensor | ValuesIndices {
  return dim === undefined ? x.min() : x.min(dim, keepdim);
}
export const amax = (x: Tensor, dim?: number | readonly number[], keepdim?: boolean): Tensor => x.amax(dim, keepdim);
export const amin = (x: Tensor, dim?: number | readonly number[], keepdim?: boolean): Tensor => x.amin(dim, keepdim);
export const argmax = (x: Tensor, dim?: number, keepdim?: boolean): Tensor => x.argmax(dim, keepdim);
export const argmin = (x: Tensor, dim?: number, keepdim?: boolean): Tensor => x.argmin(dim, keepdim);
export const variance = (x: Tensor, dim?: number | readonly number[] | null, options?: VarOptions): Tensor => x.var(dim, options);
export const std = (x: Tensor, dim?: number | readonly number[] | null, options?: VarOptions): Tensor => x.std(dim, options);
export const norm = (x: Tensor, p?: number, dim?: number | readonly number[] | null, keepdim?: boolean): Tensor => x.norm(p, dim, keepdim);
export const logsumexp = (x: Tensor, dim: number | readonly number[], keepdim?: boolean): Tensor => x.logsumexp(dim, keepdim);
export const softmax = (x: Tensor, dim: number): Tensor => x.softmax(dim);
export const logSoftmax = (x: Tensor, dim: number): Tensor => x.logSoftmax(dim);

export const matmul = (a: Tensor, b: Tensor): Tensor => a.matmul(b);
export const mm = (a: Tensor, b: Tensor): Tensor => a.mm(b);
export const bmm = (a: Tensor, b: Tensor): Tensor => a.bmm(b);
export const mv = (a: Tensor, b: Tensor): Tensor => a.mv(b);
export const dot = (a: Tensor, b: Tensor): Tensor => a.dot(b);
export const outer = (a: Tensor, b: Tensor): Tensor => a.outer(b);
export const t = (x: Tensor): Tensor => x.t();

export const reshape = (x: Tensor, shape: readonly number[]): Tensor => x.reshape(shape);
export const view = (x: Tensor, shape: readonly number[]): Tensor => x.view(shape);
export const flatten = (x: Tensor, startDim?: number, endDim?: number): Tensor => x.flatten(startDim, endDim);
export const squeeze = (x: Tensor, dim?: number | readonly number[]): Tensor => x.squeeze(dim);
export const unsqueeze = (x: Tensor, dim: number): Tensor => x.unsqueeze(dim);
export const transpose = (x: Tensor, dim0: number, dim1: number): Tensor => x.transpose(dim0, dim1);
export const permute = (x: Tensor, dims: readonly number[]): Tensor => x.permute(dims);
export const expand = (x: Tensor, shape: readonly number[]): Tensor => x.expand(shape);
export const expandAs = (x: Tensor, other: Tensor): Tensor => x.expandAs(other);
export const narrow = (x: Tensor, dim: number, start: number, length: number): Tensor => x.narrow(dim, start, length);
export const select = (x: Tensor, dim: number, index: number): Tensor => x.select(dim, index);
export const split = (x: Tensor, splitSize: number | readonly number[], dim?: number): Tensor[] => x.split(splitSize, dim);
export const chunk = (x: Tensor, chunks: number, dim?: number): Tensor[] => x.chunk(chunks, dim);
export const unbind = (x: Tensor, dim?: number): Tensor[] => x.unbind(dim);
export const indexSelect = (x: Tensor, dim: number, index: Tensor): Tensor => x.indexSelect(dim, index);
export const gather = (x: Tensor, dim: number, index: Tensor): Tensor => x.gather(dim, index);
export const scatterAdd = (x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor => x.scatterAdd(dim, index, src);
export const repeat = (x: Tensor, sizes: readonly number[]): Tensor => x.repeat(sizes);
export const flip = (x: Tensor, dims: readonly number[]): Tensor => x.flip(dims);
export const diagonal = (x: Tensor, offset?: number, dim1?: number, dim2?: number): Tensor => x.diagonal(offset, dim1, dim2);
export const cat = movement.cat;
export const stack = movement.stack;
export const clone = (x: Tensor): Tensor => x.clone();
export const detach = (x: Tensor): Tensor => x.detach();
