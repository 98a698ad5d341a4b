import { describe, expect, it } from 'vitest';
import { listBackends, registerBackend, tensor, tidy } from '@grad/core';
import { cpu } from '@grad/backend-cpu';
import { Adam, SGD } from '@grad/optim';

if (!listBackends().includes('cpu')) registerBackend(cpu());

describe('optimizers inside tidy()', () => {
  it('Adam’s moment estimates made in a step under tidy survive to the next step', () => {
    const w = tensor([1, -2], { requiresGrad: true });
    const opt = new Adam([w], { lr: 0.1 });
    for (let i = 0; i < 3; i++) {
      tidy(() => {
        opt.zeroGrad();
        w.pow(2).sum().backward();
        opt.step();
      });
    }
    // Adam's first steps move each weight by ≈ lr against the sign of its gradient (2w).
    expect(w.tolist()[0]).toBeCloseTo(0.7, 2);
    expect(w.tolist()[1]).toBeCloseTo(-1.7, 2);
    const state = opt.state.get(w) as { expAvg: { isDisposed: boolean } };
    expect(state.expAvg.isDisposed).toBe(false);
  });

  it('SGD with momentum keeps its buffer across tidy scopes', () => {
    const w = tensor([1], { requiresGrad: true });
    const opt = new SGD([w], { lr: 0.1, momentum: 0.9 });
    for (let i = 0; i < 2; i++) {
      tidy(() => {
        opt.zeroGrad();
        w.mul(1).sum().backward(); // gradient 1 each step
        opt.step();
      });
    }
    // buffer: 1, then 0.9·1 + 1 = 1.9; w = 1 − 0.1·1 − 0.1·1.9 = 0.71
    expect(w.item()).toBeCloseTo(0.71, 6);
  });
});
