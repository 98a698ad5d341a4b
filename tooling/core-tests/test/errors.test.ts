/**
 * Every error of API.md, triggered on purpose, with the exact text users
 * (and PyTorch users) expect to read. Where PyTorch names a Python keyword
 * the TypeScript spelling is checked (retainGraph, allowUnused).
 */
import { describe, expect, it, vi } from 'vitest';
import './setup-backend.js';
import { autograd, noGrad, ones, registerBackend, listBackends, tensor, zeros, arange, cat, full, eye, randint } from '@grad/core';
import { cpu } from '@grad/backend-cpu';

/** The error `fn` throws (fails the test when it throws nothing). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return e as Error;
  }
  throw new Error('expected the call to throw, but it returned');
}

describe('no backend registered', () => {
  it('the first tensor creation says how to register one', async () => {
    vi.resetModules();
    const fresh = (await import('@grad/core')) as typeof import('@grad/core');
    expect(fresh.listBackends()).toEqual([]);
    expect(fresh.getBackend()).toBeNull();
    const e = thrown(() => fresh.tensor([1]));
    expect(e.message).toMatch(/No grad backend is registered/);
    // It names the call that fixes it, and the package to import it from.
    expect(e.message).toContain('registerBackend(');
    expect(e.message).toContain('@grad/backend-cpu');
    // zeros/ones/arange go through the same registry.
    expect(() => fresh.zeros(2)).toThrow(/registerBackend/);
    expect(() => fresh.arange(3)).toThrow(/registerBackend/);
  });
});

describe('device mismatch', () => {
  it('an op on tensors of two devices names both devices', () => {
    if (!listBackends().includes('cpu2')) registerBackend({ ...cpu(), name: 'cpu2' });
    const a = tensor([1, 2]);
    const b = tensor([3, 4], { device: 'cpu2' });
    expect(b.device).toBe('cpu2');
    const msg = 'Expected all tensors to be on the same device, but found at least two devices, cpu and cpu2!';
    expect(thrown(() => a.add(b)).message).toBe(msg);
    expect(thrown(() => a.mul(b)).message).toBe(msg);
    // The order follows the operands, as PyTorch reports the first device then the other.
    expect(thrown(() => b.sub(a)).message).toBe(
      'Expected all tensors to be on the same device, but found at least two devices, cpu2 and cpu!',
    );
    expect(() => a.matmul(b)).toThrow(msg);
  });
});

describe('only floating point tensors can require gradients', () => {
  const msg = 'Only Tensors of floating point dtype can require gradients';
  it('at creation', () => {
    expect(thrown(() => tensor([1, 2], { dtype: 'int32', requiresGrad: true })).message).toBe(msg);
    expect(thrown(() => tensor([true], { requiresGrad: true })).message).toBe(msg);
    expect(thrown(() => zeros([2], { dtype: 'int32', requiresGrad: true })).message).toBe(msg);
  });
  it('with requiresGrad_ and the requiresGrad setter', () => {
    const i = tensor([1, 2], { dtype: 'int32' });
    expect(thrown(() => i.requiresGrad_()).message).toBe(msg);
    expect(thrown(() => (i.requiresGrad = true)).message).toBe(msg);
    expect(i.requiresGrad).toBe(false);
    // Turning it off is always allowed.
    expect(i.requiresGrad_(false)).toBe(i);
    // float64 is floating point.
    expect(tensor([1], { dtype: 'float64', requiresGrad: true }).requiresGrad).toBe(true);
  });
});

describe('in-place ops on leaves that require grad', () => {
  const leafMsg = 'a leaf Variable that requires grad is being used in an in-place operation.';
  it('throw for every in-place op', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    for (const f of [
      () => x.add_(1),
      () => x.sub_(1),
      () => x.mul_(2),
      () => x.div_(2),
      () => x.zero_(),
      () => x.fill_(3),
      () => x.copy_(tensor([5, 6])),
      () => x.clamp_(0, 1),
    ]) {
      expect(thrown(f).message).toBe(leafMsg);
    }
    // Nothing was written and the version did not move.
    expect(x.tolist()).toEqual([1, 2]);
    expect(x.version).toBe(0);
  });

  it('work under noGrad (the optimizer pattern) and bump the version', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    noGrad(() => x.sub_(tensor([0.5, 0.5])));
    expect(x.tolist()).toEqual([0.5, 1.5]);
    expect(x.version).toBe(1);
    expect(x.isLeaf).toBe(true);
    expect(x.requiresGrad).toBe(true);
    expect(x.gradFn).toBeNull();
  });

  it('a view of such a leaf is refused too', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const v = x.narrow(0, 0, 1);
    expect(thrown(() => v.mul_(2)).message).toBe(
      'a view of a leaf Variable that requires grad is being used in an in-place operation.',
    );
    expect(() => x.select(0, 1).fill_(0)).toThrow(/a view of a leaf Variable that requires grad/);
    expect(x.tolist()).toEqual([1, 2, 3]);
    // ...and allowed under noGrad.
    noGrad(() => v.mul_(2));
    expect(x.tolist()).toEqual([2, 2, 3]);
  });
});

describe('a saved tensor modified in place', () => {
  it('y = exp(x) saves y; y.add_(1) then backward names ExpBackward0 and the versions', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.exp();
    y.add_(1);
    const e = thrown(() => y.sum().backward());
    expect(e.message).toBe(
      'one of the variables needed for gradient computation has been modified by an inplace operation: ' +
        '[torch.FloatTensor [2]], which is output 0 of ExpBackward0, is at version 1; expected version 0 instead. ' +
        'Hint: enable anomaly detection to find the operation that failed to compute its gradient, with autograd.setDetectAnomaly(true).',
    );
  });

  it('an input saved by mul, changed in place afterwards, is caught too', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const a = x.add(0); // a non-leaf (made by AddBackward0), so in place is allowed
    const y = a.mul(a);
    a.mul_(10);
    a.mul_(10);
    expect(() => y.sum().backward()).toThrow(
      /modified by an inplace operation: \[torch\.FloatTensor \[2\]\], which is output 0 of MulBackward0, is at version 2; expected version 0 instead/,
    );
  });

  it('a float64 tensor is named DoubleTensor', () => {
    const x = tensor([[1, 2]], { dtype: 'float64', requiresGrad: true });
    const y = x.sigmoid(); // saves its output
    y.mul_(2);
    expect(() => y.sum().backward()).toThrow(/\[torch\.DoubleTensor \[1, 2\]\], which is output 0 of SigmoidBackward0/);
  });
});

describe('backward twice', () => {
  const start =
    'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed).';
  it('without retainGraph throws PyTorch’s text naming retainGraph', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(x).sum();
    y.backward();
    const e = thrown(() => y.backward());
    expect(e.message.startsWith(start)).toBe(true);
    expect(e.message).toContain('retainGraph');
    expect(e.message).toContain('retainGraph: true');
    // The failed second pass did not touch the first gradient: 2x.
    expect(x.grad!.tolist()).toEqual([2, 4, 6]);
  });

  it('retainGraph: true allows it, and the gradients accumulate (2·2x)', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(x).sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expect(x.grad!.tolist()).toEqual([4, 8, 12]);
    // The second backward did not retain: a third fails.
    expect(() => y.backward()).toThrow(start);
  });

  it('autograd.grad frees the graph too', () => {
    const x = tensor(3, { requiresGrad: true });
    const y = x.pow(2);
    expect(autograd.grad(y, x)[0]!.item()).toBe(6);
    expect(() => autograd.grad(y, x)).toThrow(start);
  });
});

describe('backward on the wrong kind of tensor', () => {
  it('a non-scalar output without a gradient', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(thrown(() => x.mul(2).backward()).message).toBe('grad can be implicitly created only for scalar outputs');
    // A one-element tensor of any rank is fine: d(2x)/dx = 2.
    const s = tensor([[4]], { requiresGrad: true });
    s.mul(2).backward();
    expect(s.grad!.tolist()).toEqual([[2]]);
  });

  it('a tensor that requires no grad', () => {
    const msg = 'element 0 of tensors does not require grad and does not have a grad_fn';
    expect(thrown(() => tensor([1]).backward()).message).toBe(msg);
    expect(thrown(() => zeros(3).sum().backward()).message).toBe(msg);
    const x = tensor([1], { requiresGrad: true });
    expect(thrown(() => noGrad(() => x.mul(2)).backward()).message).toBe(msg);
    // autograd.backward reports the index of the offending tensor.
    expect(() => autograd.backward([x.sum(), tensor(1)])).toThrow(
      'element 1 of tensors does not require grad and does not have a grad_fn',
    );
  });
});

describe('numpy() and requires grad', () => {
  it('throws PyTorch’s text while grad mode is on, works under noGrad and after detach', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(thrown(() => x.numpy()).message).toBe(
      "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.",
    );
    expect(Array.from(x.detach().numpy())).toEqual([1, 2]);
    expect(Array.from(noGrad(() => x.numpy()))).toEqual([1, 2]);
  });
});

describe('requiresGrad on a non-leaf', () => {
  it('turning it off throws; turning it on is a no-op (as PyTorch)', () => {
    const x = tensor([1], { requiresGrad: true });
    const y = x.mul(2);
    const e = thrown(() => (y.requiresGrad = false));
    expect(e.message).toBe(
      "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
    );
    expect(() => y.requiresGrad_(false)).toThrow(/you can only change requires_grad flags of leaf variables/);
    expect(y.requiresGrad_(true)).toBe(y);
    expect(y.requiresGrad).toBe(true);
  });
});

describe('shape errors', () => {
  it('broadcasting [3] with [4]', () => {
    expect(thrown(() => tensor([1, 2, 3]).add(tensor([1, 2, 3, 4]))).message).toBe(
      'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0',
    );
    // [2, 3] with [2, 4]: the trailing dimension (1) disagrees.
    expect(thrown(() => zeros(2, 3).mul(zeros(2, 4))).message).toBe(
      'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1',
    );
  });

  it('matmul of 2×3 by 4×5', () => {
    expect(thrown(() => zeros(2, 3).matmul(zeros(4, 5))).message).toBe(
      'mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)',
    );
    expect(() => zeros(2, 3).mm(zeros(4, 5))).toThrow('mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)');
  });

  it('reshape of 4 elements to [3, 3]', () => {
    expect(thrown(() => zeros(4).reshape(3, 3)).message).toBe("shape '[3, 3]' is invalid for input of size 4");
    expect(thrown(() => zeros(4).view([3, -1])).message).toBe("shape '[3, -1]' is invalid for input of size 4");
  });

  it('view of a non-contiguous tensor', () => {
    const xt = arange(6, { dtype: 'float32' }).reshape(2, 3).t();
    expect(xt.isContiguous()).toBe(false);
    expect(thrown(() => xt.view(6)).message).toBe(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
    // reshape copies instead: the transpose of [[0,1,2],[3,4,5]] read row by row.
    expect(xt.reshape(6).tolist()).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('dim out of range', () => {
    expect(thrown(() => zeros(2, 3).sum(2)).message).toBe(
      'Dimension out of range (expected to be in range of [-2, 1], but got 2)',
    );
    expect(() => zeros(2, 3).softmax(-3)).toThrow('Dimension out of range (expected to be in range of [-2, 1], but got -3)');
    expect(() => zeros(2, 3).unsqueeze(3)).toThrow('Dimension out of range (expected to be in range of [-3, 2], but got 3)');
  });

  it('ragged nested arrays', () => {
    expect(thrown(() => tensor([[1, 2], [3]])).message).toBe('expected sequence of length 2 at dim 1 (got 1)');
    expect(() => tensor([[1, 2], 3] as never)).toThrow(/expected sequence of length 2 at dim 1/);
  });

  it('item() of a multi-element tensor', () => {
    expect(thrown(() => tensor([1, 2]).item()).message).toBe('a Tensor with 2 elements cannot be converted to Scalar');
    expect(thrown(() => zeros(0).item()).message).toBe('a Tensor with 0 elements cannot be converted to Scalar');
  });
});

describe('autograd.grad of an input the output does not use', () => {
  it('throws without allowUnused, gives null with it, zeros with materializeGrads', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const z = tensor([5, 6], { requiresGrad: true });
    const e = thrown(() => autograd.grad(x.mul(2).sum(), [x, z]));
    expect(e.message).toBe(
      'One of the differentiated Tensors appears to not have been used in the graph. Set allowUnused: true if this is the desired behavior.',
    );
    const [gx, gz] = autograd.grad(x.mul(2).sum(), [x, z], { allowUnused: true });
    expect(gx!.tolist()).toEqual([2, 2]);
    expect(gz).toBeNull();
    const [, gz2] = autograd.grad(x.mul(2).sum(), [x, z], { materializeGrads: true });
    expect(gz2!.tolist()).toEqual([0, 0]);
  });
});

describe('bad input never crashes or hangs', () => {
  it('fractional sizes, lengths and indices are refused', () => {
    const x = arange(6).float();
    // Rejected today:
    expect(() => x.unsqueeze(0.5)).toThrow(/Dimension out of range/);
    expect(() => full([1.5], 1)).toThrow(/size must be a sequence of integers/);
    expect(() => x.reshape(1.5, 4)).toThrow();
    for (const f of [
      () => x.narrow(0, 0, 1.5),
      () => x.narrow(0, 0.5, 2),
      () => x.select(0, 1.5),
      () => x.split(1.5),
      () => x.chunk(2.5),
      () => tensor([1]).repeat(1.5),
      () => tensor([1]).expand(2.5),
      () => eye(3).diagonal(0.5),
      () => eye(2.5),
      () => x.slice(0, 0.5, 3),
      () => randint(0, 2.5, [3]),
    ]) expect(f).toThrow();
  });

  it('a self-referential nested array', () => {
    const a: unknown[] = [];
    a[0] = a;
    expect(() => tensor(a as never)).toThrow();
    expect(Array.isArray(a[0])).toBe(true);
  });

  it('each bad call throws an Error promptly', () => {
    const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const bad: Array<[string, () => unknown]> = [
      ['string data', () => tensor('abc' as never)],
      ['null data', () => tensor(null as never)],
      ['undefined data', () => tensor(undefined as never)],
      ['a string inside an array', () => tensor([1, 'a'] as never)],
      ['an object inside an array', () => tensor([{}] as never)],
      ['too deep on one side', () => tensor([[1, 2], [3, [4]]] as never)],
      ['negative size', () => zeros(-1)],
      ['fractional size', () => zeros(1.5)],
      ['NaN size', () => ones([NaN])],
      ['arange step 0', () => arange(0, 10, 0)],
      ['arange wrong direction', () => arange(10, 0, 1)],
      ['reshape two -1', () => zeros(4).reshape(-1, -1)],
      ['permute wrong length', () => zeros(2, 3).permute(0)],
      ['permute duplicate', () => zeros(2, 3).permute(0, 0)],
      ['expand to smaller', () => zeros(3).expand(2)],
      ['expand non-singleton', () => zeros(3).expand(2, 4)],
      ['narrow past the end', () => zeros(3).narrow(0, 2, 5)],
      ['select out of range', () => zeros(3).select(0, 3)],
      ['cat of nothing', () => cat([])],
      ['cat of mismatched shapes', () => cat([zeros(2, 3), zeros(2, 4)], 0)],
      ['split sizes not summing', () => zeros(4).split([1, 2])],
      ['chunk 0', () => zeros(4).chunk(0)],
      ['gather with float index', () => zeros(2, 2).gather(1, zeros(2, 2))],
      ['where with a float condition', () => zeros(2).where(zeros(2), 1)],
      ['backward with a gradient of the wrong shape', () => x.mul(2).backward(ones(3))],
      ['transpose out of range', () => zeros(2, 3).transpose(0, 5)],
      ['matmul of a scalar', () => tensor(2).matmul(zeros(2))],
      ['dot of unequal lengths', () => zeros(2).dot(zeros(3))],
      ['t() of a 3-D tensor', () => zeros(1, 2, 3).t()],
      ['int to a negative int power', () => tensor([2], { dtype: 'int32' }).pow(-1)],
      ['mean of ints', () => tensor([1, 2], { dtype: 'int32' }).mean()],
      ['unknown device', () => tensor([1], { device: 'nope' })],
      ['to an unknown device', () => zeros(1).to('nope')],
      ['retainGrad on a tensor without grad', () => zeros(1).retainGrad()],
      ['hook on a tensor without grad', () => zeros(1).registerHook((g) => g)],
      ['assign a grad of the wrong shape', () => (x.grad = zeros(3))],
      ['assign a grad of the wrong dtype', () => (x.grad = zeros([2, 2], { dtype: 'float64' }))],
    ];
    const t0 = Date.now();
    for (const [what, f] of bad) {
      let error: unknown = null;
      try {
        f();
      } catch (e) {
        error = e;
      }
      expect(error, what).toBeInstanceOf(Error);
      expect((error as Error).message.length, what).toBeGreaterThan(0);
    }
    expect(Date.now() - t0).toBeLessThan(2000);
    // The tensor used above is unharmed.
    expect(x.tolist()).toEqual([[1, 2], [3, 4]]);
    expect(x.grad).toBeNull();
  });
});
