/**
 * PyTorch's test/test_autograd.py, TestAutograd: detach, in place and
 * version counters, grad mode, cat (run_functional_checks), translated
 * (same names; float64 default).
 */
import { describe, expect, test } from 'vitest';
import { autograd, cat, isGradEnabled, noGrad, setGradEnabled, tensor, type Tensor } from '@grad/core';
import { assertEqual, ones64, randn64 } from './helpers.js';

const S = 5;

/** run_functional_checks: gradcheck and (when asked) gradgradcheck of the function. */
function functionalChecks(fn: (...xs: Tensor[]) => Tensor, args: Tensor[], gradgrad = true): void {
  expect(autograd.gradcheck(fn, args, { eps: 1e-6, atol: 1e-4 })).toBe(true);
  if (gradgrad) expect(autograd.gradgradcheck(fn, args)).toBe(true);
}

describe('TestAutograd (detach, in place, grad mode, cat)', () => {
  test('test_detach', () => {
    let x = randn64([10, 10], true);
    let y = x.add(2).detach();
    const z = y.mul(4).add(2);
    expect(y.requiresGrad).toBe(false);
    expect(z.requiresGrad).toBe(false);

    x = randn64([10, 10], true);
    y = x.mul(2).detach();
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    x.add(y).sum().backward();
    // An incorrect gradient, but what the user asked for: detach() is an advanced option.
    assertEqual(x.grad, 1);

    // in-place detach
    x = randn64([10, 10], true);
    const y2 = randn64([10, 10], true);
    const a = x.mul(2);
    y2.add(a).sum().backward({ retainGraph: true });
    a.detach_();
    expect(a.requiresGrad).toBe(false);
    y2.add(a).sum().backward(); // this won't backprop to x
    assertEqual(x.grad, 2);
    assertEqual(y2.grad, 2);

    // in-place detach on a view raises
    const view = x.narrow(0, 1, 4);
    expect(() => view.detach_()).toThrow(/view/);
  });

  test('test_detach_base', () => {
    // detaching the base does not detach the view
    const x = randn64([10, 10], true);
    const view = x.narrow(0, 1, 4);
    x.detach_();
    expect(x.requiresGrad).toBe(false);
    expect(view.requiresGrad).toBe(true);
    expect(view.gradFn).not.toBeNull();
    expect(view._base).toBe(x);
  });

  test('test_type_conversions', () => {
    // _test_type_conversion_backward: casts are differentiable, and .grad keeps the leaf's dtype.
    const fvar = randn64([5, 5]).float().requiresGrad_(true);
    fvar.double().sum().backward();
    assertEqual(fvar.grad!.double(), 1);
    expect(fvar.grad!.dtype).toBe('float32');
    const dvar = randn64([5, 5], true);
    dvar.float().sum().backward();
    assertEqual(dvar.grad, 1);
    expect(dvar.grad!.dtype).toBe('float64');
    const x = randn64([5, 5]);
    expect(x.float().dtype).toBe('float32');
    expect(x.int().dtype).toBe('int32');
  });

  test('test_isolated_node', () => {
    const x = randn64([5, 5], true);
    const y = randn64([5, 5], true);
    const a = x.add(y);
    const b = a.max(1, true).indices.repeat(1, 5).double();
    const o = b.add(a).sum();
    o.backward();
    assertEqual(x.grad, 1);
  });

  test('test_shape', () => {
    const x = randn64([3, 4]);
    expect(x.shape.length).toBe(2);
    expect(x.shape[0]).toBe(3);
    expect(x.shape[1]).toBe(4);
  });

  test('test_numpy_requires_grad', () => {
    let x = randn64([2, 2], true);
    expect(() => x.numpy()).toThrow("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
    noGrad(() => x.numpy());
    x = randn64([2, 2]);
    x.numpy();
    noGrad(() => x.numpy());
  });

  test('test_no_grad_modifies_version', () => {
    const x = randn64([5], true);
    const y = randn64([5], true);
    const z = x.mul(y).sum();
    noGrad(() => x.mul_(2));
    expect(() => z.backward()).toThrow(/modified by an inplace operation/);
  });

  test('test_backward_copy', () => {
    // One gradient buffered in three places must not be summed in place into the others.
    const x = ones64([5, 5], true);
    const y = ones64([5, 5], true);
    let a = x.add(2);
    let b = y.add(2);
    let c = x.add(2);
    const add1 = a.add(b);
    const add2 = add1.add(c);
    for (let i = 0; i < 4; i++) {
      a = a.mul(2);
      b = b.mul(2);
      c = c.mul(2);
    }
    const branch = a.add(b).add(c);
    const out = add2.add(branch);
    out.backward(ones64([5, 5]));
    assertEqual(x.grad, 34); // 16 from the final a, 16 from the final c, 2 from add2
    assertEqual(y.grad, 17); // 16 from the final b, 1 from add2
  });

  test('test_set_grad_enabled', () => {
    const x = tensor([1], { requiresGrad: true });
    const prev = isGradEnabled();
    setGradEnabled(false);
    let y = x.mul(2);
    setGradEnabled(prev);
    expect(y.requiresGrad).toBe(false);
    setGradEnabled(true);
    y = x.mul(2);
    expect(y.requiresGrad).toBe(true);
    noGrad(() => {
      setGradEnabled(true);
      y = x.mul(2);
    });
    expect(y.requiresGrad).toBe(true);
  });

  test('test_no_grad', () => {
    const x = ones64([5, 5], true);
    const y = ones64([5, 5]).mul(4);
    const w = noGrad(() => x.add(y));
    const adder = noGrad.wrap((a: Tensor, b: Tensor) => a.add(b));
    const z = adder(x, y);
    expect(w.requiresGrad).toBe(false);
    expect(() => w.backward(ones64([5, 5]))).toThrow();
    expect(w.gradFn).toBeNull();
    expect(z.requiresGrad).toBe(false);
    expect(() => z.backward(ones64([5, 5]))).toThrow();
    expect(z.gradFn).toBeNull();
    noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      adder(x, y);
      expect(isGradEnabled()).toBe(false);
    });
  });

  test('test_cat', () => {
    functionalChecks((a, b, c) => cat([a!, b!, c!], 0), [randn64([1, S, S], true), randn64([2, S, S], true), randn64([3, S, S], true)], false);
  });

  test('test_cat_negdim_1', () => {
    functionalChecks((a, b, c) => cat([a!, b!, c!], -1), [randn64([S, S, 1], true), randn64([S, S, 2], true), randn64([S, S, 3], true)], false);
  });

  test('test_cat_negdim_2', () => {
    functionalChecks((a, b, c) => cat([a!, b!, c!], -2), [randn64([S, 1, S], true), randn64([S, 2, S], true), randn64([S, 3, S], true)], false);
  });

  test('test_cat_empty', () => {
    functionalChecks((a, b) => cat([a!, b!]), [randn64([0, S], true), randn64([S, S], true)]);
  });

  test('test_var_mean_differentiable', () => {
    const dim = [2, 4];
    const input1 = randn64([3, 4, 5, 6, 2, 3], true);
    const input2 = input1.detach().clone().requiresGrad_(true);
    // torch.var_mean(input1) against var and mean taken separately.
    const var1 = input1.var(dim);
    const mean1 = input1.mean(dim);
    const var2 = input2.var(dim);
    const mean2 = input2.mean(dim);
    const grad = randn64([3, 4, 6, 3], true);
    const r1 = var1.mul(var1).mul(mean1).mul(mean1);
    const r2 = var2.mul(var2).mul(mean2).mul(mean2);
    expect(r1.allclose(r2, { rtol: 0.01, atol: 0 })).toBe(true);
    autograd.backward(r1, { gradTensors: grad });
    autograd.backward(r2, { gradTensors: grad });
    expect(input1.grad!.allclose(input2.grad!, { rtol: 0.01, atol: 0 })).toBe(true);
  });

  test('test_inplace', () => {
    let x = ones64([5, 5], true);
    const y = ones64([5, 5]).mul(4).requiresGrad_(true);
    let z = x.mul(y);
    let q = z.add(y);
    let w = z.mul(y);
    z.add_(2);
    // add needs no input in backward: fine. mul saved both: refused.
    q.backward(ones64([5, 5]), { retainGraph: true });
    expect(() => w.backward(ones64([5, 5]))).toThrow();

    z = x.mul(y);
    q = z.mul(y);
    let r = z.add(y);
    w = z.add_(y);
    w.backward(ones64([5, 5]), { retainGraph: true });
    r.backward(ones64([5, 5]), { retainGraph: true });
    expect(() => q.backward(ones64([5, 5]))).toThrow();

    x.grad!.zero_();
    const m = x.div(2);
    z = m.add(y.div(8));
    q = z.mul(y);
    r = z.add(y);
    const prevVersion = z.version;
    w = z.exp_();
    expect(z.version).not.toBe(prevVersion);
    r.backward(ones64([5, 5]), { retainGraph: true });
    assertEqual(x.grad, 0.5);
    w.backward(ones64([5, 5]), { retainGraph: true });
    assertEqual(x.grad, (1 + Math.E) / 2);
    expect(() => q.backward(ones64([5, 5]))).toThrow();

    const leaf = ones64([5, 5], true);
    x = leaf.clone();
    x.add_(10);
    assertEqual(x, 11);
    // x is still usable
    const y2 = x.add(2);
    y2.backward(ones64([5, 5]));
    assertEqual(leaf.grad, 1);
    const z2 = x.mul(y2);
    x.add_(2);
    expect(() => z2.backward(ones64([5, 5]))).toThrow();
  });
});
