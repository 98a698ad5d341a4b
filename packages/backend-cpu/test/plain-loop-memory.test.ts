/**
 * The tutorial's loop written plainly (no tidy, no await, grads zeroed in
 * place) holds the heap flat on the CPU backend: its storages are typed
 * arrays the collector frees as soon as a step's graph is dropped, with no
 * finalization callback (which a synchronous loop never lets run) in the way.
 *
 * The heap is read after a full collection; `gc` is reached through V8's
 * flags so the suite needs no `--expose-gc`. Before storages left the
 * FinalizationRegistry, the regression grew ~4 KB a step (≈ 20 MB here) and
 * the MLP ~1.2 MB a step at batch 128.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { crossEntropy, listBackends, noGrad, rand, registerBackend, tensor, zeros, type Tensor } from '@grad/core';
import { cpu } from '../src/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
if (!listBackends().includes('cpu')) registerBackend(cpu());

/** Heap plus array buffers after a full collection, in MB. */
function liveMb(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 2 ** 20;
}

/** Growth over `steps` steps, after `warmup` steps (JIT, first .grad, caches). */
function growthMb(step: () => void, warmup: number, steps: number): number {
  for (let i = 0; i < warmup; i++) step();
  const before = liveMb();
  for (let i = 0; i < steps; i++) step();
  return liveMb() - before;
}

function sgd(params: Tensor[], lr: number): void {
  noGrad(() => {
    for (const p of params) p.sub_(p.grad!.mul(lr));
  });
  for (const p of params) p.grad!.zero_();
}

describe('a plain training loop holds memory flat on the CPU', () => {
  it('the regression: 5,000 steps grow heap + array buffers by under 3 MB', () => {
    const x = rand([50, 1]);
    const y = x.mul(3).add(0.8);
    const w = rand([1, 1], { requiresGrad: true });
    const b = zeros(1, { requiresGrad: true });
    const step = () => {
      x.matmul(w).add(b).sub(y).pow(2).mean().backward();
      sgd([w, b], 0.01);
    };
    expect(growthMb(step, 500, 5000)).toBeLessThan(3);
    // y = 3x + 0.8 is being fitted: after 5,500 steps of lr 0.01 w and b have moved well toward it
    expect(Math.abs(w.item() - 3) + Math.abs(b.item() - 0.8)).toBeLessThan(2);
  });

  it('an MLP 784-256-10 (batch 8): 150 SGD steps grow by under 3 MB', () => {
    const input = rand([8, 784]);
    const target = tensor(Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]), { shape: [8] });
    const w1 = rand([784, 256]).sub(0.5).mul(0.1).requiresGrad_();
    const b1 = zeros(256, { requiresGrad: true });
    const w2 = rand([256, 10]).sub(0.5).mul(0.1).requiresGrad_();
    const b2 = zeros(10, { requiresGrad: true });
    const params = [w1, b1, w2, b2];
    let first = 0;
    let last = 0;
    const step = () => {
      const loss = crossEntropy(input.matmul(w1).add(b1).relu().matmul(w2).add(b2), target);
      loss.backward();
      sgd(params, 0.05);
      last = loss.item();
      if (!first) first = last;
    };
    expect(growthMb(step, 20, 150)).toBeLessThan(3);
    expect(last).toBeLessThan(first); // it trains
  });
});
