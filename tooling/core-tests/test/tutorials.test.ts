/**
 * Every example of the autograd tutorials the project started from, with the
 * values they print. The maths of each is worked out in its comments.
 */
import { describe, expect, it } from 'vitest';
import './setup-backend.js';
import { autograd, FunctionCtx, manualSeed, noGrad, rand, tensor, Tensor, zeros } from '@grad/core';

describe('tutorial: the first graph', () => {
  it('out = mean(3(x+2)²) is 40.5 and d out/dx = 1.5(x+2)', () => {
    const x = tensor([[0, 1], [2, 3]], { requiresGrad: true });
    const y = x.add(2);
    const z = y.pow(2).mul(3);
    const out = z.mean();
    expect(String(x)).toBe('tensor([[0., 1.],\n        [2., 3.]], requires_grad=True)');
    expect(String(y)).toBe('tensor([[2., 3.],\n        [4., 5.]], grad_fn=<AddBackward0>)');
    expect(String(z)).toBe('tensor([[12., 27.],\n        [48., 75.]], grad_fn=<MulBackward0>)');
    expect(String(out)).toBe('tensor(40.5000, grad_fn=<MeanBackward0>)');
    // mean of 3·(4, 9, 16, 25) = 3·54/4 = 40.5
    expect(out.item()).toBe(40.5);
    out.backward();
    // ∂out/∂x = 3·2(x+2)/4 = 1.5(x+2) → [[3, 4.5], [6, 7.5]]
    expect(x.grad!.tolist()).toEqual([[3, 4.5], [6, 7.5]]);
    expect(String(x.grad)).toBe('tensor([[3.0000, 4.5000],\n        [6.0000, 7.5000]])');
  });

  it('the graph is walkable from the output down to AccumulateGrad', () => {
    const x = tensor([[0, 1], [2, 3]], { requiresGrad: true });
    const out = x.add(2).pow(2).mul(3).mean();
    const names: string[] = [];
    let node = out.gradFn;
    while (node) {
      names.push(node.name);
      node = node.nextFunctions.find(([n]) => n !== null)?.[0] ?? null;
    }
    expect(names).toEqual(['MeanBackward0', 'MulBackward0', 'PowBackward0', 'AddBackward0', 'AccumulateGrad']);
    const acc = x.add(1).gradFn!.nextFunctions[0]![0] as unknown as { variable: Tensor };
    expect(acc.variable).toBe(x);
  });
});

describe('tutorial: simple derivatives', () => {
  it('y = x² + 20 at x = 10 has dy/dx = 2x = 20', () => {
    const x = tensor(10, { requiresGrad: true });
    const y = x.pow(2).add(20);
    y.backward();
    expect(x.grad!.item()).toBe(20);
  });

  it('mean of x² over [10, 20, 30, 40] has gradient 2x/4, accumulating until zeroed', () => {
    const x = tensor([10, 20, 30, 40], { requiresGrad: true });
    x.pow(2).mean().backward();
    expect(x.grad!.tolist()).toEqual([5, 10, 15, 20]);
    // A second backward through a new graph adds to .grad.
    x.pow(2).mean().backward();
    expect(x.grad!.tolist()).toEqual([10, 20, 30, 40]);
    x.grad!.zero_();
    x.pow(2).mean().backward();
    expect(x.grad!.tolist()).toEqual([5, 10, 15, 20]);
    x.grad = null;
    x.pow(2).mean().backward();
    expect(x.grad!.tolist()).toEqual([5, 10, 15, 20]);
  });

  it('y = x1² + x2² + x1·x2: ∂/∂x1 = 2x1 + x2 = 40, ∂/∂x2 = 2x2 + x1 = 50', () => {
    const x1 = tensor(10, { requiresGrad: true });
    const x2 = tensor(20, { requiresGrad: true });
    x1.pow(2).add(x2.pow(2)).add(x1.mul(x2)).backward();
    expect(x1.grad!.item()).toBe(40);
    expect(x2.grad!.item()).toBe(50);
  });

  it('the same with vectors gives [50, 80] and [70, 100]', () => {
    const x1 = tensor([10, 20], { requiresGrad: true });
    const x2 = tensor([30, 40], { requiresGrad: true });
    const y = x1.pow(2).add(x2.pow(2)).add(x1.mul(x2));
    y.backward(tensor([1, 1]));
    expect(x1.grad!.tolist()).toEqual([50, 80]);
    expect(x2.grad!.tolist()).toEqual([70, 100]);
  });

  it('5000 steps of gradient descent on x² from 10 at rate 0.001 reach 0.0004494759', () => {
    // x ← x − 0.001·2x = 0.998x, so x = 10·0.998^5000 ≈ 4.4948e-4. The tutorial's
    // printed digits are those of float64 (float32 rounding drifts to …749).
    const x = tensor(10, { requiresGrad: true, dtype: 'float64' });
    for (let i = 0; i < 5000; i++) {
      const y = x.pow(2);
      y.backward();
      noGrad(() => x.sub_(x.grad!.mul(0.001)));
      x.grad!.zero_();
    }
    expect(x.item().toFixed(10)).toBe('0.0004494759');
  });
});

