import type { Tensor } from '@grad/core';
import { renderSvg, toDot } from '@grad/viz';
import { loss as lossOf, predict } from './model.js';

/** One training step's graph, as DOT and as SVG laid out by Graphviz. */
export interface StepGraph {
  dot: string;
  svg: string;
}

/**
 * The graph of one training step at the fitted parameters, after its
 * backward (so the drawing shows each leaf's gradient):
 * `MeanBackward0 ← PowBackward0 ← SubBackward0 ← AddBackward0 ← MmBackward0 ← w`.
 * It runs on copies of `w` and `b`, so the trained tensors and their `.grad`
 * are left as they are.
 */
export async function stepGraph(x: Tensor, y: Tensor, w: Tensor, b: Tensor): Promise<StepGraph> {
  const w1 = w.detach().clone().requiresGrad_(true);
  const b1 = b.detach().clone().requiresGrad_(true);
  const loss = lossOf(y, predict(x, w1, b1));
  loss.backward();
  const dot = toDot(loss, { params: { w: w1, b: b1 }, outputName: 'loss' });
  return { dot, svg: await renderSvg(dot) };
}
