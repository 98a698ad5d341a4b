/**
 * PyTorch's test/test_autograd.py, TestAutograd: anomaly detection,
 * gradcheck, version counters and a few view cases, translated (same names;
 * float64 default). PyTorch reports the forward trace as a warning; grad
 * puts it in the error itself (the failing node and the user's line).
 */
import { describe, expect, test } from 'vitest';
import { autograd, cat, diagonal, randLike, tensor, type FunctionCtx, type Tensor } from '@grad/core';
import { assertEqual, rand64, randn64, thrownMessage } from './helpers.js';

const SIZE = 10;

/** gO expanded to SIZE elements with a NaN first (PyTorch writes gI[0] = 0 / 0 in place). */
function withNan(gO: Tensor): Tensor {
  const nan = gO.newFull([1], 0).div(0);
  return cat([nan, gO.clone().expand(SIZE - 1)], 0);
}

describe('TestAutograd (anomaly mode, gradcheck, versions)', () => {
  test('test_anomaly_detect_nan', () => {
    class MyFunc extends autograd.Function {
      static override forward(ctx: FunctionCtx, inp1: Tensor, _inp2: Tensor, fail0th: boolean): Tensor {
        ctx.fail0th = fail0th;
        return inp1.sum(0, true);
      }
      static override backward(ctx: FunctionCtx, gO: Tensor): Array<Tensor | null> {
        const gI = withNan(gO);
        return ctx.fail0th ? [gI, null, null] : [null, gI, null];
      }
    }
    let inp = rand64([SIZE], true);
    let out = MyFunc.apply<Tensor>(inp, inp, true);
    out.backward(); // should not fail
    inp = rand64([SIZE], true);
    out = MyFunc.apply<Tensor>(inp, inp, true);
    // Made before anomaly mode: no forward information (PyTorch: 'No forward pass information').
    let msg = thrownMessage(() => autograd.detectAnomaly(() => out.backward()));
    expect(msg).toContain("Function 'MyFuncBackward' returned nan values in its 0th output.");
    expect(msg).toContain('the node was made before anomaly detection was enabled');
    inp = rand64([SIZE], true);
    msg = thrownMessage(() =>
      autograd.detectAnomaly(() => {
        const o = MyFunc.apply<Tensor>(inp, inp, false);
        o.backward();
      }),
    );
    expect(msg).toContain("Function 'MyFuncBackward' returned nan values in its 1th output.");
    // PyTorch's trace names 'MyFunc.apply'; grad names the user's line that called it: this file.
    expect(msg).toMatch(/Error detected in MyFuncBackward[\s\S]*anomaly-and-gradcheck\.test\.ts:\d+/);
  });

  test('test_nested_anomaly_detect_nan', () => {
    class MyFunc2 extends autograd.Function {
      static override forward(ctx: FunctionCtx, inp1: Tensor, inp2: Tensor, fail0th: boolean): Tensor {
        ctx.fail0th = fail0th;
        return inp1.mul(2).add(inp2);
      }
      static override backward(ctx: FunctionCtx, gO: Tensor): Array<Tensor | null> {
        const zeroFirst = (g: Tensor, nan: boolean): Tensor => cat([g.newFull([1], 0).div(nan ? 0 : 1), g.slice(0, 1)], 0);
        return [zeroFirst(gO, ctx.fail0th as boolean), zeroFirst(gO, !ctx.fail0th), null];
      }
    }
    class MyFunc extends autograd.Function {
      static override forward(ctx: FunctionCtx, inp1: Tensor, fail0th: boolean): Tensor {
        ctx.fail0th = fail0th;
        ctx.inp = inp1;
        return inp1.sum(0, true);
      }
      static override backward(ctx: FunctionCtx, gO: Tensor): Array<Tensor | null> {
        const g = gO.clone().expand(SIZE);
        const inp = ctx.inp as Tensor;
        return [MyFunc2.apply<Tensor>(g.mul(inp), g.add(inp), ctx.fail0th), null];
      }
    }
    let inp = rand64([SIZE], true);
    let out = MyFunc.apply<Tensor>(inp, true);
    let [ginp] = autograd.grad(out, [inp], { createGraph: true });
    ginp!.sum().backward(); // should not fail

    inp = rand64([SIZE], true);
    out = MyFunc.apply<Tensor>(inp, true);
    [ginp] = autograd.grad(out, [inp], { createGraph: true });
    const gsum = ginp!.sum();
    expect(thrownMessage(() => autograd.detectAnomaly(() => gsum.backward()))).toContain("Function 'MyFunc2Backward' returned nan values in its 0th output.");

    inp = rand64([SIZE], true);
    const msg = thrownMessage(() =>
      autograd.detectAnomaly(() => {
        const o = MyFunc.apply<Tensor>(inp, false);
        const [gi] = autograd.grad(o, [inp], { createGraph: true });
        gi!.sum().backward();
      }),
    );
    expect(msg).toContain("Function 'MyFunc2Backward' returned nan values in its 1th output.");
    expect(msg).toContain('Error detected in MyFunc2Backward');
  });

  test('test_anomaly_grad_warnings', () => {
    const msg = thrownMessage(() =>
      autograd.detectAnomaly(() => {
        const a = randn64([5], true);
        const d1 = a.add(1);
        const d2 = d1.pow(2);
        d1.add_(1);
        autograd.grad(d2.sum(), a);
      }),
    );
    expect(msg).toContain('one of the variables needed for gradient computation has been modified by an inplace operation');
    expect(msg).toContain('Error detected in PowBackward0');
    // Beyond PyTorch: the user's line of the forward call (d1.pow(2) above, in this file).
    expect(msg).toMatch(/Traceback of forward call that caused the error:\n {2}at .*anomaly-and-gradcheck\.test\.ts:\d+/);
  });

  test('test_diagonal_derivative_requires_grad', () => {
    const a = randn64([5, 6], true);
    const b = diagonal(a).pow(2);
    const c = b.sum();
    const [d] = autograd.grad(c, a, { retainGraph: true, createGraph: true });
    expect(d!.requiresGrad).toBe(true);
  });

  test('test_gradcheck_single_input', () => {
    const f = (inp: Tensor): Tensor => inp.mul(5);
    expect(autograd.gradcheck(f, rand64([10], true))).toBe(true);
    expect(autograd.gradgradcheck(f, rand64([10], true))).toBe(true);
  });

  test('test_gradcheck_nondeterministic', () => {
    class NonDetFunc extends autograd.Function {
      static override forward(ctx: FunctionCtx, x: Tensor, jitter = 0): Tensor {
        ctx.jitter = jitter;
        return x.clone();
      }
      static override backward(ctx: FunctionCtx, gradOut: Tensor): Array<Tensor | null> {
        const jitter = ctx.jitter as number;
        return [NonDetFunc.apply<Tensor>(gradOut, jitter).mul(randLike(gradOut).mul(jitter).add(1)), null];
      }
    }
    const inp = randn64([5, 5], true);
    expect(autograd.gradcheck((x) => NonDetFunc.apply<Tensor>(x, 0.0), inp)).toBe(true);
    expect(() => autograd.gradcheck((x) => NonDetFunc.apply<Tensor>(x, 1e-6), inp)).toThrow(/Backward is not reentrant/);
    expect(() => autograd.gradgradcheck((x) => NonDetFunc.apply<Tensor>(x, 1e-12), inp)).toThrow(/Backward is not reentrant/);
    expect(autograd.gradcheck((x) => NonDetFunc.apply<Tensor>(x, 0.0), inp, { nondetTol: 1e-5 })).toBe(true);
    expect(autograd.gradcheck((x) => NonDetFunc.apply<Tensor>(x, 1e-6), inp, { nondetTol: 1e-5 })).toBe(true);
    expect(autograd.gradgradcheck((x) => NonDetFunc.apply<Tensor>(x, 1e-12), inp, undefined, { nondetTol: 1e-5 })).toBe(true);
  });

  test('test_version_counter', () => {
    const x = randn64([1, 2]);
    // In-place op bumps the version.
    let saved = x.version;
    x.add_(1).add_(1);
    expect(x.version).toBeGreaterThan(saved);
    // A differentiable view shares the version counter.
    const xz = x.slice(0);
    expect(x.version).toBe(xz.version);
    xz.add_(1);
    expect(x.version).toBe(xz.version);
    // x.data = y keeps x's version counter.
    saved = x.version;
    x.data = randn64([2, 3]);
    expect(x.version).toBe(saved);
    x.add_(1);
    expect(x.version).toBeGreaterThan(saved);
    // x still shares its counter with xz.
    expect(x.version).toBe(xz.version);
    xz.add_(1);
    expect(x.version).toBe(xz.version);
  });

  test('test_set_data_preserve_pyobj', () => {
    const a = randn64([1, 2]);
    const b = randn64([1, 2]);
    const before = b;
    b.data = a;
    expect(b).toBe(before);
    assertEqual(b, a);
  });

  test('test_inplace_view_weak_grad_fn', () => {
    const a = tensor(Array.from({ length: 10 }, (_, i) => i), { dtype: 'float64', requiresGrad: true });
    const b = a.narrow(0, 0, 2).clone().view(-1);
    b.relu_();
    const c = b.clone();
    const s = c.sum();
    s.backward();
    expect(s.item()).toBe(1);
    // The file's second half (relu_ on a view of a leaf, then a modified saved variable) stops earlier in
    // PyTorch 1.13, which refuses the in-place op on a view of a leaf outright; so does grad, with its text.
    const a2 = rand64([10], true).narrow(0, 0, 10);
    expect(() => a2.relu_()).toThrow('a view of a leaf Variable that requires grad is being used in an in-place operation.');
  });
});
