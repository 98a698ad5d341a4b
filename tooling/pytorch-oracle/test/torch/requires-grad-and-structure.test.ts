/**
 * PyTorch's test/test_autograd.py, TestAutograd: requiresGrad, graph
 * structure, stacking and unused outputs, translated (same names; float64 as the
 * file's default dtype).
 */
import { describe, expect, test } from 'vitest';
import { autograd, cat, stack, tensor, zeros, type Tensor } from '@grad/core';
import { assertEqual, ones64, randn64, zeros64 } from './helpers.js';

describe('TestAutograd (requires grad, graph structure, stacking)', () => {
  test('test_no_unnecessary_save', () => {
    // If mul kept x (its other operand does not require grad) for backward, modifying x afterwards would
    // make backward fail. PyTorch elides that save, and so does grad.
    const mu = ones64([1], true);
    const x = tensor([0], { dtype: 'float64' });
    let loss: Tensor | number = 0;
    const run = (): void => {
      for (let i = 0; i < 3; i++) {
        x.detach_();
        x.copy_(mu.add(i));
        const ft = tensor([i], { dtype: 'float64' });
        const s = x.mul(ft).sum();
        loss = typeof loss === 'number' ? s.add(loss) : loss.add(s);
      }
      (loss as Tensor).backward();
    };
    expect(run).not.toThrow();
    // d/dmu Σᵢ (mu + i)·i = 0 + 1 + 2
    expect(mu.grad!.item()).toBe(3);
  });

  test('test_requires_grad', () => {
    const x = randn64([5, 5]);
    const y = randn64([5, 5]);
    const z = randn64([5, 5], true);
    const a = x.add(y);
    expect(a.requiresGrad).toBe(false);
    const b = a.add(z);
    expect(b.requiresGrad).toBe(true);
    b.backward(ones64([5, 5]));
    expect(x.grad).toBeNull();
    expect(y.grad).toBeNull();
  });

  test('test_requires_grad_', () => {
    const x = randn64([5, 5]);
    const y = randn64([5, 5], true);
    expect(x.requiresGrad_()).toBe(x);
    expect(x.requiresGrad).toBe(true);
    expect(y.requiresGrad_()).toBe(y);
    expect(y.requiresGrad).toBe(true);
    expect(x.requiresGrad_(true)).toBe(x);
    expect(y.requiresGrad_(true)).toBe(y);
    const z = x.mul(y);
    expect(() => z.requiresGrad_(false)).toThrow();
    expect(z.requiresGrad_()).toBe(z);
    expect(z.requiresGrad).toBe(true);
    expect(z.requiresGrad_(true)).toBe(z);
    expect(x.requiresGrad_(false)).toBe(x);
    expect(x.requiresGrad).toBe(false);
    expect(y.requiresGrad_(false)).toBe(y);
    expect(y.requiresGrad).toBe(false);
  });

  test('test_requires_grad_inplace', () => {
    let a = randn64([5, 5]);
    let b = randn64([5, 5], true);
    a.add_(b);
    expect(a.requiresGrad).toBe(true);
    // non-leaf
    a = randn64([5, 5]).add(0);
    b = randn64([5, 5], true);
    a.add_(b);
    expect(a.requiresGrad).toBe(true);
  });

  test('test_no_requires_grad_inplace', () => {
    // Modified in place while requiresGrad is false: fine.
    let a = randn64([2, 3]);
    a.add_(5);
    a.requiresGrad = true;
    a.sum().backward();
    assertEqual(a.grad, ones64([2, 3]));
    // The same through a view.
    a = randn64([2, 3]);
    let b = a.slice(0);
    b.add_(5);
    a.requiresGrad = true;
    a.sum().backward();
    assertEqual(a.grad, ones64([2, 3]));
    // Refused once requiresGrad is true.
    a = randn64([2, 3]);
    b = a.slice(0);
    a.requiresGrad = true;
    expect(() => a.add_(5)).toThrow();
    expect(() => b.add_(5)).toThrow();
  });

  test('test_duplicate_backward_root', () => {
    const a = randn64([5, 5], true);
    const b = randn64([5, 5], true);
    const x = a.mul(b);
    const gradOutput = randn64([5, 5]);
    autograd.backward([x, x], { gradTensors: [gradOutput, gradOutput] });
    assertEqual(a.grad, b.mul(gradOutput).mul(2));
    assertEqual(b.grad, a.mul(gradOutput).mul(2));
  });

  test('test_backward_no_grad', () => {
    const a = randn64([5, 5], true);
    const b = a.add(2);
    expect(() => autograd.backward([b], { gradTensors: [null] })).toThrow();
  });

  test('test_backward_twice_without_saved_values', () => {
    const b = randn64([3], true);
    const c = b.add(1);
    c.backward(tensor([1, 1, 1], { dtype: 'float64' }));
    c.backward(tensor([1, 1, 1], { dtype: 'float64' }));
    assertEqual(b.grad, 2);
  });

  test('test_next_functions', () => {
    const x = randn64([5, 5], true);
    const y = randn64([5, 5], true);
    const a = x.add(y);
    expect(a.gradFn).not.toBeNull();
    let next = a.gradFn!.nextFunctions;
    expect(next.length).toBe(2);
    expect(next[0]![0]!.name).toBe('AccumulateGrad');
    expect(next[0]![1]).toBe(0);
    expect(next[1]![0]!.name).toBe('AccumulateGrad');
    expect(next[1]![1]).toBe(0);
    const b = a.add(5);
    next = b.gradFn!.nextFunctions;
    expect(next.length).toBe(2);
    expect(next[0]![0]).toBe(a.gradFn);
    expect(next[1]![0]).toBeNull();
  });

  test('test_stack', () => {
    const [x, y, z] = [0, 1, 2].map(() => randn64([10, 10], true)) as [Tensor, Tensor, Tensor];
    const stacked = stack([x, y, z], 0);
    const grad = randn64([3, 10, 10]);
    stacked.backward(grad);
    assertEqual(x.grad, grad.select(0, 0));
    assertEqual(y.grad, grad.select(0, 1));
    assertEqual(z.grad, grad.select(0, 2));
  });

  test('test_hstack', () => {
    const [x, y, z] = [0, 1, 2].map(() => randn64([10, 10], true)) as [Tensor, Tensor, Tensor];
    const stacked = cat([x, y, z], 1); // torch.hstack of 2-D tensors
    const grad = randn64([10, 30]);
    stacked.backward(grad);
    assertEqual(x.grad, grad.slice(1, 0, 10));
    assertEqual(y.grad, grad.slice(1, 10, 20));
    assertEqual(z.grad, grad.slice(1, 20, 30));
  });

  test('test_vstack', () => {
    const [x, y, z] = [0, 1, 2].map(() => randn64([10, 10], true)) as [Tensor, Tensor, Tensor];
    const stacked = cat([x, y, z], 0); // torch.vstack
    const grad = randn64([30, 10]);
    stacked.backward(grad);
    assertEqual(x.grad, grad.slice(0, 0, 10));
    assertEqual(y.grad, grad.slice(0, 10, 20));
    assertEqual(z.grad, grad.slice(0, 20, 30));
  });

  test('test_dstack', () => {
    const [x, y, z] = [0, 1, 2].map(() => randn64([10, 10], true)) as [Tensor, Tensor, Tensor];
    const stacked = stack([x, y, z], 2); // torch.dstack of 2-D tensors
    const grad = randn64([10, 10, 3]);
    stacked.backward(grad);
    assertEqual(x.grad, grad.select(2, 0));
    assertEqual(y.grad, grad.select(2, 1));
    assertEqual(z.grad, grad.select(2, 2));
  });

  test('test_unbind', () => {
    let stacked = randn64([3, 10, 10], true);
    const [x, y, z] = stacked.unbind();
    const grad = randn64([3, 10, 10]);
    autograd.backward([x!, y!, z!], { gradTensors: grad.unbind() });
    assertEqual(stacked.grad, grad);
    // Only one gradient given (#9977).
    for (let i = 0; i < 3; i++) {
      stacked = randn64([3, 10, 10], true);
      const outs = stacked.unbind();
      const gi = grad.unbind()[i]!;
      const [g] = autograd.grad(outs[i]!, stacked, { gradOutputs: gi });
      const expected = stack([0, 1, 2].map((j) => (j === i ? gi : zeros([10, 10], { dtype: 'float64' }))), 0);
      assertEqual(g, expected);
    }
  });

  test('test_fill', () => {
    const root = randn64([4, 5], true);
    const func = (r: Tensor): Tensor => r.clone().fill_(2);
    expect(autograd.gradcheck(func, [root])).toBe(true);
    expect(autograd.gradgradcheck(func, [root])).toBe(true);
  });

  test('test_unused_output', () => {
    const x = randn64([10, 10], true);
    let outputs = x.chunk(5);
    const o = outputs[2]!.mul(4).add(2);
    o.sum().backward();
    const expected = zeros64([10, 10]);
    expected.slice(0, 4, 6).fill_(4);
    assertEqual(x.grad, expected);
    x.grad!.zero_();
    const gradOutput = randn64([2, 10]);
    outputs = x.chunk(5);
    outputs[0]!.backward(gradOutput);
    const expected2 = zeros64([10, 10]);
    expected2.slice(0, 0, 2).copy_(gradOutput);
    assertEqual(x.grad, expected2);
  });

  test('test_select_sum', () => {
    const x = randn64([10], true);
    const func = (v: Tensor): Tensor => v.select(0, 1).sum();
    expect(autograd.gradcheck(func, [x])).toBe(true);
    expect(autograd.gradgradcheck(func, [x])).toBe(true);
  });
});
