/**
 * Memory: memory() counts live storages and bytes per backend; dispose()
 * frees at once; tidy() frees what its function made except what it returns,
 * what a graph saved, gradients, and keep()-ed tensors.
 *
 * Each test uses its own freshly registered CPU backend, so the counts are
 * those of the test alone. (Garbage-collection finalizers run between tasks,
 * never inside these synchronous bodies, so the counts are exact.)
 */
import { describe, expect, it } from 'vitest';
import './setup-backend.js';
import { dispose, keep, memory, registerBackend, tensor, tidy, zeros } from '@grad/core';
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