describe('tutorial: custom autograd.Function', () => {
  class Line extends autograd.Function {
    static override forward(ctx: FunctionCtx, x: Tensor, w: Tensor, b: Tensor): Tensor {
      ctx.saveForBackward(x, w);
      return w.mul(x).add(b);
    }
    static override backward(ctx: FunctionCtx, g: Tensor): Tensor[] {
      const [x, w] = ctx.savedTensors as [Tensor, Tensor];
      // y = w·x + b: ∂y/∂x = w, ∂y/∂w = x, ∂y/∂b = 1
      return [g.mul(w), g.mul(x), g];
    }
  }

  it('Line(x, w, b) = w·x + b with hand-derived gradients', () => {
    const x = tensor(1, { requiresGrad: true });
    const w = tensor(2, { requiresGrad: true });
    const b = tensor(3, { requiresGrad: true });
    const y = Line.apply(x, w, b);
    expect(y.item()).toBe(5);
    expect(y.gradFn!.name).toBe('LineBackward');
    y.backward();
    expect([x.grad!.item(), w.grad!.item(), b.grad!.item()]).toEqual([2, 1, 1]);
  });
});

describe('tutorial: numpy, detach, .data, noGrad', () => {
  it('numpy() refuses a tensor that requires grad, with PyTorch’s text', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => x.numpy()).toThrow("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
    expect(Array.from(x.detach().numpy())).toEqual([1, 2]);
    // Under noGrad it works, as in current PyTorch.
    expect(Array.from(noGrad(() => x.numpy()))).toEqual([1, 2]);
  });

  it('numpy() shares memory with the tensor', () => {
    const x = tensor([1, 2, 3]);
    const a = x.numpy();
    a[0] = 9;
    expect(x.tolist()).toEqual([9, 2, 3]);
  });

  it('tensor(typed array).reshape(2, 2) is torch.tensor(np.arange(4).reshape(2, 2))', () => {
    const x = tensor(Float32Array.from([0, 1, 2, 3])).reshape(2, 2);
    expect(x.tolist()).toEqual([[0, 1], [2, 3]]);
    expect(x.dtype).toBe('float32');
  });

  it('detach() shares storage: a change through one shows in the other', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const d = x.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.gradFn).toBeNull();
    d.mul_(2);
    expect(x.tolist()).toEqual([2, 4, 6]);
  });

  it('.data assignment swaps the values and keeps gradFn', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    const fn = y.gradFn;
    y.data = tensor([7, 8, 9]);
    expect(y.gradFn).toBe(fn);
    expect(y.tolist()).toEqual([7, 8, 9]);
    expect(y.shape).toEqual([3]);
  });

  it('.data of a leaf is detached and untracked; w.data -= lr·grad trains', () => {
    const w = tensor([1], { requiresGrad: true });
    w.mul(3).sum().backward();
    const d = w.data;
    expect(d.requiresGrad).toBe(false);
    d.sub_(w.grad!.mul(0.1));
    expect(w.tolist()[0]).toBeCloseTo(0.7, 6);
  });

  it('results made under noGrad have no gradFn and do not require grad', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(x.mul(2).requiresGrad).toBe(true);
  });
});

describe('tutorial: linear regression by gradient descent', () => {
  it('x = rand(50, 1), y = 3x + 0.8, 5000 steps at lr 0.01 reach w ≈ 3, b ≈ 0.8', () => {
    manualSeed(0);
    const x = rand([50, 1]);
    const y = x.mul(3).add(0.8);
    const w = rand([1, 1], { requiresGrad: true });
    const b = zeros(1, { requiresGrad: true });
    let loss = 0;
    for (let i = 0; i < 5000; i++) {
      const yHat = x.matmul(w).add(b);
      const l = yHat.sub(y).pow(2).mean();
      l.backward();
      noGrad(() => {
        w.sub_(w.grad!.mul(0.01));
        b.sub_(b.grad!.mul(0.01));
      });
      w.grad!.zero_();
      b.grad!.zero_();
      loss = l.item();
    }
    expect(w.item()).toBeCloseTo(3, 2);
    expect(b.item()).toBeCloseTo(0.8, 2);
    expect(loss).toBeLessThan(1e-5);
  });

  it('rand after manualSeed(0) gives torch.rand’s numbers', () => {
    manualSeed(0);
    // torch.manual_seed(0); torch.rand(3) → tensor([0.4963, 0.7682, 0.0885])
    expect(rand(3).toString()).toBe('tensor([0.4963, 0.7682, 0.0885])');
  });
});
