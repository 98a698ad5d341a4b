import { tensor } from '@grad/core';
import { describe, expect, it } from 'vitest';
import { SGD } from '../src/index.js';
import { combinations, expectSameTrajectory, label, referenceTrajectory, trajectory, useCpu } from './helpers.js';

useCpu();

const STEPS = 30;
// Group 0 holds a and c, group 1 holds b with its own lr.
const LR = [0.005, 0.003, 0.005];

const cases = combinations({
  momentum: [0, 0.9],
  dampening: [0, 0.3],
  nesterov: [false, true],
  weightDecay: [0, 0.05],
  maximize: [false, true],
}).filter((o) => !o.nesterov || (o.momentum > 0 && o.dampening === 0));

describe('SGD follows PyTorch’s documented algorithm', () => {
  it.each(cases.map((o) => [label(o), o] as const))('%s', (_name, o) => {
    // maximize=true climbs −f, which retraces the descent of f.
    const sign = o.maximize ? -1 : 1;
    const actual = trajectory(
      ({ a, b, c }) => new SGD([{ params: [a, c] }, { params: [b], lr: LR[1] }], { lr: LR[0], ...o }),
      STEPS,
      sign,
    );
    const expected = referenceTrajectory((i, theta, grad, state) => {
      const lr = LR[i] as number;
      // g ← −g if maximize;  g ← g + λθ
      const g = grad.map((gk, k) => (o.maximize ? -gk : gk) + o.weightDecay * (theta[k] as number));
      let d = g;
      if (o.momentum !== 0) {
        // b ← g at the first step, then b ← μb + (1 − τ)g
        state.buf = state.buf === undefined ? [...g] : state.buf.map((bk: number, k: number) => o.momentum * bk + (1 - o.dampening) * (g[k] as number));
        // nesterov: g + μb, else b
        d = o.nesterov ? g.map((gk, k) => gk + o.momentum * state.buf[k]) : state.buf;
      }
      // θ ← θ − γg
      theta.forEach((x, k) => (theta[k] = x - lr * (d[k] as number)));
    }, STEPS, sign);
    expectSameTrajectory(actual, expected);
  });

  it('uses its defaults (lr 1e-3, no momentum) when given none', () => {
    const actual = trajectory(({ params }) => new SGD(params), 20);
    const expected = referenceTrajectory((_i, theta, g) => theta.forEach((x, k) => (theta[k] = x - 1e-3 * (g[k] as number))), 20);
    expectSameTrajectory(actual, expected);
  });

  it('keeps a momentum buffer only when momentum is on', () => {
    const cases2 = [
      { momentum: 0, keys: [] },
      { momentum: 0.5, keys: ['momentumBuffer'] },
    ];
    for (const { momentum, keys } of cases2) {
      const opt = new SGD([problem1()], { lr: 0.1, momentum });
      opt.step();
      const state = opt.stateDict().state['0'] ?? {};
      expect(Object.keys(state)).toEqual(keys);
    }
  });
});


function problem1() {
  const w = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
  w.pow(2).sum().backward();
  return w;
}
