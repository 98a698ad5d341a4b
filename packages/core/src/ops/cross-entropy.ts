/**
 * Cross entropy (torch.nn.functional.cross_entropy): a composite in PyTorch
 * too, so it is composed here, node for node as PyTorch 1.13's
 * cross_entropy_loss records it — logSoftmax then nllLoss, and for label
 * smoothing the extra term built as PyTorch builds it (the product by a
 * number as mul(Tensor, Scalar), the zeroing of ignored samples as index_put_).
 */
import { checkOptions } from '../options.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensorArg } from './arguments.js';
import * as compare from './compare.js';
import { where } from './binary.js';
import { maskedSelect } from './indexing-extra.js';
import { fused } from './pointwise-composites.js';
import { checkSameShape, nllLoss, reduceLoss, type NllOptions } from './loss.js';

export interface CrossEntropyOptions extends NllOptions {
  /** Mixes the one-hot target with the uniform distribution by this amount. */
  labelSmoothing?: number;
}

/**
 * Cross entropy of logits [N, C] (or [C]) against class indices (int32) or
 * class probabilities (same shape as the input): nllLoss(logSoftmax(input)).
 * With label smoothing ε over C classes and class indices, PyTorch's formula:
 * (1 − ε)·nll + (ε/C)·s, where sᵢ = −Σ_c w_c·log p_ic (w = 1 without class
 * weights), 0 for ignored targets, and the 'mean' of s divides by Σ w_{tᵢ}
 * over the kept targets (their count without weights), as nll's own mean.
 */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  tensorArg('crossEntropy', 'input', 0, input);
  tensorArg('crossEntropy', 'target', 1, target);
  checkOptions('crossEntropy', options, ['reduction', 'weight', 'ignoreIndex', 'labelSmoothing']);
  const classDim = input.ndim === 1 ? 0 : 1;
  const logp = input.logSoftmax(classDim);
  const smoothing = options.labelSmoothing ?? 0;
  const reduction = options.reduction ?? 'mean';
  const classes = input.shape[classDim]!;
  if (target.dtype !== 'int32') {
    checkSameShape('cross_entropy', input, target);
    let probs = smoothing ? target.mul(1 - smoothing).add(smoothing / classes) : target;
    if (options.weight) probs = probs.mul(options.weight);
    const perSample = logp.mul(probs).sum(classDim).neg();
    return reduceLoss(perSample, reduction);
  }
  const nll = nllLoss(logp, target, { reduction: options.reduction, weight: options.weight, ignoreIndex: options.ignoreIndex });
  if (!smoothing) return nll;
  const ignored = compare.eq(target, options.ignoreIndex ?? -100);
  const weight = options.weight?.to(input.dtype);
  const classWeights = weight ? weight.reshape([classes, ...new Array<number>(Math.max(input.ndim - 2, 0)).fill(1)]) : null;
  const smooth = zeroWhere((classWeights ? logp.mul(classWeights) : logp).sum(classDim).neg(), ignored);
  let reduced = smooth;
  if (reduction === 'sum') reduced = smooth.sum();
  else if (reduction === 'mean' && weight) reduced = smooth.sum().div(weight.gather(0, maskedSelect(target, compare.logicalNot(ignored)).flatten()).sum());
  else if (reduction === 'mean') reduced = maskedSelect(smooth, compare.logicalNot(ignored)).mean();
  return byNumber(nll, 1 - smoothing).add(byNumber(reduced, smoothing / classes));
}

/** t·s for a number s, recorded as PyTorch's mul(Tensor, Scalar) (MulBackward1); ∂/∂t = s, the same op again. */
function byNumber(t: Tensor, s: number): Tensor {
  return fused('MulBackward1', [t], [], () => t.mul(s), (g) => [byNumber(g, s)]);
}

/**
 * t with +0 written where `mask` is set, recorded as PyTorch's index_put_ with
 * a mask and a 0 value: IndexPutBackward0, or CopySlices for a 0-d t (an
 * unbatched sample), where PyTorch's index_put_ writes through a view of it.
 * ∂/∂t = g with +0 where the mask is set, the same op again.
 */
function zeroWhere(t: Tensor, mask: Tensor): Tensor {
  return fused(t.ndim === 0 ? 'CopySlices' : 'IndexPutBackward0', [t], [mask], () => where(mask, 0, t), (g, [m]) => [zeroWhere(g, m!)]);
}
