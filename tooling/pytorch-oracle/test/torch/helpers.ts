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
