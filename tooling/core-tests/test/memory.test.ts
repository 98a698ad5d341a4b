/**
 * Memory: memory() counts live storages and bytes per backend; dispose()
 * frees at once; tidy() frees what its function made except what it returns,
 * what a graph saved, gradients, and keep()-ed tensors.
 *
 * Each test uses its own freshly registered CPU backend, so the counts are
 * those of the test alone. (Garbage-collection finalizers run between tasks,
 * never inside these synchronous bodies, so the counts are exact.)
 */
import { describe, expect, it, vi } from 'vitest';
import './setup-backend.js';
import { dispose, keep, memory, noGrad, registerBackend, tensor, tidy, zeros } from '@grad/core';
import { cpu } from '@grad/backend-cpu';

let counter = 0;
/** A new backend name with nothing allocated on it. */
function freshDevice(): string {
  const name = `mem${counter++}`;
  registerBackend({ ...cpu(), name });
  return name;
}
const count = (d: string) => memory()[d]!;

describe('memory()', () => {
  it('counts tensors and bytes per backend', () => {
    const d = freshDevice();
    expect(count(d)).toEqual({ tensors: 0, bytes: 0 });
    const a = tensor([1, 2, 3], { device: d }); // 3 float32 = 12 bytes
    expect(count(d)).toEqual({ tensors: 1, bytes: 12 });
    const b = zeros([2, 2], { device: d, dtype: 'float64' }); // 4 × 8 = 32
    expect(count(d)).toEqual({ tensors: 2, bytes: 44 });
    const c = tensor([true, false], { device: d }); // 2 × 1
    const i = tensor([1, 2], { device: d, dtype: 'int32' }); // 2 × 4
    expect(count(d)).toEqual({ tensors: 4, bytes: 54 });
    // the default cpu backend is reported too
    expect(memory().cpu).toBeDefined();
    expect([a, b, c, i].every((t) => t.device === d)).toBe(true);
  });

  it('views share their storage: no new memory', () => {
    const d = freshDevice();
    const a = tensor([[1, 2], [3, 4]], { device: d });
    const views = [a.t(), a.reshape(4), a.narrow(0, 0, 1), a.select(1, 1), a.unsqueeze(0).expand(3, 2, 2), a.detach()];
    expect(count(d)).toEqual({ tensors: 1, bytes: 16 });
    expect(views.length).toBe(6);
  });
});

describe('dispose()', () => {
  it('frees at once; the count drops; using the tensor then throws a clear error', () => {
    const d = freshDevice();
    const a = tensor([1, 2, 3], { device: d });
    const b = tensor([4, 5, 6], { device: d });
    expect(count(d).tensors).toBe(2);
    a.dispose();
    expect(count(d)).toEqual({ tensors: 1, bytes: 12 });
    expect(a.isDisposed).toBe(true);
    const msg = 'Tensor is disposed: its memory was freed by dispose() or tidy().';
    expect(() => a.add(1)).toThrow(msg);
    expect(() => a.tolist()).toThrow(msg);
    expect(() => a.item()).toThrow(msg);
    expect(() => a.numpy()).toThrow(msg);
    expect(() => a.sum()).toThrow(msg);
    expect(() => b.add(a)).toThrow(msg);
    expect(String(a)).toBe('tensor(<disposed>)');
    // twice is harmless
    a.dispose();
    expect(count(d).tensors).toBe(1);
    expect(b.tolist()).toEqual([4, 5, 6]);
  });

  it('a view keeps the storage alive until it is disposed too', () => {
    const d = freshDevice();
    const a = tensor([1, 2, 3, 4], { device: d });
    const v = a.reshape(2, 2);
    a.dispose();
    expect(count(d).tensors).toBe(1);
    expect(v.tolist()).toEqual([[1, 2], [3, 4]]);
    v.dispose();
    expect(count(d)).toEqual({ tensors: 0, bytes: 0 });
  });

  it('dispose(list) frees every tensor in nested arrays and objects', () => {
    const d = freshDevice();
    const a = tensor([1], { device: d });
    const b = tensor([2], { device: d });
    const c = tensor([3], { device: d });
    dispose([a, { inner: [b] }, c]);
    expect(count(d).tensors).toBe(0);
    expect([a, b, c].every((t) => t.isDisposed)).toBe(true);
  });
});

