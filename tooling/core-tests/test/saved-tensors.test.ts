import { describe, expect, it } from 'vitest';
import './setup-backend.js';
import { tensor } from '@grad/core';

/**
 * An op saves only what the gradients that will be asked for need (the rule
 * table's `needs`), as PyTorch does: changing an operand in place afterwards
 * is refused only when backward would have read it. Expected values from
 * PyTorch 1.13 (the same programs in Python).
 */
describe('ops save only what the requested gradients need', () => {
  it('a·c with c not requiring grad does not save a: a changed in place, backward still runs', () => {
    const p = tensor([1, 2], { requiresGrad: true });
    const a = p.mul(1);
    const c = tensor([3, 4]);
    const y = a.mul(c);
    a.add_(1);
    y.sum().backward();
    // ∂(a·c)/∂a = c, and ∂a/∂p = 1
    expect(p.grad!.tolist()).toEqual([3, 4]);
  });

  it('a/c with c not requiring grad does not save a', () => {
    const p = tensor([1, 2], { requiresGrad: true });
    const a = p.mul(1);
    const y = a.div(tensor([3, 4]));
    a.add_(1);
    y.sum().backward();
    // ∂(a/c)/∂a = 1/c
    expect(p.grad!).toBeAllClose([1 / 3, 1 / 4]);
  });

  it('c/a saves a (∂(c/a)/∂a = −c/a² reads it): changing a in place is refused at backward', () => {
    const p = tensor([1, 2], { requiresGrad: true });
    const a = p.mul(1);
    const y = tensor([3, 4]).div(a);
    a.add_(1);
    expect(() => y.sum().backward()).toThrow(/modified by an inplace operation/);
  });

  it('x·w with both requiring grad: both gradients (∂/∂x = w, ∂/∂w = x)', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const w = tensor([3, 4], { requiresGrad: true });
    const y = x.mul(1).mul(w.mul(1));
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([3, 4]);
    expect(w.grad!.tolist()).toEqual([1, 2]);
  });
});
