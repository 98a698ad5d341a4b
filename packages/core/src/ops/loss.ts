/** Loss functions (torch.nn.functional), with `reduction` 'mean' (default), 'sum' or 'none'. */
import { checkOptions } from '../options.js';
import { floatOnly, tensorArg } from './arguments.js';
import { formatShape } from '../shape.js';
import { record } from '../autograd/record.js';
import { isGradEnabled, noGrad } from '../autograd/grad-mode.js';
import { Tensor } from '../tensor/tensor.js';
import * as compare from './compare.js';
import { gather, scatterAdd } from './indexing.js';
import { where } from './binary.js';
import { fused } from './pointwise-composites.js';
import { IndexError, RuntimeError, TypeError, ValueError } from '../errors.js';

export type Reduction = 'mean' | 'sum' | 'none';

export interface LossOptions {
  reduction?: Reduction;
}

/** @internal A loss per element reduced as `reduction` says ('mean', 'sum' or 'none'). */
export function reduceLoss(loss: Tensor, reduction: Reduction = 'mean'): Tensor {
  if (reduction === 'mean') return loss.mean();
  if (reduction === 'sum') return loss.sum();
  if (reduction === 'none') return loss;
  throw new ValueError(`${String(reduction)} is not a valid value for reduction`);
}

/** @internal Refuses a target of another shape than the input. */
export function checkSameShape(fn: string, input: Tensor, target: Tensor): void {
  if (input.shape.length !== target.shape.length || input.shape.some((d, i) => d !== target.shape[i])) {
    // PyTorch only warns and broadcasts; a silent broadcast in a loss is almost always a bug, so we refuse.
    throw new RuntimeError(
      `${fn}: Using a target size (${formatShape(target.shape)}) that is different to the input size (${formatShape(input.shape)}). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.`,
    );
  }
}

/**
 * Mean squared error: reduce((input − target)²). ∂/∂input = 2(input − target)/N
 * for 'mean' (MseLossBackward0), and the negative for target.
 */
export function mseLoss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  tensorArg('mseLoss', 'input', 0, input);
  tensorArg('mseLoss', 'target', 1, target);
  checkOptions('mseLoss', options, ['reduction']);
  checkSameShape('mse_loss', input, target);
  const reduction = options.reduction ?? 'mean';
  const out = noGrad(() => {
    const d = input.sub(target);
    return reduceLoss(d.mul(d), reduction);
  });
  const n = input.numel();
  const shape = input.shape;
  record({
    name: 'MseLossBackward0',
    inputs: [input, target],
    outputs: [out],
    save: [input, target],
    backward: ([g], [x, t], needs) => {
      const scale = reduction === 'mean' ? 2 / n : 2;
      const gd = (reduction === 'none' ? g! : g!.expand([...shape])).mul(x!.sub(t!)).mul(scale);
      return [needs[0] ? gd : null, needs[1] ? gd.neg() : null];
    },
  });
  return out;
}

/** Mean absolute error: reduce(|input − target|), composed (its node is the reduction's, as in PyTorch). */
export function l1Loss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  tensorArg('l1Loss', 'input', 0, input);
  tensorArg('l1Loss', 'target', 1, target);
  checkOptions('l1Loss', options, ['reduction']);
  checkSameShape('l1_loss', input, target);
  return reduceLoss(input.sub(target).abs(), options.reduction ?? 'mean');
}

/**
 * Huber loss (torch.nn.functional.huber_loss, HuberLossBackward0): per
 * element ½z² where z = |input − target| < δ, else δ(z − ½δ), then reduced.
 * ∂/∂input = (input − target)/N inside, ±δ/N outside (N the element count
 * for 'mean', else 1); ∂/∂target the same with the roles swapped — both
 * PyTorch's huber_loss_backward, which is an op of its own below.
 */
