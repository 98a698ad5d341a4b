/**
 * PyTorch's test/test_autograd.py, TestAutograd: hooks, more custom
 * Function cases and reentrant backward, translated (same names; float64
 * default).
 */
import { describe, expect, test } from 'vitest';
import { autograd, enableGrad, noGrad, tensor, type FunctionCtx, type Tensor } from '@grad/core';
import { assertEqual, ones64, rand64, randn64 } from './helpers.js';

class SimulateBackwardError extends autograd.Function {
  static override forward(_ctx: FunctionCtx, input: Tensor): Tensor {
    return input.clone();
  }
  static override backward = autograd.onceDifferentiable((): Tensor => {
    throw new Error('Simulate error on backward pass');
  });
}

describe('TestAutograd (hooks, custom Functions, reentrant backward)', () => {
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

});
