/**
 * Row kernels specialised per op. An elementwise op is one self-contained
 * function (`exp: (x) => Math.exp(x)`); its source is placed in a generated
 * loop so that V8 sees one monomorphic call it can inline, instead of one
 * shared loop whose call site turns megamorphic after a few ops (several
 * times slower). Where `new Function` is forbidden (a strict
 * Content-Security-Policy) the same loops call the function directly:
 * slower, equally correct. The op functions therefore must not refer to
 * anything outside themselves.
 */
import type { TypedArray } from '@grad/core';

/** (X, xi, xs, O, oi, n): O[oi + i] = f(X[xi + i·xs]) for i < n. */
export type UnaryRow = (X: TypedArray, xi: number, xs: number, O: TypedArray, oi: number, n: number) => void;
/** (A, ai, as, B, bi, bs, O, oi, n): O[oi + i] = f(A[ai + i·as], B[bi + i·bs]). */
export type BinaryRow = (A: TypedArray, ai: number, as: number, B: TypedArray, bi: number, bs: number, O: TypedArray, oi: number, n: number) => void;

let codegenAllowed: boolean | null = null;

/** Whether this environment allows `new Function` (probed once). */
export function canCodegen(): boolean {
  if (codegenAllowed === null) {
    try {
      codegenAllowed = new Function('return 1')() === 1;
    } catch {
      codegenAllowed = false;
    }
  }
  return codegenAllowed;
}

const UNARY_LOOP = `
  if (xs === 1) { for (let i = 0; i < n; i++) O[oi + i] = f(X[xi + i]); }
  else { for (let i = 0; i < n; i++) O[oi + i] = f(X[xi + i * xs]); }`;

const BINARY_LOOP = `
  if (as === 1 && bs === 1) { for (let i = 0; i < n; i++) O[oi + i] = f(A[ai + i], B[bi + i]); }
  else if (bs === 0) { const b = B[bi]; for (let i = 0; i < n; i++) O[oi + i] = f(A[ai + i * as], b); }
  else if (as === 0) { const a = A[ai]; for (let i = 0; i < n; i++) O[oi + i] = f(a, B[bi + i * bs]); }
  else { for (let i = 0; i < n; i++) O[oi + i] = f(A[ai + i * as], B[bi + i * bs]); }`;

/** The row kernel of a one-input op. */
export function unaryRow(f: (x: number) => number): UnaryRow {
  if (canCodegen()) {
    return new Function(`const f = ${f.toString()};\nreturn function unaryRow(X, xi, xs, O, oi, n) {${UNARY_LOOP}\n};`)() as UnaryRow;
  }
  return (X, xi, xs, O, oi, n) => {
    for (let i = 0; i < n; i++) O[oi + i] = f(X[xi + i * xs]!);
  };
}

/** The row kernel of a two-input op. */
export function binaryRow(f: (a: number, b: number) => number): BinaryRow {
  if (canCodegen()) {
    return new Function(`const f = ${f.toString()};\nreturn function binaryRow(A, ai, as, B, bi, bs, O, oi, n) {${BINARY_LOOP}\n};`)() as BinaryRow;
  }
  return fallbackBinary(f);
}

function fallbackBinary(f: (a: number, b: number) => number): BinaryRow {
  return (A, ai, as, B, bi, bs, O, oi, n) => {
    for (let i = 0; i < n; i++) O[oi + i] = f(A[ai + i * as]!, B[bi + i * bs]!);
  };
}
