/**
 * What the translated PyTorch tests share: PyTorch's test file sets float64
 * as the default dtype, so the creation helpers here make float64 tensors;
 * `graphDesc` is the test file's own graph_desc; `assertEqual` is
 * TestCase.assertEqual for tensors (allclose with PyTorch's double tolerances).
 */
import { expect } from 'vitest';
import { ones, rand, randn, tensor, zeros, type Node, type Tensor } from '@grad/core';

type Shape = number[];
const F64 = { dtype: 'float64' as const };

export const randn64 = (shape: Shape, requiresGrad = false): Tensor => randn(shape, { ...F64, requiresGrad });
export const rand64 = (shape: Shape, requiresGrad = false): Tensor => rand(shape, { ...F64, requiresGrad });
export const ones64 = (shape: Shape, requiresGrad = false): Tensor => ones(shape, { ...F64, requiresGrad });
export const zeros64 = (shape: Shape, requiresGrad = false): Tensor => zeros(shape, { ...F64, requiresGrad });
export const t64 = (data: number | number[] | number[][], requiresGrad = false): Tensor => tensor(data, { ...F64, requiresGrad });

/** torch.testing's assertEqual for double tensors: rtol 1e-7, atol 1e-7. */
export function assertEqual(actual: Tensor | null | undefined, expected: Tensor | number, tol = { rtol: 1e-7, atol: 1e-7 }): void {
  expect(actual).not.toBeNull();
  expect(actual).toBeDefined();
  const want = typeof expected === 'number' ? actual!.detach().newFull(actual!.shape, expected) : expected.detach();
  expect([...actual!.shape]).toEqual([...want.shape]);
  expect(actual!.detach()).toBeAllClose(want, tol);
}

/** The test file's graph_desc: `Name(child, child, …)`, None for a missing edge. */
export function graphDesc(fn: Node | null): string {
  if (fn === null) return 'None';
  const next = fn.nextFunctions;
  return `${fn.name}(${next.map(([n]) => graphDesc(n)).join(', ')})`;
}

/** Runs fn and returns the message it threw (fails when it does not throw). */
export function thrownMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error('expected an error');
}

/**
 * An op-level difference from PyTorch (the lead's to fix, listed in the
 * report): asserted to STILL differ, so fixing it makes this fail until the
 * translated test asserts PyTorch's value again.
 */
export function stillDiffers(actual: unknown, pytorch: unknown, reason: string): void {
  expect(actual, `now agrees with PyTorch (${reason}): assert equality instead`).not.toEqual(pytorch);
}

// ---- TestAutogradFunctional's helpers, shared by the functional-*.test.ts files ----

/** A tensor or nested arrays of them (jacobian and hessian results). */
export type Nested = Tensor | Nested[];

/** _assert_same_struct: the same nesting and shapes. */
export function assertSameStruct(res: Nested, base: Nested): void {
  if (Array.isArray(base)) {
    expect(Array.isArray(res)).toBe(true);
    expect((res as Nested[]).length).toBe(base.length);
    base.forEach((b, i) => assertSameStruct((res as Nested[])[i]!, b));
  } else {
    expect(Array.isArray(res)).toBe(false);
    expect([...(res as Tensor).shape]).toEqual([...base.shape]);
  }
}

/** _assert_interleaved_struct: res[i][j] has shape base1[i].shape ++ base2[j].shape. */
export function assertInterleavedStruct(res: Nested, base1: Nested, base2: Nested): void {
  const list1 = Array.isArray(base1) ? (base1 as Tensor[]) : null;
  const list2 = Array.isArray(base2) ? (base2 as Tensor[]) : null;
  if (!list1 && !list2) {
    expect([...(res as Tensor).shape]).toEqual([...(base1 as Tensor).shape, ...(base2 as Tensor).shape]);
  } else if (list1 && !list2) {
    list1.forEach((b, i) => expect([...((res as Tensor[])[i]!).shape]).toEqual([...b.shape, ...(base2 as Tensor).shape]));
  } else if (!list1 && list2) {
    list2.forEach((b, j) => expect([...((res as Tensor[])[j]!).shape]).toEqual([...(base1 as Tensor).shape, ...b.shape]));
  } else {
    list1!.forEach((b1, i) => list2!.forEach((b2, j) => expect([...((res as Tensor[][])[i]![j]!).shape]).toEqual([...b1.shape, ...b2.shape])));
  }
}

export const three = (a: Tensor): Tensor => a.narrow(0, 0, 3).mul(3);
export const bar = (a: Tensor): unknown => [three(a), 'bar'];
// A non-leaf that requires grad but is not connected to the input.
export const disconnected = (a: Tensor): Tensor => a.int().double().requiresGrad_().clone();
export const absSum = (t: Tensor): number => t.abs().sum().item();
