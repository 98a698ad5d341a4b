/**
 * PyTorch's test/test_autograd.py, TestAutograd: hooks, detach, in-place
 * and version counters, grad mode, reentrant backward and more custom
 * Function cases, translated (same names; float64 default).
 */
import { describe, expect, test } from 'vitest';
import { autograd, cat, enableGrad, isGradEnabled, noGrad, setGradEnabled, tensor, type FunctionCtx, type Tensor } from '@grad/core';
import { assertEqual, ones64, rand64, randn64 } from './helpers.js';

const S = 5;

/** run_functional_checks: gradcheck and (when asked) gradgradcheck of the function. */
function functionalChecks(fn: (...xs: Tensor[]) => Tensor, args: Tensor[], gradgrad = true): void {
  expect(autograd.gradcheck(fn, args, { eps: 1e-6, atol: 1e-4 })).toBe(true);
  if (gradgrad) expect(autograd.gradgradcheck(fn, args)).toBe(true);
}

class SimulateBackwardError extends autograd.Function {
  static override forward(_ctx: FunctionCtx, input: Tensor): Tensor {
    return input.clone();
  }
  static override backward = autograd.onceDifferentiable((): Tensor => {
    throw new Error('Simulate error on backward pass');
  });
}

describe('TestAutograd (hooks, detach, in place, grad mode)', () => {
  test('test_grad_nonleaf_register_hook', () => {
    const x = randn64([5], true);
    const xList = x.unbind();
    const x0 = xList[0]!;
    let hookResult: Tensor | null = null;
    x0.registerHook((grad) => {
      hookResult = grad;
    });
    xList[0]!.backward();
    assertEqual(hookResult, tensor(1, { dtype: 'float64' }));
    const expected = [1, 0, 0, 0, 0];
    assertEqual(x.grad, tensor(expected, { dtype: 'float64' }));
    for (let i = 1; i < 5; i++) {
      hookResult = null;
      xList[i]!.backward();
      expect(hookResult).toBeNull();
      expected[i] = 1;
      assertEqual(x.grad, tensor(expected, { dtype: 'float64' }));
    }
  });

  test('test_hook_with_no_name', () => {
    // A hook without a name (Python: a callable object; here an anonymous function).
    const x = randn64([5], true).clone();
    x.registerHook((g) => g.clone());
    x.sum().backward();
    expect(x.requiresGrad).toBe(true);
  });

  test('test_hooks', () => {
    const x = ones64([5, 5], true);
    const y = ones64([5, 5]).mul(4);
    y.requiresGrad_(true);
    let counter = 0;
    const bwHook = (inc: number, grad: Tensor): void => {
      expect(grad.shape).toBeDefined();
      counter += inc;
    };
    const z = x.pow(2).add(x.mul(2)).add(x.mul(y)).add(y);
    x.registerHook((g) => bwHook(0, g));
    const test1 = z.registerHook((g) => bwHook(1, g));
    z.backward(ones64([5, 5]), { retainGraph: true });
    expect(counter).toBe(1);
    const test2 = z.registerHook((g) => bwHook(2, g));
    z.backward(ones64([5, 5]), { retainGraph: true });
    expect(counter).toBe(4);
    test2.remove();
    z.backward(ones64([5, 5]), { retainGraph: true });
    expect(counter).toBe(5);
    const modify = (grad: Tensor): Tensor => grad.mul(2);
    test1.remove();
    z.registerHook(modify);
    y.grad!.zero_();
    z.backward(ones64([5, 5]), { retainGraph: true });
    assertEqual(y.grad, x.add(1).mul(2));
    y.registerHook(modify);
    y.grad!.zero_();
    z.backward(ones64([5, 5]));
    assertEqual(y.grad, x.add(1).mul(4));
  });

  test('test_naughty_autograd_function_stashing_ctx', () => {
    const savedCtx: FunctionCtx[] = [];
    class Id extends autograd.Function {
      static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
        ctx.saveForBackward(x);
        return x;
      }
      static override backward(ctx: FunctionCtx): Array<Tensor | null> {
        savedCtx.push(ctx);
        return ctx.savedTensors;
      }
    }
    const p = ones64([1], true).mul(0).detach().requiresGrad_();
    const loss = Id.apply<Tensor>(p);
    loss.backward({ retainGraph: true });
    // PyTorch frees the graph when `loss` is deleted; JavaScript cannot delete, so a backward without retainGraph frees it.
    loss.backward();
    expect(() => savedCtx[0]!.savedTensors).toThrow(/Trying to backward through the graph a second time/);
  });

  test('test_custom_autograd_repeated_grad_grad', () => {
    const mult1 = (x: Tensor): Tensor => x.prod(-1).prod(-1);
    class Mult extends autograd.Function {
      static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
        const y = mult1(x);
        ctx.saveForBackward(x, y);
        return y;
      }
      static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
        const [x, y] = ctx.savedTensors;
        return gradOutput.mul(y!).unsqueeze(1).unsqueeze(2).div(x!);
      }
    }
    const checkGradgradRepeated = (x: Tensor, y: Tensor): void => {
      let [gy] = autograd.grad(y.select(0, 0), x, { createGraph: true });
      const [ggy1] = autograd.grad(gy!.select(0, 0).select(0, 0).select(0, 0), x, { retainGraph: true });
      [gy] = autograd.grad(y.select(0, 0), x, { createGraph: true });
      const [ggy2] = autograd.grad(gy!.select(0, 0).select(0, 0).select(0, 0), x, { retainGraph: true });
      expect(ggy1!.select(0, 0).select(0, 0).select(0, 1).item()).toBeCloseTo(ggy2!.select(0, 0).select(0, 0).select(0, 1).item(), 12);
    };
    const x = ones64([2, 4, 4]).requiresGrad_();
    checkGradgradRepeated(x, mult1(x));
    checkGradgradRepeated(x, Mult.apply<Tensor>(x));
  });

  test('test_custom_autograd_no_early_free', () => {
    class Double extends autograd.Function {
      static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
        const y = x.pow(2);
        ctx.saveForBackward(x, y);
        return y;
      }
      static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
        const [x] = ctx.savedTensors;
        return gradOutput.mul(2).mul(x!);
      }
    }
    // Equivalent, but uses the output of forward in backward.
    class Double2 extends Double {
      static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
        const [x, y] = ctx.savedTensors;
        return gradOutput.mul(2).mul(y!).div(x!);
      }
    }
    const x = tensor(2, { dtype: 'float64' }).requiresGrad_();
    const double = (v: Tensor): Tensor => Double.apply<Tensor>(v);
    const double2 = (v: Tensor): Tensor => Double2.apply<Tensor>(v);
    expect(autograd.gradcheck(double, x)).toBe(true);
    expect(autograd.gradgradcheck(double, x)).toBe(true);
    expect(autograd.gradcheck(double2, x)).toBe(true);
    expect(autograd.gradgradcheck(double2, x)).toBe(true);
    let y = double(x);
    autograd.grad(y, x, { createGraph: true });
    autograd.grad(y, x);
    y = double2(x);
    autograd.grad(y, x, { createGraph: true });
    expect(autograd.grad(y, x)[0]!.item()).toBeCloseTo(4, 12); // should not error; d(x²)/dx at 2 = 2·y/x = 4
  });

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

  test('test_return_leaf', () => {
    class Identity extends autograd.Function {
      static override forward(_ctx: FunctionCtx, a: Tensor, b: Tensor): Tensor[] {
        return [a, a.add(b)];
      }
      static override backward(_ctx: FunctionCtx, gradA: Tensor, gradB: Tensor): Tensor[] {
        return [gradA.add(gradB), gradB];
      }
    }
    let hookCalled = false;
    const x = randn64([5, 5], true);
    const y = randn64([5, 5], true);
    const [q, p] = Identity.apply<Tensor[]>(x, y);
    // Hooks receive only the gradient from the use of q, not of x.
    q!.registerHook((grad) => {
      hookCalled = true;
      assertEqual(grad, 1);
    });
    q!.add(p!).add(x).sum().backward();
    assertEqual(x.grad, 3);
    assertEqual(y.grad, 1);
    expect(hookCalled).toBe(true);
  });

  test('test_no_grad_modifies_version', () => {
    const x = randn64([5], true);
    const y = randn64([5], true);
    const z = x.mul(y).sum();
    noGrad(() => x.mul_(2));
    expect(() => z.backward()).toThrow(/modified by an inplace operation/);
  });

  test('test_no_grad_input', () => {
    class MyFunction extends autograd.Function {
      static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
        return x;
      }
      static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
        return g;
      }
    }
    const x = randn64([5], true);
    const y = noGrad(() => MyFunction.apply<Tensor>(x));
    expect(x.requiresGrad).toBe(true);
    expect(y.gradFn).toBeNull();
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

  test('test_save_none_for_backward', () => {
    class MyFn extends autograd.Function {
      static override forward(ctx: FunctionCtx, input: Tensor): Tensor {
        ctx.saveForBackward(null, input, null);
        return input.mul(input);
      }
      static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
        const [n1, input, n2] = ctx.savedTensors;
        expect(n1).toBeNull();
        expect(n2).toBeNull();
        return input!.mul(2).mul(gradOutput);
      }
    }
    const x = randn64([5, 5], true);
    MyFn.apply<Tensor>(x).sum().backward();
    assertEqual(x.grad, x.mul(2));
  });

  test('test_too_many_grads', () => {
    class MyFn extends autograd.Function {
      static override forward(_ctx: FunctionCtx, input: Tensor): Tensor {
        return input;
      }
      static override backward(_ctx: FunctionCtx, gradOutput: Tensor): Array<Tensor | null> {
        return [gradOutput, null, null];
      }
    }
    const x = randn64([5, 5], true);
    MyFn.apply<Tensor>(x).sum().backward();
    assertEqual(x.grad, 1);
  });

  test('test_dep_nograd', () => {
    class F1 extends autograd.Function {
      static override forward(ctx: FunctionCtx, input: Tensor): Tensor[] {
        const out = randn64([...input.shape]);
        ctx.markNonDifferentiable(out);
        return [input, out];
      }
      static override backward(_ctx: FunctionCtx, gradOutput: Tensor): Tensor {
        return gradOutput;
      }
    }
    class F2 extends autograd.Function {
      static override forward(_ctx: FunctionCtx, input: Tensor): Tensor {
        return input;
      }
      static override backward(_ctx: FunctionCtx, gradOutput: Tensor): Array<Tensor | null> {
        return [gradOutput, null];
      }
    }
    const x = randn64([5], true);
    const [a, b0] = F1.apply<Tensor[]>(x);
    const b = b0!.add(1); // separate F1 from F2 by another op
    expect(a!.requiresGrad).toBe(true);
    expect(b.requiresGrad).toBe(false);
    const c = F2.apply<Tensor>(a, b);
    c.backward(ones64([...c.shape]));
    assertEqual(x.grad, 1);
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

  test('test_simple_reentrant', () => {
    const yData = randn64([2, 2]);
    class Reenter extends autograd.Function {
      static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
        return enableGrad(() => {
          ctx.x = x.detach().requiresGrad_(true);
          ctx.y = yData.detach().requiresGrad_(true);
          ctx.outputVar = (ctx.x as Tensor).mul(ctx.y as Tensor);
          return (ctx.outputVar as Tensor).detach();
        });
      }
      static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
        enableGrad(() => (ctx.outputVar as Tensor).sum().backward());
        return (ctx.x as Tensor).grad!.mul(gradOutput);
      }
    }
    const x = randn64([2, 2], true);
    Reenter.apply<Tensor>(x).sum().backward();
    assertEqual(x.grad, yData);
  });

  test('test_reentrant_child_error', () => {
    const a = rand64([3, 3], true);
    const c = a.mul(a);
    // Reentrant child graph.
    const b = rand64([3, 3], true);
    const e = b.mul(b);
    const f = SimulateBackwardError.apply<Tensor>(e);
    const reentrantRoot = f.sum();
    class ReentrantFunc extends autograd.Function {
      static override forward(_ctx: FunctionCtx, inp: Tensor): Tensor {
        return inp.clone();
      }
      static override backward(_ctx: FunctionCtx, grad: Tensor): Tensor {
        reentrantRoot.backward(); // throws in the child
        return grad;
      }
    }
    const d = ReentrantFunc.apply<Tensor>(c);
    expect(() => d.sum().backward()).toThrow(/Simulate error/);
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
