/**
 * Iteration over strided views: core's helpers for backend authors
 * (`@grad/core/backend`). Dimensions that are contiguous for every operand
 * are merged first (coalescing), so a contiguous tensor is one row and a
 * transposed matrix is rows of its own length; a row's inner loop is then the
 * only per-element work.
 */
export { coalesce, contiguousStrides, forEachRow, isDense, numel, type Rows } from '@grad/core/backend';
