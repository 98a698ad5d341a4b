import * as grad from '@grad/core';
import type { Tensor } from '@grad/core';

/** What a program produced: named flat value lists, to compare across backends. */
export type Results = Record<string, number[]>;

const flat = (t: Tensor | null): number[] => {
  if (t === null) throw new Error('missing gradient');
  const v = t.tolist() as unknown;
  return Array.isArray(v) ? (v as unknown[]).flat(Infinity as 1) as number[] : [v as number];
};

/**
 * One tensor program, forward and backward, touching every kernel family:
 * matmul with a transpose, broadcasting, unary maths, softmax/logSoftmax,
 * reductions with and without dims, max with indices, views (narrow, flip,
 * permute, expand), cat/stack, gather, where, comparisons, losses. The same
 * function runs on any device, so its results can be compared across backends.
 */
export function program(device: string): Results {
  const opts = { requiresGrad: true, device };
  const x = grad.tensor([[0.5, -1, 2], [3, 0.25, -0.75]], opts);
  const w = grad.tensor([[0.1, 0.2], [-0.3, 0.4], [0.5, -0.6]], opts);
  const b = grad.tensor([0.05, -0.1], opts);
  const h = x.matmul(w).add(b).tanh(); // [2, 2]
  const p = h.softmax(1).mul(x.t().narrow(0, 0, 2)).sum();
  const q = x.exp().log().sqrt().abs().sum(0).mean(); // NaN-free: sqrt(|x|) after exp/log
  const r = x.flip(1).sub(x.pow(2)).sigmoid().logSoftmax(0).sum();
  const s = grad.cat([x, x.mul(2)], 0).permute(1, 0).relu().max(1).values.sum();
  const idx = grad.tensor([[2, 0], [1, 1]], { dtype: 'int32', device });
  const g = x.gather(1, idx).pow(3).sum();
  const e = b.reshape(2, 1).expand(2, 3).mul(x).clamp(-0.5, 0.5).sum();
  const c = grad.where(x.gt(0), x, x.mul(0.1)).std();
  const target = grad.tensor([1, 0], { dtype: 'int32', device });
  const ce = grad.crossEntropy(x, target);
  const mse = grad.mseLoss(h, grad.zeros([2, 2], { device }));
  const st = grad.stack([x.sum(1), x.norm(2, 1)], 0).logsumexp(0).sum();
  const total = p.add(q).add(r).add(s).add(g).add(e).add(c).add(ce).add(mse).add(st);
  total.backward();
  return {
    parts: [p, q, r, s, g, e, c, ce, mse, st].map((t) => t.item()),
    total: [total.item()],
    gradX: flat(x.grad),
    gradW: flat(w.grad),
    gradB: flat(b.grad),
    argmax: flat(x.argmax(1)),
  };
}

/**
 * Linear regression by hand-written gradient descent (the demo's loop):
 * y = 3x + 0.8, `steps` steps, reading back only the loss. Returns the
 * fitted parameters and the loss.
 */
export function regression(device: string, steps: number, onStep?: () => void): Results {
  grad.manualSeed(0);
  const x = grad.tensor(Array.from({ length: 50 }, (_, i) => [i / 50]), { device });
  const y = x.mul(3).add(0.8);
  const w = grad.tensor([[0.5]], { requiresGrad: true, device });
  const b = grad.zeros([1], { requiresGrad: true, device });
  let loss = 0;
  for (let i = 0; i < steps; i++) {
    grad.tidy(() => {
      const l = grad.mseLoss(x.matmul(w).add(b), y);
      l.backward();
      grad.noGrad(() => {
        w.sub_(w.grad!.mul(0.5));
        b.sub_(b.grad!.mul(0.5));
      });
      // Gradients are made by backward, outside what tidy tracks: free them
      // explicitly (setting .grad = null alone leaves them to the GC).
      w.grad!.dispose();
      b.grad!.dispose();
      w.grad = null;
      b.grad = null;
      loss = l.item();
    });
    onStep?.();
  }
  return { w: flat(w), b: flat(b), loss: [loss] };
}