export function huberLoss(input: Tensor, target: Tensor, options: LossOptions & { delta?: number } = {}): Tensor {
  tensorArg('huberLoss', 'input', 0, input);
  tensorArg('huberLoss', 'target', 1, target);
  checkOptions('huberLoss', options, ['reduction', 'delta']);
  checkSameShape('huber_loss', input, target);
  const delta = options.delta ?? 1;
  const reduction = options.reduction ?? 'mean';
  if (!(delta > 0)) throw new RuntimeError('huber_loss does not support non-positive values for delta.');
  floatOnly('huber_cpu', input);
  const out = noGrad(() => {
    // PyTorch's kernel, term by term: z < δ ? (½z)·z : δ·(z − ½δ).
    const z = input.sub(target).abs();
    return reduceLoss(where(compare.lt(z, delta), z.mul(0.5).mul(z), z.sub(0.5 * delta).mul(delta)), reduction);
  });
  record({
    name: 'HuberLossBackward0',
    inputs: [input, target],
    outputs: [out],
    save: [input, target],
    backward: ([g], [x, t], needs) => [
      needs[0] ? huberLossBackward(g!, x!, t!, reduction, delta) : null,
      needs[1] ? huberLossBackward(g!, t!, x!, reduction, delta) : null,
    ],
  });
  return out;
}

/**
 * PyTorch's huber_loss_backward(g, self, target), d = self − target, n the
 * norm (1/N for 'mean', else 1): −n·g·δ where d ≤ −δ, n·g·δ where d ≥ δ,
 * n·d·g between (as its kernel groups the products). An op with a node of
 * its own (HuberLossBackwardBackward0) whose derivatives are PyTorch's:
 * ∂/∂g is this map again (for 'none'; a reduced g gets the sum of the map
 * of ones times the incoming gradient), ∂/∂self = n·[|d| < δ] times the
 * incoming gradient and g, ∂/∂target its negative.
 */
function huberLossBackward(g: Tensor, self: Tensor, target: Tensor, reduction: Reduction, delta: number): Tensor {
  const norm = reduction === 'mean' ? 1 / self.numel() : 1;
  return fused(
    'HuberLossBackwardBackward0',
    [g, self, target],
    [g, self, target],
    () => {
      const d = self.sub(target);
      return where(compare.le(d, -delta), g.mul(-norm).mul(delta), where(compare.ge(d, delta), g.mul(norm).mul(delta), d.mul(norm).mul(g)));
    },
    (gg, [sg, ss, st], needs) => {
      const gSelf = needs[1] || needs[2] ? huberLossDoubleBackward(gg.mul(sg!), ss!, st!, reduction, delta) : null;
      const gGrad = reduction === 'none' ? () => huberLossBackward(gg, ss!, st!, reduction, delta) : () => huberLossBackward(sg!.newOnes(sg!.shape), ss!, st!, reduction, delta).mul(gg).sum();
      return [needs[0] ? gGrad() : null, needs[1] ? gSelf : null, needs[2] ? gSelf!.neg() : null];
    },
  );
}

/** PyTorch's huber_loss_double_backward: grad·[|self − target| < δ], ÷N for 'mean' (the second derivative of the loss, times grad). */
function huberLossDoubleBackward(grad: Tensor, self: Tensor, target: Tensor, reduction: Reduction, delta: number): Tensor {
  const inside = grad.mul(compare.lt(self.sub(target).abs(), delta));
  return reduction === 'mean' ? inside.div(self.numel()) : inside;
}

export interface NllOptions extends LossOptions {
  /** A weight per class. */
  weight?: Tensor;
  /** Targets equal to this contribute nothing (default -100). */
  ignoreIndex?: number;
}

/**
 * Negative log-likelihood of class indices: −w[t]·logp[t] per sample, 'mean'
 * dividing by Σw over the samples not ignored (NllLossBackward0).
 */
export function nllLoss(logProbs: Tensor, target: Tensor, options: NllOptions = {}): Tensor {
  tensorArg('nllLoss', 'input', 0, logProbs);
  tensorArg('nllLoss', 'target', 1, target);
  checkOptions('nllLoss', options, ['reduction', 'weight', 'ignoreIndex']);
  const reduction = options.reduction ?? 'mean';
  const ignoreIndex = options.ignoreIndex ?? -100;
  if (target.dtype !== 'int32') throw new TypeError(`nll_loss: expected target of dtype int32 (class indices), but got ${target.dtype}`);
  const batched = logProbs.ndim === 2;
  if (!batched && logProbs.ndim !== 1) throw new RuntimeError(`nll_loss: input must be 1-D or 2-D, got ${logProbs.ndim}-D`);
  const x = batched ? logProbs : logProbs.unsqueeze(0);
  const t = batched ? target : target.reshape([1]);
  if (t.ndim !== 1 || t.shape[0] !== x.shape[0]) {
    throw new RuntimeError(`Expected input batch_size (${x.shape[0]}) to match target batch_size (${t.shape[0] ?? 1}).`);
  }
  const classes = x.shape[1]!;
  if (x.device === 'cpu') {
    for (const v of t._readHost()) {
      if (v !== ignoreIndex && (v < 0 || v >= classes)) throw new IndexError(`Target ${v} is out of bounds.`);
    }
  }
  const { out, weights, safeTarget } = noGrad(() => {
    const keep = compare.ne(t, ignoreIndex);
    const safe = where(keep, t, 0).unsqueeze(1);
    let w = keep.to(x.dtype);
    if (options.weight) w = w.mul(options.weight.to(x.dtype).indexSelect(0, where(keep, t, 0)));
    return { out: nllValue(x, safe, w, reduction, batched), weights: w, safeTarget: safe };
  });
  record({
    name: 'NllLossBackward0',
    inputs: [logProbs],
    outputs: [out],
    save: [logProbs, weights, safeTarget],
    backward: ([g], [self, w, idx]) => [nllLossBackward(g!, self!, w!, idx!, reduction)],
  });
  return out;
}

