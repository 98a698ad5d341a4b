import { describe, expect, it } from 'vitest';
import './setup-backend.js';
import { add, checkOptions, crossEntropy, mseLoss, ones, tensor, zeros, type Tensor } from '@grad/core';

/**
 * Option objects are keyword arguments: a key the function does not know is
 * refused (PyTorch: `TypeError: … got an unexpected keyword argument`),
 * never silently ignored, and the message names the known options and the
 * closest one.
 */
const x = (): Tensor => tensor([1, 2]);

describe('unknown option keys are refused, with a suggestion', () => {
  it('a slip gets "did you mean"', () => {
    expect(() => x().sub(x(), { alpah: 2 } as never)).toThrow(TypeError);
    expect(() => x().sub(x(), { alpah: 2 } as never)).toThrow("sub() got an unexpected option 'alpah'; did you mean 'alpha'? (its options: alpha)");
    expect(() => tensor([1], { requiresgrad: true } as never)).toThrow("tensor() got an unexpected option 'requiresgrad'; did you mean 'requiresGrad'?");
    expect(() => zeros(2, { dtyp: 'float64' } as never)).toThrow("zeros() got an unexpected option 'dtyp'; did you mean 'dtype'?");
    expect(() => mseLoss(x(), x(), { reduce: 'sum' } as never)).toThrow("mseLoss() got an unexpected option 'reduce'; did you mean 'reduction'?");
  });
  it('a key nothing like the known ones is refused without a guess', () => {
    expect(() => add(x(), x(), { banana: 1 } as never)).toThrow("add() got an unexpected option 'banana' (its options: alpha)");
    expect(() => ones([2], { weird: true } as never)).toThrow("ones() got an unexpected option 'weird' (its options: dtype, requiresGrad, device)");
  });
  it('options that are not an object are refused', () => {
    expect(() => x().div(x(), 'floor' as never)).toThrow('div() expects an options object as its last argument, but got string');
    expect(() => checkOptions('f', null, ['a'])).toThrow('f() expects an options object as its last argument, but got null');
  });
  it('known keys still work, and the values they carry are used', () => {
    // 5 − 2·1 = 3
    expect(tensor([5]).sub(tensor([1]), { alpha: 2 }).tolist()).toEqual([3]);
    // cross entropy of logits [0, 0] for class 0 with smoothing 0: ln 2
    expect(crossEntropy(tensor([[0, 0]]), tensor([0], { dtype: 'int32' }), { labelSmoothing: 0, reduction: 'sum' }).item()).toBeCloseTo(Math.LN2, 6);
    expect(() => x().div(x(), { roundingMode: 'up' as never })).toThrow("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found 'up'");
  });
});
