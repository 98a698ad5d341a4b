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

/**
 * The value of each tensor lr as last read or written here, with the tensor's
 * in-place version at that time: while the version is unchanged, the value
 * is known without reading the device, so a scheduler stepping a tensor lr on
 * a GPU backend reads nothing back. Anyone else's `fill_` bumps the version,
 * and the next read goes to the device.
 */
const known = new WeakMap<Tensor, { version: number; value: number }>();

/** The lr as a number (a tensor lr is read back only if it changed since this module last saw it). */
export function lrNumber(lr: Lr): number {
  if (typeof lr === 'number') return lr;
  const entry = known.get(lr);
  if (entry !== undefined && entry.version === lr.version) return entry.value;
  const value = Number(lr.item());
  known.set(lr, { version: lr.version, value });
  return value;
}

/** Writes a new value into a group's lr: in place for a tensor lr (as PyTorch's schedulers do), else replaced. */
export function setGroupLr(group: { lr: Lr }, value: number): void {
  const lr = group.lr;
  if (!isTensor(lr)) {
    group.lr = value;
    return;
  }
  lr.fill_(value);
  // what the tensor now holds: float32 rounds the value
  known.set(lr, { version: lr.version, value: lr.dtype === 'float32' ? Math.fround(value) : value });
}