/**
 * −w·x[t] per sample, reduced ('mean' divides by Σw): the loss of [N, C]
 * log-probabilities at the class indices `idx` ([N, 1]) with per-sample
 * weights `w` (0 where the target is ignored); an unbatched 'none' gives a
 * 0-d result. The forward, and ∂/∂g of the backward (PyTorch's: nll_loss
 * of the incoming gradient).
 */
function nllValue(x2d: Tensor, idx: Tensor, w: Tensor, reduction: Reduction, batched: boolean): Tensor {
  const perSample = gather(x2d, 1, idx).squeeze(1).mul(w).neg();
  const total = reduction === 'mean' ? perSample.sum().div(w.sum()) : reduction === 'sum' ? perSample.sum() : perSample;
  return batched || reduction !== 'none' ? total : total.squeeze(0);
}

/**
 * PyTorch's nll_loss_backward: −g·w at each sample's target class (÷Σw for
 * 'mean'), zeros elsewhere, in `self`'s shape. An op with a node of its own
 * (NllLossBackwardBackward0), as PyTorch's: ∂/∂g is nll_loss of the incoming
 * gradient, ∂/∂self is zeros (a tensor, as PyTorch's zeros_like) — so under
 * createGraph the gradient requires grad, and second derivatives are zeros.
 */
function nllLossBackward(g: Tensor, self: Tensor, w: Tensor, idx: Tensor, reduction: Reduction): Tensor {
  const batched = self.ndim === 2;
  const shape = batched ? self.shape : [1, self.shape[0]!];
  return fused(
    'NllLossBackwardBackward0',
    [g, self],
    [w, idx],
    () => {
      const n = shape[0]!;
      const gs = reduction === 'none' ? g.reshape([-1]) : reduction === 'mean' ? g.div(w.sum()).expand([n]) : g.expand([n]);
      const src = gs.mul(w).neg().unsqueeze(1);
      const grad = scatterAdd(src.newZeros(shape), 1, idx, src);
      return batched ? grad : grad.squeeze(0);
    },
    (gg, [sw, sidx], needs) => [
      needs[0] ? nllValue(batched ? gg : gg.unsqueeze(0), sidx!, sw!, reduction, batched) : null,
      needs[1] ? gg.newZeros(gg.shape) : null,
    ],
  );
}

export interface BceOptions extends LossOptions {
  /** A weight per element (broadcast to the input). */
  weight?: Tensor;
}

/**
 * −w·(t·log x + (1−t)·log(1−x)) with each log clamped at −100, as PyTorch.
 * ∂/∂x = w·(x − t) / max(x(1−x), 1e-12) (BinaryCrossEntropyBackward0).
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: BceOptions = {}): Tensor {
  tensorArg('binaryCrossEntropy', 'input', 0, input);
  tensorArg('binaryCrossEntropy', 'target', 1, target);
  checkOptions('binaryCrossEntropy', options, ['reduction', 'weight']);
  checkSameShape('binary_cross_entropy', input, target);
  const reduction = options.reduction ?? 'mean';
  if (input.device === 'cpu') {
    const ok = noGrad(() => compare.all(compare.logicalAnd(compare.ge(input, 0), compare.le(input, 1))).item());
    if (!ok) throw new RuntimeError('all elements of input should be between 0 and 1');
  }
  const out = noGrad(() => {
    const logx = input.log().clamp(-100);
    const log1mx = input.neg().add(1).log().clamp(-100);
    let loss = target.mul(logx).add(target.neg().add(1).mul(log1mx)).neg();
    if (options.weight) loss = loss.mul(options.weight);
    return reduceLoss(loss, reduction);
  });
  const n = input.numel();
  const shape = input.shape;
  const weight = options.weight;
  record({
    name: 'BinaryCrossEntropyBackward0',
    inputs: [input],
    outputs: [out],
    save: weight ? [input, target, weight] : [input, target],
    backward: ([g], [x, t, w]) => {
      const gx = (reduction === 'none' ? g! : g!.expand([...shape])).mul(x!.sub(t!)).div(x!.mul(x!.neg().add(1)).clamp(1e-12));
      const scaled = reduction === 'mean' ? gx.div(n) : gx;
      return [w ? scaled.mul(w) : scaled];
    },
  });
  return out;
}

export interface BceWithLogitsOptions extends BceOptions {
  /** A weight for the positive term, per class (broadcast to the input). */
  posWeight?: Tensor;
}

