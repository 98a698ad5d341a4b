import { noGrad, type Tensor } from '@grad/core';
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

/** An @grad/optim optimizer as a Stepper (it keeps its own state alive across the loop's tidy scopes). */
function stepper(optimizer: SGD | Adam): Stepper {
  return { zeroGrad: () => optimizer.zeroGrad(), step: () => void optimizer.step() };
}

/** The optimizer behind `--optimizer`. */
export function makeOptimizer(name: OptimizerName, params: Tensor[], lr: number): Stepper {
  switch (name) {
    case 'manual':
      return manual(params, lr);
    case 'sgd':
      return stepper(new SGD(params, { lr }));
    case 'adam':
      return stepper(new Adam(params, { lr }));
  }
}