describe('tidy()', () => {
  it('disposes intermediates, keeps the returned tensor', () => {
    const d = freshDevice();
    const x = tensor([1, 2], { device: d });
    const y = tidy(() => x.mul(2).add(1)); // x·2 is an intermediate
    expect(y.tolist()).toEqual([3, 5]);
    // x and y remain
    expect(count(d)).toEqual({ tensors: 2, bytes: 16 });
    expect(x.isDisposed).toBe(false);
  });

  it('returns nested structures intact', () => {
    const d = freshDevice();
    const x = tensor([1, 2], { device: d });
    const out = tidy(() => {
      const tmp = x.add(10);
      return { a: tmp.mul(2), list: [tmp.sub(1)], n: 3 };
    });
    expect(out.a.tolist()).toEqual([22, 24]);
    expect(out.list[0]!.tolist()).toEqual([10, 11]);
    expect(out.n).toBe(3);
    expect(count(d).tensors).toBe(3); // x, a, list[0]
  });

  it('keep() makes a tensor survive', () => {
    const d = freshDevice();
    const x = tensor([1, 2], { device: d });
    let kept = x;
    let lost = x;
    tidy(() => {
      kept = keep(x.mul(2));
      lost = x.mul(3);
    });
    expect(kept.tolist()).toEqual([2, 4]);
    expect(lost.isDisposed).toBe(true);
    expect(count(d).tensors).toBe(2); // x and kept
  });

  it('tensors saved by a graph survive, so backward still works', () => {
    const d = freshDevice();
    const x = tensor([0, 1], { device: d, requiresGrad: true });
    // exp saves its output; the sum is returned
    const loss = tidy(() => x.exp().sum());
    expect(count(d).tensors).toBe(3); // x, exp(x), the sum
    loss.backward();
    // d/dx Σ eˣ = eˣ = [1, e]
    expect(x.grad!).toBeAllClose([1, Math.E]);
  });

  it('gradients stored in .grad survive a tidy that ran backward', () => {
    const d = freshDevice();
    const x = tensor([1, 2], { device: d, requiresGrad: true });
    tidy(() => {
      x.mul(x).sum().backward();
    });
    expect(x.grad!.isDisposed).toBe(false);
    expect(x.grad!.tolist()).toEqual([2, 4]); // 2x
  });

  it('nested: what the inner tidy returns belongs to the outer one', () => {
    const d = freshDevice();
    const x = tensor([1], { device: d });
    let inner = x;
    const outer = tidy(() => {
      inner = tidy(() => x.add(1).add(1));
      return inner.mul(10);
    });
    expect(outer.tolist()).toEqual([30]);
    expect(inner.isDisposed).toBe(true);
    expect(count(d).tensors).toBe(2); // x and outer
  });

  it('a throwing fn still closes the scope (later tensors are not swept up)', () => {
    const d = freshDevice();
    expect(() =>
      tidy(() => {
        tensor([1], { device: d });
        throw new Error('inside');
      }),
    ).toThrow('inside');
    const later = tensor([2], { device: d });
    tidy(() => 0);
    expect(later.isDisposed).toBe(false);
  });

  it('tidy(async fn) throws', () => {
    expect(() => tidy(async () => zeros(1))).toThrow(
      'tidy() cannot be used with an async function: tensors would be freed before the promise settles.',
    );
  });
});

/**
 * The tutorial's loop written plainly (no tidy, no await, grads zeroed in
 * place) must not leave anything behind per step. Finalization callbacks
 * never run inside a synchronous loop, so anything registered with a
 * FinalizationRegistry (or held by a WeakRef, which keeps its target until
 * the job ends) would pile up; these tests count such registrations directly
 * instead of measuring the heap.
 */
