/**
 * `@grad/core/backend`: what a backend author needs, and nothing a user does.
 * The `Backend` contract and its types, and the helpers for walking strided
 * views that every backend would otherwise write again.
 *
 * ```ts
 * import { coalesce, forEachRow, type Backend } from '@grad/core/backend';
 * ```
 */
export type {
  Backend,
  Kernels,
  Storage,
  StridedView,
  Operand,
  UnaryOp,
  BinaryOp,
  CompareOp,
  ReduceOp,
  ArgReduceOp,
  MemoryInfo,
} from './backend.js';
export type { DType, TypedArray } from '../dtype.js';
export { itemSize, arrayTypeFor, isFloatingPoint } from '../dtype.js';
export { contiguousStrides } from '../shape.js';
export { coalesce, forEachRow, isDense, numel, type Rows } from './strided.js';
