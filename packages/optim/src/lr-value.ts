import type { Tensor } from '@grad/core';
import { isTensor } from './state-codec.js';

/**
 * A learning rate: a number, or a one-element tensor (PyTorch's tensor `lr`).
 *
 * A tensor lr stays on the device: the update multiplies by it there, so
 * `step()` reads nothing back, and changing the schedule is `lr.fill_(x)`
 * (which is what the schedulers here do to a tensor lr), not a new value in
 * the group. Arithmetic on an lr goes through these helpers so that a number
 * lr is computed exactly as before (`lr / (1 − β1^t)` in double precision)
 * and a tensor lr with tensor ops.
 */
export type Lr = number | Tensor;

/** lr·k */
export function lrMul(lr: Lr, k: number): Lr {
  return typeof lr === 'number' ? lr * k : lr.mul(k);
}

/** lr / d */
export function lrDiv(lr: Lr, d: number): Lr {
  return typeof lr === 'number' ? lr / d : lr.div(d);
}

/** 1 − lr·k (a decoupled weight decay's factor, θ ← θ(1 − γλ)) */
export function oneMinusLrTimes(lr: Lr, k: number): Lr {
  return typeof lr === 'number' ? 1 - lr * k : lr.mul(-k).add(1);
}

/** The lr as a number: reads a tensor lr back to the host (schedulers, LBFGS and checks only; never `step()`). */
export function lrNumber(lr: Lr): number {
  return typeof lr === 'number' ? lr : Number(lr.item());
}

/** Writes a new value into a group's lr: in place for a tensor lr (as PyTorch's schedulers do), else replaced. */
export function setGroupLr(group: { lr: Lr }, value: number): void {
  if (isTensor(group.lr)) group.lr.fill_(value);
  else group.lr = value;
}
