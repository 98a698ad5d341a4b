import { describe, it } from 'vitest';
import { Adam, AdamW } from '../src/index.js';
import { combinations, expectSameTrajectory, label, referenceTrajectory, trajectory, useCpu } from './helpers.js';

useCpu();

const STEPS = 30;
// Group 0 holds a and c, group 1 holds b with its own lr.
const LR = [0.05, 0.03, 0.05];
const BETAS: [number, number] = [0.8, 0.95];
const EPS = 1e-6;

const cases = combinations({ amsgrad: [false, true], weightDecay: [0, 0.1], maximize: [false, true] });

/**
 * PyTorch's Adam, element by element (the AdamW variant decays θ first
 * instead of adding λθ to g):
 *   m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²,  v_max ← max(v_max, v)
 *   θ ← θ − γ/(1 − β1^t) · m / (√v / √(1 − β2^t) + ε)
 */
function adamReference(o: { amsgrad: boolean; weightDecay: number; maximize: boolean }, decoupled: boolean, betas = BETAS, eps = EPS, lrs = LR) {
  const [b1, b2] = betas;
  return (i: number, theta: number[], grad: number[], s: Record<string, any>, t: number) => {
    const lr = lrs[i] as number;
    s.m ??= theta.map(() => 0);
    s.v ??= theta.map(() => 0);
    s.vmax ??= theta.map(() => 0);
    for (let k = 0; k < theta.length; k++) {
      let g = o.maximize ? -(grad[k] as number) : (grad[k] as number);
      if (decoupled) theta[k] = (theta[k] as number) * (1 - lr * o.weightDecay);
      else g += o.weightDecay * (theta[k] as number);
      s.m[k] = b1 * s.m[k] + (1 - b1) * g;
      s.v[k] = b2 * s.v[k] + (1 - b2) * g * g;
      s.vmax[k] = Math.max(s.vmax[k], s.v[k]);
      const v = o.amsgrad ? s.vmax[k] : s.v[k];
      const denom = Math.sqrt(v) / Math.sqrt(1 - b2 ** t) + eps;
      theta[k] = (theta[k] as number) - (lr / (1 - b1 ** t)) * (s.m[k] / denom);
    }
  };
}

describe('Adam follows PyTorch’s documented algorithm', () => {
  it.each(cases.map((o) => [label(o), o] as const))('%s', (_name, o) => {
    const sign = o.maximize ? -1 : 1;
    const actual = trajectory(
      ({ a, b, c }) => new Adam([{ params: [a, c] }, { params: [b], lr: LR[1] }], { lr: LR[0], betas: BETAS, eps: EPS, ...o }),
      STEPS,
      sign,
    );
    expectSameTrajectory(actual, referenceTrajectory(adamReference(o, false), STEPS, sign));
  });

  it('with its defaults (lr 1e-3, betas [0.9, 0.999], eps 1e-8)', () => {
    const actual = trajectory(({ params }) => new Adam(params), 25);
    const o = { amsgrad: false, weightDecay: 0, maximize: false };
    expectSameTrajectory(actual, referenceTrajectory(adamReference(o, false, [0.9, 0.999], 1e-8, [1e-3, 1e-3, 1e-3]), 25));
  });
});

describe('AdamW follows PyTorch’s documented algorithm', () => {
  it.each(cases.map((o) => [label(o), o] as const))('%s', (_name, o) => {
    const sign = o.maximize ? -1 : 1;
    const actual = trajectory(
      ({ a, b, c }) => new AdamW([{ params: [a, c] }, { params: [b], lr: LR[1] }], { lr: LR[0], betas: BETAS, eps: EPS, ...o }),
      STEPS,
      sign,
    );
    expectSameTrajectory(actual, referenceTrajectory(adamReference(o, true), STEPS, sign));
  });

  it('decays weights by 1e-2 by default', () => {
    const actual = trajectory(({ params }) => new AdamW(params, { lr: 0.01 }), 25);
    const o = { amsgrad: false, weightDecay: 1e-2, maximize: false };
    expectSameTrajectory(actual, referenceTrajectory(adamReference(o, true, [0.9, 0.999], 1e-8, [0.01, 0.01, 0.01]), 25));
  });
});