/**
 * Binary cross entropy of logits x against probabilities t
 * (torch.nn.functional.binary_cross_entropy_with_logits,
 * BinaryCrossEntropyWithLogitsBackward0): per element
 * −w·(p·t·ln σ(x) + (1 − t)·ln(1 − σ(x))), p the posWeight (1 if none),
 * computed stably as PyTorch 1.13 does. ∂/∂x = w·((1 + (p − 1)t)σ(x) − p·t)
 * (w·(σ(x) − t) without p); ∂/∂t = w·(ln σ(−x) − p·ln σ(x)) (−w·x without p);
 * both ÷N for 'mean'. weight and posWeight get no gradient: as PyTorch, they
 * may not require grad while grad mode is on.
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, options: BceWithLogitsOptions = {}): Tensor {
  tensorArg('binaryCrossEntropyWithLogits', 'input', 0, input);
  tensorArg('binaryCrossEntropyWithLogits', 'target', 1, target);
  checkOptions('binaryCrossEntropyWithLogits', options, ['reduction', 'weight', 'posWeight']);
  checkSameShape('binary_cross_entropy_with_logits', input, target);
  const { weight, posWeight } = options;
  const reduction = options.reduction ?? 'mean';
  for (const [name, t] of [['weight', weight], ['pos_weight', posWeight]] as const) {
    if (t?.requiresGrad && isGradEnabled()) {
      throw new RuntimeError(`The function 'binary_cross_entropy_with_logits' is not differentiable with respect to argument '${name}'. This input cannot have requires_grad True.`);
    }
  }
  const out = noGrad(() => {
    // PyTorch 1.13's formula, term by term: m = max(−x, 0), L = ln(e^−m + e^(−x−m)) = ln(1 + e^−x) − m;
    // (1 − t)·x + m + L, or with p: (1 − t)·x + (1 + (p − 1)·t)·(L + m).
    const m = input.neg().clamp(0);
    const logTerm = m.neg().exp().add(input.neg().sub(m).exp()).log();
    const linear = target.neg().add(1).mul(input);
    let loss = posWeight ? linear.add(posWeight.sub(1).mul(target).add(1).mul(logTerm.add(m))) : linear.add(m).add(logTerm);
    if (weight) loss = loss.mul(weight);
    return reduceLoss(loss, reduction);
  });
  const n = input.numel();
  record({
    name: 'BinaryCrossEntropyWithLogitsBackward0',
    inputs: [input, target],
    outputs: [out],
    save: [input, target, ...(weight ? [weight] : []), ...(posWeight ? [posWeight] : [])],
    backward: ([g], [x, t, ...rest], needs) => {
      const w = weight ? rest.shift() : undefined;
      const p = posWeight ? rest.shift() : undefined;
      // PyTorch's rules are compositions of tensor ops, in this order, so autograd gives their derivatives.
      const finish = (d: Tensor): Tensor => {
        const weighted = w ? d.mul(g!).mul(w) : d.mul(g!);
        return reduction === 'mean' ? weighted.div(n) : weighted;
      };
      let gx: Tensor | null = null;
      if (needs[0]) {
        const pt = p ? p.mul(t!) : null;
        gx = finish(pt ? pt.add(1).sub(t!).mul(x!.sigmoid()).sub(pt) : x!.sigmoid().sub(t!));
      }
      const gt = needs[1] ? finish(p ? x!.neg().logsigmoid().sub(x!.logsigmoid().mul(p)) : x!.neg()) : null;
      return [gx, gt];
    },
  });
  return out;
}
