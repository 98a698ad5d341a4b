import { describe, it } from 'vitest';
import { RMSprop } from '../src/index.js';
import { combinations, expectSameTrajectory, label, referenceTrajectory, trajectory, useCpu } from './helpers.js';

useCpu();

const STEPS = 30;
const LR = [0.01, 0.005, 0.01];
const ALPHA = 0.9;
const EPS = 1e-6;

const cases = combinations({ centered: [false, true], momentum: [0, 0.5], weightDecay: [0, 0.1], maximize: [false, true] });

describe('RMSprop follows PyTorch’s documented algorithm', () => {
  it.each(cases.map((o) => [label(o), o] as const))('%s', (_name, o) => {
    const sign = o.maximize ? -1 : 1;
    const actual = trajectory(
      ({ a, b, c }) => new RMSprop([{ params: [a, c] }, { params: [b], lr: LR[1] }], { lr: LR[0], alpha: ALPHA, eps: EPS, ...o }),
      STEPS,
      sign,
    );
    const expected = referenceTrajectory((i, theta, grad, s) => {
      const lr = LR[i] as number;
      s.v ??= theta.map(() => 0);
      s.gAvg ??= theta.map(() => 0);
      s.buf ??= theta.map(() => 0);
      for (let k = 0; k < theta.length; k++) {
        const g = (o.maximize ? -(grad[k] as number) : (grad[k] as number)) + o.weightDecay * (theta[k] as number);
        // v ← αv + (1 − α)g²
        s.v[k] = ALPHA * s.v[k] + (1 - ALPHA) * g * g;
        let avg: number;
        if (o.centered) {
          // g_avg ← α·g_avg + (1 − α)g;  ṽ = v − g_avg²
          s.gAvg[k] = ALPHA * s.gAvg[k] + (1 - ALPHA) * g;
          avg = Math.sqrt(s.v[k] - s.gAvg[k] ** 2) + EPS;
        } else {
          avg = Math.sqrt(s.v[k]) + EPS;
        }
        if (o.momentum > 0) {
          // b ← μb + g/(√ṽ + ε);  θ ← θ − γb
          s.buf[k] = o.momentum * s.buf[k] + g / avg;
          theta[k] = (theta[k] as number) - lr * s.buf[k];
        } else {
          theta[k] = (theta[k] as number) - (lr * g) / avg;
        }
      }
    }, STEPS, sign);
    expectSameTrajectory(actual, expected);
  });
});
