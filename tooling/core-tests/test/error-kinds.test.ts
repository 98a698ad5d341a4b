import { describe, expect, it } from 'vitest';
import './setup-backend.js';
import { IndexError, RuntimeError, TypeError, ValueError, mseLoss, nllLoss, ones, tensor, zerosLike } from '@grad/core';

/** The error a call throws (the test fails if it returns). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to throw');
}

/**
 * Errors carry PyTorch's kind, as exported classes with that `name`, thrown
 * where PyTorch raises the same kind (each case below was run in PyTorch 1.13
 * and raised the kind named).
 */
describe('errors carry PyTorch kinds', () => {
  it('a dim out of range is an IndexError (and still a RangeError)', () => {
    const e = thrown(() => ones(2, 3).sum(5));
    expect(e).toBeInstanceOf(IndexError);
    expect(e).toBeInstanceOf(RangeError);
    expect(e.name).toBe('IndexError');
    expect(String(e)).toBe('IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 5)');
  });
  it('an index or class target out of range is an IndexError', () => {
    expect(thrown(() => ones(2, 3).select(0, 5))).toBeInstanceOf(IndexError);
    expect(thrown(() => nllLoss(ones(2, 3), tensor([0, 5], { dtype: 'int32' })))).toBeInstanceOf(IndexError);
  });
  it('shapes that do not fit are a RuntimeError', () => {
    const e = thrown(() => ones(2, 2).mm(ones(3, 3)));
    expect(e).toBeInstanceOf(RuntimeError);
    expect(e.name).toBe('RuntimeError');
    expect(e.message).toBe('mat1 and mat2 shapes cannot be multiplied (2x2 and 3x3)');
    expect(thrown(() => ones(2, 3).view(7))).toBeInstanceOf(RuntimeError);
  });
  it('a value that is not allowed is a ValueError', () => {
    const e = thrown(() => mseLoss(ones(2), ones(2), { reduction: 'bad' as never }));
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toBe('bad is not a valid value for reduction');
  });
  it("an argument of the wrong type is core's TypeError, which is also JavaScript's", () => {
    const e = thrown(() => ones(2).add(null as never));
    expect(e).toBeInstanceOf(TypeError);
    expect(e).toBeInstanceOf(globalThis.TypeError);
    expect(e.message).toBe("add(): argument 'other' (position 1) must be Tensor, not NoneType");
  });
});

describe('indices out of range are refused on the CPU as PyTorch refuses them', () => {
  it('a negative gather index is out of bounds (PyTorch 1.13: RuntimeError, the same text)', () => {
    const x = tensor([[0, 1, 2], [3, 4, 5]]);
    const e = thrown(() => x.gather(1, tensor([[-1], [0]], { dtype: 'int32' })));
    expect(e).toBeInstanceOf(RuntimeError);
    expect(e.message).toBe('index -1 is out of bounds for dimension 1 with size 3');
    expect(thrown(() => zerosLike(x).scatterAdd(1, tensor([[3], [0]], { dtype: 'int32' }), tensor([[1], [1]])))).toBeInstanceOf(RuntimeError);
  });
});
