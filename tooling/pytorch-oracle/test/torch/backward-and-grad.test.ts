/**
 * PyTorch's test/test_autograd.py, TestAutograd: backward, autograd.grad,
 * accumulation and graph structure, translated (same names; float64 as the
 * file's default dtype).
 */
import { describe, expect, test } from 'vitest';
import { autograd, noGrad, tensor, type Tensor } from '@grad/core';
import { assertEqual, ones64, rand64, randn64, thrownMessage, zeros64 } from './helpers.js';

describe('TestAutograd (backward and grad)', () => {
  test('test_accumulate_grad', () => {
    const gradOutput = ones64([5, 5]);
    const computeGrad = (createGraph: boolean): [Tensor, Tensor] => {
      const x = randn64([5, 5], true);
      const y = x.add(2);
      y.backward(gradOutput, { retainGraph: true });
      const xGrad = x.grad!;
      const xGradClone = x.grad!.clone();
      y.backward(gradOutput, { createGraph });
      return [xGrad, xGradClone];
    };
    // Accumulate in place when createGraph is false.
    let [xGrad, xGradClone] = computeGrad(false);
    assertEqual(xGrad, xGradClone.mul(2));
    // Accumulate out of place when createGraph is true.
    [xGrad, xGradClone] = computeGrad(true);
    assertEqual(xGrad, xGradClone);
  });

  test('test_accumulate_grad_tensor_reference', () => {
    const testGradTensor = (paramsGrad: Tensor, backwardGrad: Tensor, shouldPreserveReference: boolean, createGraph: boolean): void => {
      const params = tensor([1.5, 1.5]).requiresGrad_();
      params.grad = paramsGrad;
      const gradSaved = params.grad;
      params.backward(backwardGrad, { createGraph });
      expect(gradSaved === params.grad).toBe(shouldPreserveReference);
    };
    // (The sparse cases of PyTorch's test have no counterpart: grad has no sparse tensors.)
    for (const createGraph of [false, true]) {
      // Dense into dense keeps the `.grad` reference, but only without createGraph.
      testGradTensor(tensor([1.5, 1.5]), tensor([1.5, 1.5]), !createGraph, createGraph);
    }
  });

  test('test_sum_to_with_empty_dim_grad', () => {
    const a = rand64([4, 0], true);
    const b = rand64([4, 1], true);
    const c = a.add(b);
    expect([...c.shape]).toEqual([4, 0]);
    c.sum().backward();
    assertEqual(b.grad, zeros64([4, 1]));
    assertEqual(a.grad, zeros64([4, 0]));
  });

  test('test_hessian_vector', () => {
    const x = randn64([2, 2], true);
    const y = randn64([2, 2], true);
    const z = x.pow(2).add(y.mul(x)).add(y.pow(2));
    z.backward(ones64([2, 2]), { createGraph: true });
    const [xGrad, yGrad] = noGrad(() => [x.mul(2).add(y), x.add(y.mul(2))]);
    assertEqual(x.grad, xGrad!);
    assertEqual(y.grad, yGrad!);
    const gradSum = x.grad!.mul(2).add(y.grad!);
    gradSum.backward(ones64([2, 2]));
    assertEqual(x.grad, xGrad!.add(5)); // x_hv = 5
    assertEqual(y.grad, yGrad!.add(4)); // y_hv = 4
  });

  test('test_grad', () => {
    const x = randn64([2, 2], true);
    const y = randn64([2, 2], true);
    const z = x.pow(2).add(y.mul(x)).add(y.pow(2));
    z.backward(ones64([2, 2]), { createGraph: true });
    const xGrad = x.mul(2).add(y);
    const yGrad = x.add(y.mul(2));
    assertEqual(x.grad, xGrad);
    assertEqual(y.grad, yGrad);
    const gradSum = x.grad!.mul(2).add(y.grad!);
    const xHv = autograd.grad([gradSum], [x], { gradOutputs: [ones64([2, 2])], createGraph: true });
    assertEqual(xHv[0], 5);
    assertEqual(x.grad, xGrad);
    assertEqual(y.grad, yGrad);
    // grad_outputs and outputs must have the same shape.
    const gradOut = ones64([2]);
    expect(thrownMessage(() => autograd.grad([gradSum], [x], { gradOutputs: [gradOut], createGraph: true }))).toBe(
      'Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([2, 2]).',
    );
  });

  test('test_grad_nonleaf', () => {
    const xInit = randn64([2, 2], true);
    let x = xInit;
    const y = randn64([2, 2], true);
    const gradOutput = ones64([2, 2]);
    const fn = (v: Tensor): Tensor => v.pow(2).add(y.mul(v)).add(y.pow(2));
    for (let i = 0; i < 5; i++) {
      const [gradX] = autograd.grad(fn(x), x, { gradOutputs: gradOutput, createGraph: true });
      const gradXExpected = x.mul(2).add(y);
      expect(y.grad).toBeNull();
      expect(x._grad).toBeNull();
      assertEqual(gradX, gradXExpected);
      x = x.add(gradX!.mul(0.05));
    }
    const valInit = fn(xInit).sum().item();
    const valFinal = fn(x).sum().item();
    expect(valFinal).toBeGreaterThan(valInit);
    x.backward(gradOutput);
    expect(y.grad).not.toBeNull();
    expect(xInit.grad).not.toBeNull();
  });

  test('test_grad_nonleaf_many_outputs', () => {
    // Capturing two gradients of one function's outputs.
    const x = randn64([4, 2], true);
    const [a, b] = x.chunk(2);
    let hookCalled = false;
    x.registerHook(() => {
      hookCalled = true;
    });
    const go = randn64([2, 2]);
    const [gradA, gradB] = autograd.grad(a!.add(b!.mul(2)), [a!, b!], { gradOutputs: go, createGraph: true });
    assertEqual(gradA, go);
    assertEqual(gradB, go.mul(2));
    expect(hookCalled).toBe(false);
    expect(x.grad).toBeNull();
  });

  test('test_sharded_grad', () => {
    const leaves = Array.from({ length: 10 }, () => zeros64([5, 5], true));
    const intermediates = leaves.map((l, i) => l.mul(i).add(l.mul(l)));
    const loss = intermediates.map((v, i) => v.mul(i)).reduce((s, v) => s.add(v)).sum();
    // d loss / d intermediates in chunks of 2, then the rest of the backward pass.
    const dIntermediates: Tensor[] = [];
    for (let i = 0; i < intermediates.length; i += 2) {
      dIntermediates.push(...(autograd.grad(loss, intermediates.slice(i, i + 2), { retainGraph: true }) as Tensor[]));
    }
    autograd.backward(intermediates, { gradTensors: dIntermediates });
    leaves.forEach((l, i) => assertEqual(l.grad, l.detach().add(1).mul(i * i)));
  });

  test('test_backward_badcalls', () => {
    const x = ones64([1]);
    expect(() => x.backward()).toThrow(/does not require grad/);
  });

  test('test_grad_badcalls', () => {
    let x = ones64([1]);
    let y = x.pow(2);
    expect(() => autograd.grad(x, y)).toThrow(/does not require grad/);
    expect(() => autograd.grad(y, x)).toThrow(/does not require grad/);
    x = ones64([1], true);
    y = x.pow(2);
    expect(autograd.grad(y, x)[0]).not.toBeNull();
  });

  test('test_grad_unreachable', () => {
    const x = ones64([1], true);
    const y = ones64([1], true);
    // Make sure x and y have grad accumulators allocated.
    x.mul(2);
    y.mul(2);
    let [gradX, gradY] = autograd.grad(x.mul(2), [x, y], { allowUnused: true });
    assertEqual(gradX, x.mul(2));
    expect(gradY).toBeNull();
    // z has no grad accumulator at all yet.
    const z = ones64([1], true);
    [gradX, gradY] = autograd.grad(x.mul(2), [x, z], { allowUnused: true });
    assertEqual(gradX, x.mul(2));
    expect(gradY).toBeNull();
    expect(() => autograd.grad(x.mul(2), [x, y], { allowUnused: false })).toThrow(/Set allowUnused: true/);
  });

  test('test_retain_grad', () => {
    const input = rand64([1, 3], true);
    const h1 = input.mul(3);
    const out = h1.mul(h1).sum();
    // retainGrad may be called more than once.
    h1.retainGrad();
    h1.retainGrad();
    // Gradients accumulate.
    out.backward({ retainGraph: true });
    assertEqual(h1.grad, h1.mul(2));
    out.backward({ retainGraph: true });
    assertEqual(h1.grad, h1.mul(4));
    input.grad!.zero_();
    // A no-op for leaves.
    input.retainGrad();
    input.retainGrad();
    out.backward();
    assertEqual(input.grad, input.mul(18));
  });

  test('test_backward', () => {
    const v = randn64([5, 5], true);
    const x = randn64([5, 5], true);
    const y = rand64([5, 5]).add(0.1).requiresGrad_(true);
    const z = randn64([5, 5], true);
    const gradOutput = randn64([5, 5]);
    v.backward(gradOutput);
    assertEqual(v.grad, gradOutput);
    const a = x.add(y.mul(z)).add(z.pow(2).mul(4).mul(x).div(y));
    a.backward(gradOutput);
    const xGrad = z.pow(2).mul(4).div(y).add(1);
    const yGrad = z.sub(x.mul(4).mul(z.pow(2)).div(y.pow(2)));
    const zGrad = x.mul(8).mul(z).div(y).add(y);
    assertEqual(x.grad, xGrad.mul(gradOutput));
    assertEqual(y.grad, yGrad.mul(gradOutput));
    assertEqual(z.grad, zGrad.mul(gradOutput));
  });

  test('test_multi_backward', () => {
    const [x, y, q, a, b] = [0, 1, 2, 3, 4].map(() => randn64([5, 5], true)) as [Tensor, Tensor, Tensor, Tensor, Tensor];
    const q2 = q.mul(2);
    const z = x.add(y).add(q2);
    const c = a.mul(b).add(q2);
    const gradZ = randn64([5, 5]);
    const gradC = randn64([5, 5]);
    autograd.backward([z, c], { gradTensors: [gradZ, gradC] });
    assertEqual(x.grad, gradZ);
    assertEqual(y.grad, gradZ);
    assertEqual(a.grad, gradC.mul(b));
    assertEqual(b.grad, gradC.mul(a));
    assertEqual(q.grad, gradC.add(gradZ).mul(2));
  });

  test('test_multi_backward_no_grad', () => {
    const x = randn64([5, 5], true);
    const y = randn64([5, 5]);
    const z = x.add(y);
    const q = y.mul(2);
    expect(() => autograd.backward([z, q], { gradTensors: [ones64([5, 5]), ones64([5, 5])] })).toThrow();
  });

  test('test_dependent_backward', () => {
    const x = randn64([10], true);
    const y = x.pow(2);
    const z = y.pow(3);
    const goY = randn64([10]);
    const goZ = randn64([10]);
    autograd.backward([y, z], { gradTensors: [goY, goZ] });
    assertEqual(x.grad, x.mul(2).mul(goY).add(x.pow(5).mul(6).mul(goZ)));
  });

  test('test_free_deep_graph', () => {
    // A 150,000-deep chain: built, and (here) walked back without overflowing the stack.
    const x = randn64([1], true);
    let y = x.clone();
    for (let i = 0; i < 150_000; i++) y = y.add(y.mul(0.000001));
    expect(y.gradFn!.name).toBe('AddBackward0');
  });

});
