/**
 * The backward engine and the autograd API, checked against derivatives
 * worked out by hand (each in the comment beside it).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import './setup-backend.js';
import {
  autograd,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  cat,
  crossEntropy,
  FunctionCtx,
  huberLoss,
  l1Loss,
  manualSeed,
  mseLoss,
  nllLoss,
  noGrad,
  pow,
  rand,
  randn,
  setDetectAnomaly,
  stack,
  tensor,
  Tensor,
  where,
} from '@grad/core';

const SECOND_BACKWARD = 'Trying to backward through the graph a second time';

afterEach(() => {
  vi.restoreAllMocks();
  setDetectAnomaly(false);
});

describe('the non-leaf .grad warning (first in this file: it warns once per process)', () => {
  it('reading .grad of a non-leaf gives null and warns once with PyTorch’s text', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    y.sum().backward();
    expect(y.grad).toBeNull();
    expect(y.grad).toBeNull();
    expect(x.mul(3).grad).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    const text = String(warn.mock.calls[0]![0]);
    expect(text).toContain(
      "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated during autograd.backward().",
    );
    expect(text).toContain('retain_grad()');
    // Leaves never warn.
    expect(x.grad!.tolist()).toEqual([2, 2]);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('engine basics', () => {
  it('gradients accumulate across backward calls of different graphs', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.mul(2).sum().backward(); // +2
    x.mul(3).sum().backward(); // +3
    expect(x.grad!.tolist()).toEqual([5, 5]);
  });

  it('an input used twice: x·x → 2x, x + x → 2, x·x·x → 3x²', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.mul(x).sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 4, 6]);
    x.grad = null;
    x.add(x).sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 2, 2]);
    x.grad = null;
    x.mul(x).mul(x).sum().backward();
    expect(x.grad!.tolist()).toEqual([3, 12, 27]);
  });

  it('a diamond: y = 2x feeds both z₁ = y² and z₂ = 3y; d(z₁ + z₂)/dx = (2y + 3)·2', () => {
    const x = tensor(1, { requiresGrad: true });
    const y = x.mul(2);
    y.pow(2).add(y.mul(3)).backward();
    // y = 2 → (4 + 3)·2 = 14
    expect(x.grad!.item()).toBe(14);
  });

  it('broadcasting: a [3] + b [2, 3] weighted by w gives a.grad = Σ over dim 0 of w, b.grad = w', () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const b = tensor([[1, 1, 1], [2, 2, 2]], { requiresGrad: true });
    const w = tensor([[1, 2, 3], [4, 5, 6]]);
    a.add(b).mul(w).sum().backward();
    expect(a.grad!.tolist()).toEqual([5, 7, 9]);
    expect(b.grad!.tolist()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('broadcasting [2, 1] · [1, 3]: each gradient sums the other over the broadcast dim', () => {
    const a = tensor([[1], [2]], { requiresGrad: true });
    const b = tensor([[10, 20, 30]], { requiresGrad: true });
    a.mul(b).sum().backward();
    // ∂/∂aᵢ = Σⱼ bⱼ = 60; ∂/∂bⱼ = Σᵢ aᵢ = 3
    expect(a.grad!.tolist()).toEqual([[60], [60]]);
    expect(b.grad!.tolist()).toEqual([[3, 3, 3]]);
    // A 0-d tensor times a vector: ∂/∂s = Σ x
    const s = tensor(2, { requiresGrad: true });
    s.mul(tensor([1, 2, 3])).sum().backward();
    expect(s.grad!.item()).toBe(6);
    expect(s.grad!.shape).toEqual([]);
  });

  it('tensors that do not require grad get nothing; detach() cuts the graph', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const c = tensor([3, 4]);
    x.mul(c).sum().backward();
    expect(c.grad).toBeNull();
    expect(x.grad!.tolist()).toEqual([3, 4]);
    x.grad = null;
    // f = Σ detach(x)·x: only the second factor is differentiated → ∂f/∂x = x
    x.detach().mul(x).sum().backward();
    expect(x.grad!.tolist()).toEqual([1, 2]);
  });

  it('a gradient tensor given to backward weights the outputs (vector-Jacobian product)', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.pow(2).backward(tensor([1, 0.5, 0]));
    // 2x · v
    expect(x.grad!.tolist()).toEqual([2, 2, 0]);
  });

  it('float64 gradients stay float64; a float32 leaf used in float64 math gets a float32 grad', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    x.mul(x).sum().backward();
    expect(x.grad!.dtype).toBe('float64');
    const y = tensor([1, 2], { requiresGrad: true });
    y.double().mul(3).sum().backward();
    expect(y.grad!.dtype).toBe('float32');
    expect(y.grad!.tolist()).toEqual([3, 3]);
  });
});

describe('retainGrad and hooks', () => {
  it('retainGrad() on a non-leaf fills its .grad: z = Σ y², y = 2x ⇒ ∂z/∂y = 2y', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    y.retainGrad();
    expect(y.retainsGrad).toBe(true);
    y.pow(2).sum().backward();
    expect(y.grad!.tolist()).toEqual([4, 8]);
    expect(x.grad!.tolist()).toEqual([8, 16]); // 2y·2
    // on a leaf it is a no-op
    x.retainGrad();
    expect(x.retainsGrad).toBe(false);
  });

  it('a hook on a leaf replaces its gradient; remove() takes it away', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const seen: number[][] = [];
    const h = x.registerHook((g) => {
      seen.push(g.tolist());
      return g.mul(2);
    });
    x.mul(3).sum().backward();
    expect(seen).toEqual([[3, 3]]);
    expect(x.grad!.tolist()).toEqual([6, 6]);
    h.remove();
    x.grad = null;
    x.mul(3).sum().backward();
    expect(x.grad!.tolist()).toEqual([3, 3]);
    expect(seen.length).toBe(1);
  });

  it('a hook on a non-leaf changes what flows on: y = 2x, hook ×10 ⇒ x.grad = 20', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    const seen: number[][] = [];
    y.registerHook((g) => {
      seen.push(g.tolist());
      return g.mul(10);
    });
    y.sum().backward();
    expect(seen).toEqual([[1, 1]]);
    expect(x.grad!.tolist()).toEqual([20, 20]);
  });

  it('a hook returning nothing only observes; hooks run in registration order', () => {
    const x = tensor([1], { requiresGrad: true });
    const y = x.mul(5);
    const order: string[] = [];
    y.registerHook(() => void order.push('first'));
    y.registerHook((g) => {
      order.push('second');
      return g.add(1);
    });
    const h3 = y.registerHook((g) => void order.push(`third saw ${g.item()}`));
    y.sum().backward(undefined, { retainGraph: true });
    expect(order).toEqual(['first', 'second', 'third saw 2']);
    expect(x.grad!.tolist()).toEqual([10]); // (1 + 1)·5
    h3.remove();
    order.length = 0;
    y.sum().backward();
    expect(order).toEqual(['first', 'second']);
  });

  it('retainGrad sees the gradient after the tensor’s hooks (PyTorch ≥ 2.0)', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    y.retainGrad();
    y.registerHook((g) => g.mul(10));
    y.sum().backward();
    expect(y.grad!.tolist()).toEqual([10, 10]);
  });

  it('a leaf used twice: its hook runs once, with the summed gradient (2 + 3)', () => {
    const x = tensor([1], { requiresGrad: true });
    const seen: number[] = [];
    x.registerHook((g) => void seen.push(g.item()));
    x.mul(2).add(x.mul(3)).sum().backward();
    expect(seen).toEqual([5]);
    const y = tensor([1], { requiresGrad: true });
    const h = y.mul(1);
    const seenH: number[] = [];
    h.registerHook((g) => void seenH.push(g.item()));
    h.mul(2).add(h.mul(3)).sum().backward();
    expect(seenH).toEqual([5]);
  });

  it('a hook may not change the gradient’s shape', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.registerHook(() => tensor([1, 2, 3]));
    // PyTorch: "hook 'hook' has changed the size of value".
    expect(() => x.sum().backward()).toThrow(/has changed the size of value/);
    expect(x.shape).toEqual([2]);
  });

  it('retainGrad on a view of a leaf: v = x[0:1], Σ 5v ⇒ v.grad = 5, x.grad = [5, 0]', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const v = x.narrow(0, 0, 1);
    v.retainGrad();
    v.mul(5).sum().backward();
    expect(v.grad!.tolist()).toEqual([5]);
    expect(x.grad!.tolist()).toEqual([5, 0]);
  });

  it('retainGrad accumulates over backward calls: 3 + 3', () => {
    const x = tensor([1], { requiresGrad: true });
    const y = x.mul(2);
    y.retainGrad();
    const z = y.mul(3).sum();
    z.backward(undefined, { retainGraph: true });
    z.backward();
    expect(y.grad!.tolist()).toEqual([6]);
  });

  it('registerPostAccumulateGradHook runs after .grad is updated, with the tensor', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const seen: number[][] = [];
    const h = x.registerPostAccumulateGradHook((t) => {
      expect(t).toBe(x);
      seen.push(t.grad!.tolist());
    });
    x.mul(2).sum().backward();
    x.mul(3).sum().backward();
    // after the first: 2; after the second: 2 + 3
    expect(seen).toEqual([[2, 2], [5, 5]]);
    h.remove();
    x.sum().backward();
    expect(seen.length).toBe(2);
    expect(() => x.mul(2).registerPostAccumulateGradHook(() => {})).toThrow(/non-leaf/);
  });

  it('a node prehook can replace the gradient the node receives', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(3);
    const seen: number[][] = [];
    y.gradFn!.registerPrehook((gOut) => {
      seen.push(gOut[0]!.tolist());
      return [gOut[0]!.mul(2)];
    });
    y.sum().backward();
    expect(seen).toEqual([[1, 1]]);
    expect(x.grad!.tolist()).toEqual([6, 6]); // 2·3
  });

  it('a node hook sees (gradInputs, gradOutputs) and can replace gradInputs', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(3);
    const seen: Array<[unknown, unknown]> = [];
    const h = y.gradFn!.registerHook((gIn, gOut) => {
      seen.push([gIn[0]!.tolist(), gOut[0]!.tolist()]);
      return [gIn[0]!.mul(0).add(7), null];
    });
    y.sum().backward(undefined, { retainGraph: true });
    // MulBackward0 of x·3 with gradient 1: gradInputs [3, 3], gradOutputs [1, 1]
    expect(seen).toEqual([[[3, 3], [1, 1]]]);
    expect(x.grad!.tolist()).toEqual([7, 7]);
    h.remove();
    x.grad = null;
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([3, 3]);
  });
});

describe('backward({ inputs }) and autograd.grad', () => {
  it('inputs: only those leaves accumulate', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = tensor([3, 4], { requiresGrad: true });
    x.mul(y).sum().backward(undefined, { inputs: [x] });
    expect(x.grad!.tolist()).toEqual([3, 4]);
    expect(y.grad).toBeNull();
    x.mul(y).sum().backward(undefined, { inputs: y });
    expect(y.grad!.tolist()).toEqual([1, 2]);
    expect(x.grad!.tolist()).toEqual([3, 4]);
  });

  it('inputs may name a non-leaf, whose .grad is then filled (PyTorch’s test_backward_with_nonleaf_inputs)', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = tensor([3, 5], { requiresGrad: true });
    const xn = x.mul(1);
    // out = xn² + y·xn + y²: ∂/∂x = 2x + y, ∂/∂y = x + 2y, ∂/∂xn = 2xn + y
    const out = xn.pow(2).add(y.mul(xn)).add(y.pow(2));
    out.backward(tensor([1, 1]), { inputs: [x, y, xn] });
    expect(x.grad!.tolist()).toEqual([5, 9]);
    expect(y.grad!.tolist()).toEqual([7, 12]);
    expect(xn.grad!.tolist()).toEqual([5, 9]);
  });

  it('autograd.grad returns the gradients and leaves .grad alone', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = tensor([3, 4], { requiresGrad: true });
    const [gx, gy] = autograd.grad(x.mul(y).sum(), [x, y]);
    expect(gx!.tolist()).toEqual([3, 4]);
    expect(gy!.tolist()).toEqual([1, 2]);
    expect(x.grad).toBeNull();
    expect(y.grad).toBeNull();
    // with respect to a non-leaf: d(Σ h²)/dh = 2h, h = x + 1
    const h = x.add(1);
    const [gh] = autograd.grad(h.pow(2).sum(), h);
    expect(gh!.tolist()).toEqual([4, 6]);
    expect(x.grad).toBeNull();
  });

  it('autograd.grad with respect to a non-leaf and the leaf under it: out = h·x, h = 2x', () => {
    const x = tensor(3, { requiresGrad: true });
    const h = x.mul(2);
    const [dh, dx] = autograd.grad(h.mul(x), [h, x]);
    // ∂out/∂h = x = 3; d out/dx = h + x·2 = 6 + 6 = 12
    expect(dh!.item()).toBe(3);
    expect(dx!.item()).toBe(12);
  });

  it('autograd.grad with gradOutputs for a non-scalar output', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const [g] = autograd.grad(x.pow(3), x, { gradOutputs: tensor([1, 2]) });
    // 3x² · v = [3, 24]
    expect(g!.tolist()).toEqual([3, 24]);
  });

  it('createGraph: derivatives of x³ at 3 are 27, 18, 6', () => {
    const x = tensor(3, { requiresGrad: true });
    const y = x.pow(3);
    const [d1] = autograd.grad(y, x, { createGraph: true });
    expect(d1!.item()).toBe(27); // 3x²
    expect(d1!.requiresGrad).toBe(true);
    const [d2] = autograd.grad(d1!, x, { createGraph: true });
    expect(d2!.item()).toBe(18); // 6x
    const [d3] = autograd.grad(d2!, x);
    expect(d3!.item()).toBe(6);
  });

  it('createGraph through backward(): x.grad is itself differentiable', () => {
    const x = tensor(2, { requiresGrad: true });
    x.pow(3).backward(undefined, { createGraph: true });
    const g = x.grad!;
    expect(g.item()).toBe(12); // 3x²
    expect(g.requiresGrad).toBe(true);
    const [gg] = autograd.grad(g, x);
    expect(gg!.item()).toBe(12); // 6x
  });

  it('second derivative of a product: f = x²y, ∂²f/∂x∂y = 2x', () => {
    const x = tensor(3, { requiresGrad: true });
    const y = tensor(5, { requiresGrad: true });
    const [fx] = autograd.grad(x.pow(2).mul(y), x, { createGraph: true });
    expect(fx!.item()).toBe(30); // 2xy
    const [fxy] = autograd.grad(fx!, y);
    expect(fxy!.item()).toBe(6);
  });

  it('autograd.backward with gradTensors', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y1 = x.mul(2);
    const y2 = x.pow(2).sum();
    autograd.backward([y1, y2], { gradTensors: [tensor([1, 10]), null] });
    // 2·[1, 10] + 2x = [4, 24]
    expect(x.grad!.tolist()).toEqual([4, 24]);
    autograd.backward(x.mul(x).sum());
    expect(x.grad!.tolist()).toEqual([6, 28]);
  });
});

describe('long graphs and freed graphs', () => {
  it('a chain of 100,000 ops backwards without overflowing the stack', () => {
    const x = tensor(1, { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 100_000; i++) y = y.add(1);
    expect(y.item()).toBe(100_001);
    y.backward();
    expect(x.grad!.item()).toBe(1);
  }, 20_000);

  it('an in-place change through detach() (shared version) is caught; through .data it is not', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const y = a.mul(a);
    a.detach().add_(1);
    expect(() => y.sum().backward()).toThrow(
      'one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]] is at version 1; expected version 0 instead.',
    );
    const b = tensor([1, 2], { requiresGrad: true });
    const z = b.mul(b);
    b.data.add_(1); // the classic .data hazard: untracked
    z.sum().backward();
    expect(b.grad!.tolist()).toEqual([4, 6]); // 2·(b + 1), silently using the new values
  });

  it('saved tensors are freed by backward: node.savedTensors then throws', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(x);
    const node = y.gradFn!;
    expect(node.savedTensors.length).toBe(2);
    expect(node.savedTensors[0]).toBe(x);
    y.sum().backward(undefined, { retainGraph: true });
    expect(node.savedTensors.length).toBe(2);
    y.sum().backward();
    expect(() => node.savedTensors).toThrow(SECOND_BACKWARD);
  });
});

describe('anomaly detection', () => {
  // f = 0·√x at x = 0: forward is 0·0 = 0; backward gives √'s node g = 0 and
  // SqrtBackward0 computes g / (2√x) = 0 / 0 = NaN.
  const makeNaN = (): Tensor => {
    const x = tensor([0, 4], { requiresGrad: true });
    const y = x.sqrt().mul(0).sum();
    y.backward();
    return x;
  };

  it('without it the NaN lands silently in .grad', () => {
    const x = makeNaN();
    expect(Number.isNaN(x.grad!.tolist()[0])).toBe(true);
    expect(x.grad!.tolist()[1]).toBe(0);
  });

  it('detectAnomaly names the node that produced the NaN and shows the forward trace', () => {
    let error: Error | null = null;
    try {
      autograd.detectAnomaly(makeNaN);
    } catch (e) {
      error = e as Error;
    }
    expect(error).not.toBeNull();
    expect(error!.message).toMatch(/^Function 'SqrtBackward0' returned nan values in its 0th output\./);
    expect(error!.message).toContain('Traceback of forward call');
    expect(autograd.isAnomalyEnabled()).toBe(false);
  });

  it('setDetectAnomaly(true) does the same until turned off', () => {
    setDetectAnomaly(true);
    expect(makeNaN).toThrow("Function 'SqrtBackward0' returned nan values in its 0th output.");
    setDetectAnomaly(false);
    expect(makeNaN).not.toThrow();
  });
});

describe('custom autograd.Function', () => {
  class Cube extends autograd.Function {
    static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
      ctx.saveForBackward(x);
      ctx.note = 'kept';
      return x.pow(3);
    }
    static override backward(ctx: FunctionCtx, g: Tensor): Tensor {
      const [x] = ctx.savedTensors;
      expect(ctx.note).toBe('kept');
      return g.mul(x!.pow(2)).mul(3); // 3x²
    }
  }

  it('forward/backward with saved tensors; the node is named <Class>Backward', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = Cube.apply<Tensor>(x);
    expect(y.tolist()).toEqual([1, 8]);
    expect(y.gradFn!.name).toBe('CubeBackward');
    expect(String(y)).toBe('tensor([1., 8.], grad_fn=<CubeBackward>)');
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([3, 12]);
  });

  it('a second backward of a Function that saved tensors throws; retainGraph allows it', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = Cube.apply<Tensor>(x).sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expect(x.grad!.tolist()).toEqual([6, 24]);
    expect(() => y.backward()).toThrow(SECOND_BACKWARD);
  });

  it('ctx fields of any kind survive from forward to backward', () => {
    class Scale extends autograd.Function {
      static override forward(ctx: FunctionCtx, x: Tensor, k: number): Tensor {
        ctx.k = k;
        ctx.meta = { shape: [...x.shape] };
        return x.mul(k);
      }
      static override backward(ctx: FunctionCtx, g: Tensor): Array<Tensor | null> {
        expect(ctx.meta).toEqual({ shape: [3] });
        return [g.mul(ctx.k as number), null];
      }
    }
    const x = tensor([1, 2, 3], { requiresGrad: true });
    Scale.apply<Tensor>(x, 4).sum().backward();
    expect(x.grad!.tolist()).toEqual([4, 4, 4]);
  });

  it('needsInputGrad says which inputs need a gradient', () => {
    const seen: boolean[][] = [];
    class Mul extends autograd.Function {
      static override forward(ctx: FunctionCtx, a: Tensor, b: Tensor): Tensor {
        seen.push([...ctx.needsInputGrad]);
        ctx.saveForBackward(a, b);
        return a.mul(b);
      }
      static override backward(ctx: FunctionCtx, g: Tensor): Array<Tensor | null> {
        const [a, b] = ctx.savedTensors;
        return [ctx.needsInputGrad[0] ? g.mul(b!) : null, ctx.needsInputGrad[1] ? g.mul(a!) : null];
      }
    }
    const a = tensor([2], { requiresGrad: true });
    const b = tensor([5]);
    Mul.apply<Tensor>(a, b).sum().backward();
    expect(seen).toEqual([[true, false]]);
    expect(a.grad!.tolist()).toEqual([5]);
    expect(b.grad).toBeNull();
  });

  it('a multi-output Function: gradients of both outputs reach backward; a missing one is zeros', () => {
    class TwoThree extends autograd.Function {
      static override forward(_ctx: FunctionCtx, x: Tensor): Tensor[] {
        return [x.mul(2), x.mul(3)];
      }
      static override backward(_ctx: FunctionCtx, g1: Tensor, g2: Tensor): Tensor {
        return g1.mul(2).add(g2.mul(3));
      }
    }
    const x = tensor([1, 2], { requiresGrad: true });
    const [a, b] = TwoThree.apply<Tensor[]>(x);
    expect(a!.tolist()).toEqual([2, 4]);
    expect(b!.tolist()).toEqual([3, 6]);
    expect(a!.gradFn).toBe(b!.gradFn);
    // Σa + 10·Σb ⇒ 2 + 30
    a!.sum().add(b!.sum().mul(10)).backward();
    expect(x.grad!.tolist()).toEqual([32, 32]);
    // Only the first output used: g2 arrives as zeros ⇒ 2
    x.grad = null;
    const [c] = TwoThree.apply<Tensor[]>(x);
    c!.sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 2]);
  });

  it('markNonDifferentiable: that output does not require grad', () => {
    class WithMask extends autograd.Function {
      static override forward(ctx: FunctionCtx, x: Tensor): Tensor[] {
        const mask = x.gt(0).float();
        ctx.markNonDifferentiable(mask);
        ctx.saveForBackward(mask);
        return [x.mul(mask), mask];
      }
      static override backward(ctx: FunctionCtx, g: Tensor, gMask: Tensor): Tensor {
        // The non-differentiable output’s gradient arrives as zeros.
        expect(gMask.tolist()).toEqual([0, 0, 0]);
        const [mask] = ctx.savedTensors;
        return g.mul(mask!);
      }
    }
    const x = tensor([-1, 2, 3], { requiresGrad: true });
    const [y, mask] = WithMask.apply<Tensor[]>(x);
    expect(mask!.requiresGrad).toBe(false);
    expect(mask!.gradFn).toBeNull();
    expect(y!.requiresGrad).toBe(true);
    y!.sum().backward();
    expect(x.grad!.tolist()).toEqual([0, 1, 1]);
  });

  it('markDirty: a Function that changes its input in place returns it with the new history', () => {
    class Double_ extends autograd.Function {
      static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
        x.mul_(2);
        ctx.markDirty(x);
        return x;
      }
      static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
        return g.mul(2);
      }
    }
    const leaf = tensor([1, 2], { requiresGrad: true });
    const a = leaf.mul(1);
    const out = Double_.apply<Tensor>(a);
    expect(out).toBe(a);
    expect(a.tolist()).toEqual([2, 4]);
    expect(a.gradFn!.name).toBe('Double_Backward');
    out.sum().backward();
    expect(leaf.grad!.tolist()).toEqual([2, 2]);
  });

  it('an input returned unchanged becomes a new tensor; the input keeps its history', () => {
    class Id extends autograd.Function {
      static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
        return x;
      }
      static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
        return g.mul(5);
      }
    }
    const leaf = tensor([1], { requiresGrad: true });
    const a = leaf.mul(2);
    const o = Id.apply<Tensor>(a);
    expect(o).not.toBe(a);
    expect(a.gradFn!.name).toBe('MulBackward0');
    expect(o.gradFn!.name).toBe('IdBackward');
    o.sum().backward();
    expect(leaf.grad!.tolist()).toEqual([10]); // 5·2
  });

  it('backward returning too few gradients is an error naming the counts', () => {
    class F extends autograd.Function {
      static override forward(_ctx: FunctionCtx, x: Tensor, y: Tensor): Tensor {
        return x.mul(y);
      }
      static override backward(_ctx: FunctionCtx, g: Tensor): Tensor[] {
        return [g];
      }
    }
    const x = tensor([1], { requiresGrad: true });
    expect(() => F.apply<Tensor>(x, tensor([2])).sum().backward()).toThrow(
      'function FBackward returned an incorrect number of gradients (expected 2, got 1)',
    );
  });

  it('a saved output modified in place is caught, naming the Function’s node', () => {
    class Exp extends autograd.Function {
      static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
        const y = x.exp();
        ctx.saveForBackward(y);
        return y;
      }
      static override backward(ctx: FunctionCtx, g: Tensor): Tensor {
        return g.mul(ctx.savedTensors[0]!);
      }
    }
    const x = tensor([1], { requiresGrad: true });
    const y = Exp.apply<Tensor>(x);
    y.add_(1);
    expect(() => y.sum().backward()).toThrow(/which is output 0 of ExpBackward, is at version 1; expected version 0 instead/);
  });

  it('a gradient of the wrong shape from backward is an error', () => {
    class Bad extends autograd.Function {
      static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
        return x.mul(2);
      }
      static override backward(): Tensor {
        return tensor([1, 2, 3]);
      }
    }
    const x = tensor([1, 2], { requiresGrad: true });
    const y = Bad.apply<Tensor>(x);
    expect(y.shape).toEqual([2]);
    // PyTorch: "Function BadBackward returned an invalid gradient at index 0 - got [3] but expected
    // shape compatible with [2]".
    expect(() => y.sum().backward()).toThrow(/returned an invalid gradient at index 0 - got \[3\] but expected shape compatible with \[2\]/);
  });

  it('under noGrad, apply records nothing', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => Cube.apply<Tensor>(x));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
  });
});

describe('autograd.functional', () => {
  const { jacobian, hessian, vjp, jvp, hvp } = autograd.functional;

  it('jacobian of x ↦ x² is diag(2x)', () => {
    const J = jacobian((x) => x.pow(2), tensor([1, 2, 3])) as Tensor;
    expect(J.tolist()).toEqual([[2, 0, 0], [0, 4, 0], [0, 0, 6]]);
  });

  it('jacobian of (x₀x₁, x₀ + x₁) at (2, 3) is [[x₁, x₀], [1, 1]]', () => {
    const f = (x: Tensor): Tensor => stack([x.select(0, 0).mul(x.select(0, 1)), x.sum()]);
    const J = jacobian(f, tensor([2, 3])) as Tensor;
    expect(J.tolist()).toEqual([[3, 2], [1, 1]]);
  });

  it('jacobian of a·b for two inputs is [diag(b), diag(a)]', () => {
    const [Ja, Jb] = jacobian((a, b) => a.mul(b), [tensor([1, 2]), tensor([3, 4])]) as Tensor[];
    expect(Ja!.tolist()).toEqual([[3, 0], [0, 4]]);
    expect(Jb!.tolist()).toEqual([[1, 0], [0, 2]]);
  });

  it('hessian of Σx³ is diag(6x); of x₀²x₁ at (1, 2) is [[2x₁, 2x₀], [2x₀, 0]]', () => {
    expect((hessian((x) => x.pow(3).sum(), tensor([1, 2])) as Tensor).tolist()).toEqual([[6, 0], [0, 12]]);
    const f = (x: Tensor): Tensor => x.select(0, 0).pow(2).mul(x.select(0, 1));
    expect((hessian(f, tensor([1, 2])) as Tensor).tolist()).toEqual([[4, 2], [2, 0]]);
  });

  it('vjp of x² with v: [x², 2x·v]', () => {
    const [out, g] = vjp((x) => x.pow(2), tensor([1, 2, 3]), tensor([1, 0, 2]));
    expect((out as Tensor).tolist()).toEqual([1, 4, 9]);
    expect((g as Tensor).tolist()).toEqual([2, 0, 12]);
    expect((out as Tensor).requiresGrad).toBe(false);
  });

  it('jvp of (x₀x₁, x₀ + x₁) at (2, 3) along (1, 0) is the first Jacobian column (3, 1)', () => {
    const f = (x: Tensor): Tensor => stack([x.select(0, 0).mul(x.select(0, 1)), x.sum()]);
    const [out, jv] = jvp(f, tensor([2, 3]), tensor([1, 0]));
    expect((out as Tensor).tolist()).toEqual([6, 5]);
    expect((jv as Tensor).tolist()).toEqual([3, 1]);
  });

  it('hvp of x₀²x₁ at (1, 2) along (1, 1) is H·v = (4 + 2, 2 + 0)', () => {
    const f = (x: Tensor): Tensor => x.select(0, 0).pow(2).mul(x.select(0, 1));
    const [out, hv] = hvp(f, tensor([1, 2]), tensor([1, 1]));
    expect(out.item()).toBe(2);
    expect((hv as Tensor).tolist()).toEqual([6, 2]);
  });
});

describe('gradcheck and gradgradcheck', () => {
  class BadSquare extends autograd.Function {
    static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
      ctx.saveForBackward(x);
      return x.pow(2);
    }
    static override backward(ctx: FunctionCtx, g: Tensor): Tensor {
      const [x] = ctx.savedTensors;
      return g.mul(x!).mul(3); // wrong: d(x²)/dx is 2x
    }
  }

  it('passes on a correct function (float64)', () => {
    const x = tensor([0.3, -1.2, 2.5], { dtype: 'float64', requiresGrad: true });
    expect(autograd.gradcheck((v) => v.sin().mul(v), [x])).toBe(true);
    const a = tensor([[0.5, 1.5], [-0.7, 2]], { dtype: 'float64', requiresGrad: true });
    const b = tensor([[1.1], [0.4]], { dtype: 'float64', requiresGrad: true });
    expect(autograd.gradcheck((p, q) => p.matmul(q).tanh(), [a, b])).toBe(true);
  });

  it('fails on a Function with a wrong backward: throws, or returns false', () => {
    const x = tensor([0.5, 1.5], { dtype: 'float64', requiresGrad: true });
    expect(() => autograd.gradcheck((v) => BadSquare.apply<Tensor>(v), [x])).toThrow(/Jacobian mismatch/);
    expect(autograd.gradcheck((v) => BadSquare.apply<Tensor>(v), [x], { raiseException: false })).toBe(false);
  });

  it('gradgradcheck passes on x·sin(x)', () => {
    const x = tensor([0.3, -1.2, 2.5], { dtype: 'float64', requiresGrad: true });
    expect(autograd.gradgradcheck((v) => v.sin().mul(v), [x])).toBe(true);
  });
});

describe('node names follow PyTorch', () => {
  it('the grad_fn of common ops', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const m = x.reshape(1, 2);
    const names: Array<[Tensor, string]> = [
      [x.add(2), 'AddBackward0'],
      [x.sub(1), 'SubBackward0'],
      [x.mul(x), 'MulBackward0'],
      [x.div(x), 'DivBackward0'],
      [x.pow(2), 'PowBackward0'],
      [x.pow(x), 'PowBackward1'],
      [pow(2, x), 'PowBackward2'], // a number base (Python's 2 ** x)
      [x.exp(), 'ExpBackward0'],
      [x.log(), 'LogBackward0'],
      [x.sum(), 'SumBackward0'],
      [x.sum(0), 'SumBackward1'],
      [x.mean(), 'MeanBackward0'],
      [x.mean(0), 'MeanBackward1'],
      [x.neg(), 'NegBackward0'],
      [x.abs(), 'AbsBackward0'],
      [x.relu(), 'ReluBackward0'],
      [x.sigmoid(), 'SigmoidBackward0'],
      [x.tanh(), 'TanhBackward0'],
      [x.clamp(0, 1), 'ClampBackward1'],
      [x.clamp(0), 'ClampBackward1'], // PyTorch 1.13's name for clamp with number bounds
      [x.max(), 'MaxBackward1'],
      [x.softmax(0), 'SoftmaxBackward0'],
      [x.logSoftmax(0), 'LogSoftmaxBackward0'],
      [x.norm(), 'LinalgVectorNormBackward0'],
      [m.t(), 'TBackward0'],
      [m.transpose(0, 1), 'TransposeBackward0'],
      [m.permute(1, 0), 'PermuteBackward0'],
      [x.view(2, 1), 'ViewBackward0'],
      [m.expand(3, 2), 'ExpandBackward0'],
      [m.squeeze(), 'SqueezeBackward0'],
      [x.unsqueeze(0), 'UnsqueezeBackward0'],
      [x.narrow(0, 0, 1), 'SliceBackward0'],
      [x.select(0, 0), 'SelectBackward0'],
      [m.mm(m.t()), 'MmBackward0'],
      [m.matmul(x), 'MvBackward0'],
      [x.dot(x), 'DotBackward0'],
      [cat([x, x]), 'CatBackward0'],
      [stack([x, x]), 'StackBackward0'],
      [x.clone(), 'CloneBackward0'],
      [x.double(), 'ToCopyBackward0'],
      [mseLoss(x, x.detach()), 'MseLossBackward0'],
      [crossEntropy(m, tensor([0], { dtype: 'int32' })), 'NllLossBackward0'],
    ];
    for (const [t, name] of names) expect(t.gradFn!.name, name).toBe(name);
    expect(m.max(1).values.gradFn!.name).toBe('MaxBackward0');
    expect(m.max(1, true).values.gradFn!.name).toBe('MaxBackward0');
  });

  it('a cast passes the gradient back in the input dtype (ToCopyBackward0)', () => {
    // y = Σ wᵢ·double(xᵢ): ∂y/∂xᵢ = wᵢ, cast back to float32.
    const x = tensor([1, -2, 3], { requiresGrad: true });
    x.double().mul(tensor([0.5, 2, -4], { dtype: 'float64' })).sum().backward();
    expect(x.grad!.dtype).toBe('float32');
    expect(x.grad!.tolist()).toEqual([0.5, 2, -4]);
    // Casting to an integer dtype ends the graph, as PyTorch.
    expect(x.int().requiresGrad).toBe(false);
  });

  it('a number operand appears as a null edge; leaves as AccumulateGrad', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const edges = x.add(2).gradFn!.nextFunctions.map(([n, i]) => [n?.name ?? null, i]);
    expect(edges).toEqual([['AccumulateGrad', 0], [null, 0]]);
    const v = x.narrow(0, 0, 1);
    expect([v.requiresGrad, v.isLeaf]).toEqual([true, false]);
  });
});

describe('every gradient rule agrees with finite differences (gradcheck, float64)', () => {
  manualSeed(1);
  const R = (...s: number[]): Tensor => randn(s, { dtype: 'float64' }).requiresGrad_();
  /** Positive values in [0.1, 0.9], for log, sqrt, division and probabilities. */
  const P = (...s: number[]): Tensor => rand(s, { dtype: 'float64' }).mul(0.8).add(0.1).detach().requiresGrad_();
  const int = (v: number[] | number[][]): Tensor => tensor(v, { dtype: 'int32' });
  const f64 = (v: number[]): Tensor => tensor(v, { dtype: 'float64' });
  const cases: Array<[string, (...x: Tensor[]) => Tensor, Tensor[]]> = [
    ['softmax', (x) => x.softmax(1), [R(2, 3)]],
    ['logSoftmax', (x) => x.logSoftmax(0), [R(3, 2)]],
    ['logsumexp', (x) => x.logsumexp([0, 1]), [R(2, 3)]],
    ['std', (x) => x.std(1), [R(2, 3)]],
    ['var keepdim correction 0', (x) => x.var(0, { keepdim: true, correction: 0 }), [R(3, 2)]],
    ['norm p=3', (x) => x.norm(3, 1), [R(2, 3)]],
    ['norm p=1', (x) => x.norm(1), [R(4)]],
    ['norm p=∞', (x) => x.norm(Infinity), [R(4)]],
    ['prod(dim)', (x) => x.prod(1), [R(2, 3)]],
    ['amax', (x) => x.amax(1), [R(2, 3)]],
    ['max(dim)', (x) => x.max(0).values, [R(3, 2)]],
    ['mean over dims', (x) => x.mean([0, 2]), [R(2, 3, 2)]],
    ['div', (a, b) => a.div(b), [R(3), P(3)]],
    ['pow tensor^tensor', (a, b) => a.pow(b), [P(3), R(3)]],
    ['pow number^tensor', (b) => tensor(2, { dtype: 'float64' }).pow(b), [R(3)]],
    ['matmul batched, broadcast', (a, b) => a.matmul(b), [R(2, 2, 3), R(3, 2)]],
    ['matmul 1-D by 3-D', (a, b) => a.matmul(b), [R(3), R(2, 3, 2)]],
    ['mv', (a, b) => a.mv(b), [R(2, 3), R(3)]],
    ['outer', (a, b) => a.outer(b), [R(3), R(2)]],
    ['gather', (x) => x.gather(1, int([[0, 2], [1, 1]])), [R(2, 3)]],
    ['indexSelect', (x) => x.indexSelect(0, int([1, 0, 1])), [R(2, 3)]],
    ['scatterAdd', (x, src) => x.scatterAdd(1, int([[0, 0], [2, 1]]), src), [R(2, 3), R(2, 2)]],
    ['cat', (a, b) => cat([a, b], 1), [R(2, 1), R(2, 2)]],
    ['stack', (a, b) => stack([a, b], 1), [R(2), R(2)]],
    ['flip', (x) => x.flip(0, 1), [R(2, 3)]],
    ['repeat', (x) => x.repeat(2, 1, 2), [R(2, 3)]],
    ['diagonal', (x) => x.diagonal(1), [R(3, 4)]],
    ['slice with step', (x) => x.slice(1, 0, 4, 3), [R(2, 4)]],
    ['permute', (x) => x.permute(2, 0, 1).mul(x.permute(2, 0, 1)), [R(2, 3, 2)]],
    ['expand', (x) => x.expand(3, 2, 2).mul(f64([1, 2])), [R(2, 1)]],
    ['where, broadcast', (a, b) => where(tensor([true, false, true]), a, b), [R(3), R(2, 1)]],
    ['clamp with a tensor bound', (x, lo) => x.clamp(lo), [R(3), R(3)]],
    ['sigmoid·tanh', (x) => x.sigmoid().mul(x.tanh()), [R(3)]],
    ['log1p + expm1', (x) => x.log1p().add(x.expm1()), [P(3)]],
    ['softplus', (x) => x.softplus(), [R(3)]],
    ['silu', (x) => x.silu(), [R(3)]],
    ['gelu', (x) => x.gelu(), [R(3)]],
    ['reciprocal + rsqrt', (x) => x.reciprocal().add(x.rsqrt()), [P(3)]],
    ['crossEntropy', (x) => crossEntropy(x, int([0, 2])), [R(2, 3)]],
    ['nllLoss', (x) => nllLoss(x.logSoftmax(1), int([1, 2])), [R(2, 3)]],
    ['binaryCrossEntropy', (x) => binaryCrossEntropy(x, f64([0, 1, 1])), [P(3)]],
    ['binaryCrossEntropyWithLogits', (x) => binaryCrossEntropyWithLogits(x, f64([0, 1, 1])), [R(3)]],
    ['huberLoss', (a, b) => huberLoss(a, b), [R(4), R(4)]],
    ['mseLoss', (a, b) => mseLoss(a, b), [R(4), R(4)]],
    ['l1Loss', (a, b) => l1Loss(a, b), [R(4), R(4)]],
    [
      'in-place ops on a non-leaf',
      (x) => {
        const y = x.mul(1);
        y.mul_(x);
        y.exp_();
        y.sub_(x);
        return y;
      },
      [R(3)],
    ],
    [
      'in-place op on a view (CopySlices)',
      (x) => {
        const y = x.mul(2);
        y.narrow(0, 1, 2).mul_(x.narrow(0, 0, 2));
        return y;
      },
      [R(3)],
    ],
  ];
  for (const [name, f, xs] of cases) {
    it(name, () => {
      expect(autograd.gradcheck(f, xs)).toBe(true);
      expect(autograd.gradgradcheck(f, xs)).toBe(true);
    });
  }
});
