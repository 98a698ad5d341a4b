import { describe, it } from 'vitest';
import { Adagrad } from '../src/index.js';
import { combinations, expectSameTrajectory, label, referenceTrajectory, trajectory, useCpu } from './helpers.js';

useCpu();

const STEPS = 30;
const LR = [0.1, 0.05, 0.1];
const EPS = 1e-10;

const cases = combinations({ lrDecay: [0, 0.05], weightDecay: [0, 0.1], initialAccumulatorValue: [0, 0.5], maximize: [false, true] });

describe('Adagrad follows PyTorch’s documented algorithm', () => {
  it.each(cases.map((o) => [label(o), o] as const))('%s', (_name, o) => {
    const sign = o.maximize ? -1 : 1;
    const actual = trajectory(
      ({ a, b, c }) => new Adagrad([{ params: [a, c] }, { params: [b], lr: LR[1] }], { lr: LR[0], eps: EPS, ...o }),
      STEPS,
      sign,
    );
    const expected = referenceTrajectory((i, theta, grad, s, t) => {
      // γ̃ = γ / (1 + (t − 1)η)
      const clr = (LR[i] as number) / (1 + (t - 1) * o.lrDecay);
      s.sum ??= theta.map(() => o.initialAccumulatorValue);
      for (let k = 0; k < theta.length; k++) {
        const g = (o.maximize ? -(grad[k] as number) : (grad[k] as number)) + o.weightDecay * (theta[k] as number);
        // s ← s + g²;  θ ← θ − γ̃·g/(√s + ε)
        s.sum[k] += g * g;
        theta[k] = (theta[k] as number) - (clr * g) / (Math.sqrt(s.sum[k]) + EPS);
      }
    }, STEPS, sign);
    expectSameTrajectory(actual, expected);
  });
});