describe('a plain synchronous loop leaves nothing behind', () => {
  /** One step of the regression y = 3x + 0.8, SGD with lr 0.01, written as the README writes it. */
  function regression(device: string) {
    const x = tensor([[0.1], [0.5], [0.9]], { device });
    const y = x.mul(3).add(0.8);
    const w = tensor([[0.5]], { device, requiresGrad: true });
    const b = zeros(1, { device, requiresGrad: true });
    const step = (extra?: (pred: ReturnType<typeof x.matmul>) => void) => {
      const pred = x.matmul(w).add(b);
      extra?.(pred);
      pred.sub(y).pow(2).mean().backward();
      noGrad(() => {
        w.sub_(w.grad!.mul(0.01));
        b.sub_(b.grad!.mul(0.01));
      });
      w.grad!.zero_();
      b.grad!.zero_();
    };
    return { w, b, step };
  }

  function countRegistrations(run: () => void): number {
    const spy = vi.spyOn(FinalizationRegistry.prototype, 'register');
    try {
      run();
      return spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
  }

  it("a backend whose memory is garbage collected (managedMemory: 'gc', the CPU) registers no storage for finalization", () => {
    expect(cpu().managedMemory).toBe('gc');
    const d = freshDevice();
    const { w, b, step } = regression(d);
    const registered = countRegistrations(() => {
      for (let i = 0; i < 2000; i++) step();
    });
    expect(registered).toBe(0);
    // and it still trains: w → 3, b → 0.8 is far off after 2000 small steps, but the loss went down
    expect(w.item()).toBeGreaterThan(0.5);
    expect(b.item()).toBeGreaterThan(0);
  });

  it("dispose() and tidy() still free a 'gc' backend's storages at once", () => {
    const d = freshDevice();
    const x = tensor([1, 2, 3], { device: d });
    tidy(() => {
      x.mul(2).add(1); // two intermediates, neither returned
    });
    expect(count(d).tensors).toBe(1);
    x.dispose();
    expect(count(d)).toEqual({ tensors: 0, bytes: 0 });
  });

  it("device memory ('manual', the default) stays under the finalization safety net", () => {
    const name = `manual${counter++}`;
    registerBackend({ ...cpu(), name, managedMemory: 'manual' });
    const { step } = regression(name);
    const registered = countRegistrations(() => {
      for (let i = 0; i < 10; i++) step();
    });
    expect(registered).toBeGreaterThan(0);
  });

  it('retainGrad() every step creates no WeakRef (it would keep each step alive until the loop ends)', () => {
    const d = freshDevice();
    const { step } = regression(d);
    const Original = globalThis.WeakRef;
    let made = 0;
    globalThis.WeakRef = class extends Original<object> {
      constructor(target: object) {
        super(target);
        made++;
      }
    } as typeof WeakRef;
    try {
      for (let i = 0; i < 100; i++) step((pred) => pred.retainGrad());
      // the retained gradient still arrives: pred = x·w = [2, 4], d/dpred mean((pred − 1)²) = pred − 1 = [1, 3]
      const x = tensor([[1], [2]], { device: d });
      const w = tensor([[2]], { device: d, requiresGrad: true });
      const pred = x.matmul(w);
      pred.retainGrad();
      pred.sub(1).pow(2).mean().backward();
      expect(pred.grad!.tolist()).toEqual([[1], [3]]);
    } finally {
      globalThis.WeakRef = Original;
    }
    expect(made).toBe(0);
  });

  it('no tidy() scope is left open by a loop that never calls tidy', () => {
    const d = freshDevice();
    const { step } = regression(d);
    for (let i = 0; i < 100; i++) step();
    // a tensor made now belongs to no scope: a later tidy() does not dispose it
    const later = tensor([1], { device: d });
    tidy(() => 0);
    expect(later.isDisposed).toBe(false);
  });
});
