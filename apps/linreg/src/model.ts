import { manualSeed, rand, zeros, type Tensor } from '@grad/core';

/** The tutorial's data and parameters. */
export interface Problem {
  /** 50 inputs, uniform in [0, 1): `x = rand([50, 1])`. */
  x: Tensor;
  /** Targets on the line the fit should find: `y = 3x + 0.8`. */
  y: Tensor;
  /** The slope, starting uniform in [0, 1): `w = rand([1, 1])`, requires grad. */
  w: Tensor;
  /** The intercept, starting at 0: `b = zeros(1)`, requires grad. */
  b: Tensor;
}

/** The line the data lies on. */
export const TRUE_W = 3;
export const TRUE_B = 0.8;

/**
 * The tutorial's set-up, drawn from `manualSeed(seed)` in the same order as
 * the tutorial (x first, then w), so a seed gives torch.rand's numbers.
 */
export function makeProblem(seed: number): Problem {
  manualSeed(seed);
  const x = rand([50, 1]);
  const y = x.mul(TRUE_W).add(TRUE_B);
  const w = rand([1, 1], { requiresGrad: true });
  const b = zeros([1], { requiresGrad: true });
  return { x, y, w, b };
}

/** The model: `y_predict = x·w + b` (`torch.matmul(x, w) + b`). */
export function predict(x: Tensor, w: Tensor, b: Tensor): Tensor {
  return x.matmul(w).add(b);
}

/** The tutorial's loss, written as it writes it: `(y - y_predict).pow(2).mean()`. */
export function loss(y: Tensor, yPredict: Tensor): Tensor {
  return y.sub(yPredict).pow(2).mean();
}
