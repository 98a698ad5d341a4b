import { noGrad, tensor, zeros, type Tensor } from '@grad/core';
import { describe, expect, it } from 'vitest';
import { SGD } from '../src/index.js';
import { useCpu } from './helpers.js';

useCpu();

/**
 * The tutorial's linear regression: 50 fixed points x in [0, 1), y = 3x + 0.8,
 * a model x·w + b fitted by mean squared error with lr 0.01. The optimizer must
 * reproduce the tutorial's hand-written loop
 *     w.data -= lr * w.grad;  b.data -= lr * b.grad;  w.grad.zero_(); b.grad.zero_()
 * bit for bit (float32, as in the tutorial).
 */
const LR = 0.01;
const EPOCHS = 500;
const xs = Array.from({ length: 50 }, (_, i) => [((i * 37) % 50) / 50]);

function setup() {
  const x = tensor(xs);
  const y = x.mul(3).add(0.8);
  const w = tensor([[0.3]], { requiresGrad: true });
  const b = zeros([1], { requiresGrad: true });
  const loss = (): Tensor => x.matmul(w).add(b).sub(y).pow(2).mean();
  return { w, b, loss };
}

describe('the tutorial regression', () => {
  it('trained with new SGD([w, b], { lr: 0.01 }) matches the hand-written update loop exactly', () => {
    const byHand = setup();
    const handHistory: number[][] = [];
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      const loss = byHand.loss();
      loss.backward();
      const { w, b } = byHand;
      w.data.sub_((w.grad as Tensor).mul(LR));
      b.data.sub_((b.grad as Tensor).mul(LR));
      (w.grad as Tensor).zero_();
      (b.grad as Tensor).zero_();
      handHistory.push([w.item(), b.item(), loss.item()]);
    }

    const withSgd = setup();
    const { w, b } = withSgd;
    const opt = new SGD([w, b], { lr: LR });
    const sgdHistory: number[][] = [];
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      opt.zeroGrad();
      const loss = withSgd.loss();
      loss.backward();
      opt.step();
      sgdHistory.push([w.item(), b.item(), loss.item()]);
    }

    expect(sgdHistory).toEqual(handHistory);
    // and it is learning the line: the loss falls and w, b move toward 3, 0.8
    const last = sgdHistory[EPOCHS - 1] as number[];
    expect(last[2]).toBeLessThan((sgdHistory[0] as number[])[2] as number);
    expect(last[0]).toBeGreaterThan(0.3);
    expect(last[1]).toBeGreaterThan(0);
  });

  it('reaches w ≈ 3, b ≈ 0.8 with the tutorial’s 5000 iterations', () => {
    const { w, b, loss } = setup();
    const opt = new SGD([w, b], { lr: LR });
    let last = Infinity;
    for (let epoch = 0; epoch < 5000; epoch++) {
      opt.zeroGrad();
      const l = loss();
      l.backward();
      opt.step();
      last = l.item();
    }
    expect(w.item()).toBeCloseTo(3, 1);
    expect(b.item()).toBeCloseTo(0.8, 1);
    expect(last).toBeLessThan(1e-3);
    noGrad(() => expect(loss().item()).toBeLessThan(1e-3));
  });
});
