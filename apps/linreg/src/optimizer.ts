import { keep, noGrad, Tensor } from '@grad/core';
import { Adam, SGD } from '@grad/optim';
import type { OptimizerName } from './args.js';

/** What the loop needs from an optimizer: forget the old gradients, then step. */
export interface Stepper {
  zeroGrad(): void;
  step(): void;
}

/**
 * The tutorial's own update, `w.data = w.data - lr * w.grad`: in place, with
 * recording off, so the update is not part of the next step's graph
 * (`w.sub_(w.grad.mul(lr))` under `noGrad`). Gradients are zeroed in place,
 * as `w.grad.data.zero_()`.
 */
export function manual(params: Tensor[], lr: number): Stepper {
  return {
    zeroGrad() {
      for (const p of params) p.grad?.zero_();
    },
    step() {
      noGrad(() => {
        for (const p of params) {
          if (p.grad) p.sub_(p.grad.mul(lr));
        }
      });
    },
  };
}

/**
 * An @grad/optim optimizer whose state survives `tidy`. The loop runs each
 * step inside `tidy`, which frees every tensor made there that it does not
 * return; Adam's moment estimates are made in its first `step()` and must
 * outlive it, so they are marked with `keep` (the optimizer does not do it itself).
 */
function tidySafe(optimizer: SGD | Adam): Stepper {
  return {
    zeroGrad: () => optimizer.zeroGrad(),
    step() {
      optimizer.step();
      for (const state of optimizer.state.values()) {
        for (const value of Object.values(state as object)) {
          if (value instanceof Tensor) keep(value);
        }
      }
    },
  };
}

/** The optimizer behind `--optimizer`. */
export function makeOptimizer(name: OptimizerName, params: Tensor[], lr: number): Stepper {
  switch (name) {
    case 'manual':
      return manual(params, lr);
    case 'sgd':
      return tidySafe(new SGD(params, { lr }));
    case 'adam':
      return tidySafe(new Adam(params, { lr }));
  }
}
