import { describe, expect, it } from 'vitest';
import './setup-backend.js';
import { tensor } from '@grad/core';

describe('smoke', () => {
  it('tutorial', () => {
    const x = tensor([[0, 1], [2, 3]], { requiresGrad: true });
    const y = x.add(2);
    const z = y.mul(y).mul(3);
    const out = z.mean();
    expect(out.toString()).toBe('tensor(40.5000, grad_fn=<MeanBackward0>)');
    out.backward();
    expect(x.grad!.tolist()).toEqual([[3, 4.5], [6, 7.5]]);
    console.log(String(x), String(x.grad), String(y));
  });
});
