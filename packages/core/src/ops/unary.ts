/**
 * One-input elementwise ops and their gradients, side by side.
 * Each rule states the derivative it implements.
 */
import type { UnaryOp } from '../backend/backend.js';
import { isFloatingPoint } from '../dtype.js';
import { record } from '../autograd/record.js';
import { Tensor } from '../tensor/tensor.js';
import { wrap } from './util.js';
import * as binary from './binary.js';
import * as compare from './compare.js';

/** Runs a unary kernel; integer inputs of float functions are computed in float32, as PyTorch does. */
function kernel(op: UnaryOp, x: Tensor, floatOnly: boolean): Tensor {
  const src = floatOnly && !isFloatingPoint(x.dtype) ? x.to('float32') : x;
  const b = src._backend;
  return wrap(b, b.kernels.unary(op, src._view), src.shape, op === 'logicalNot' ? 'bool' : src.dtype);
}

/** -x; d/dx = -1. */
export function neg(x: Tensor): Tensor {
  if (x.dtype === 'bool') throw new TypeError('Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logicalNot()` operator instead.');
  const out = kernel('neg', x, false);
  record({ name: 'NegBackward0', inputs: [x], outputs: [out], backward: ([g]) => [g!.neg()] });
  return out;
}

/** e^x; d/dx = e^x, the output itself (saved instead of recomputed). */
export function exp(x: Tensor): Tensor {
  const out = kernel('exp', x, true);
  record({ name: 'ExpBackward0', inputs: [x], outputs: [out], save: [out], backward: ([g], [y]) => [g!.mul(y!)] });
  return out;
}

/** ln x; d/dx = 1/x. */
export function log(x: Tensor): Tensor {
  const out = kernel('log', x, true);
  record({ name: 'LogBackward0', inputs: [x], outputs: [out], save: [x], backward: ([g], [x0]) => [g!.div(x0!)] });
  return out;
}

/** √x; d/dx = 1/(2√x). */
export function sqrt(x: Tensor): Tensor {
  const out = kernel('sqrt', x, true);
  record({ name: 'SqrtBackward0', inputs: [x], outputs: [out], save: [out], backward: ([g], [y]) => [g!.div(y!.mul(2))] });
  return out;
}

/** 1/√x; d/dx = -½·x^(-3/2) = -½·y³. */
export function rsqrt(x: Tensor): Tensor {
  const out = kernel('rsqrt', x, true);
  record({ name: 'RsqrtBackward0', inputs: [x], outputs: [out], save: [out], backward: ([g], [y]) => [g!.mul(y!.pow(3)).mul(-0.5)] });
  return out;
}

/** |x|; d/dx = sign(x) (0 at 0, as PyTorch). */
export function abs(x: Tensor): Tensor {
  const out = kernel('abs', x, false);
  record({ name: 'AbsBackward0', inputs: [x], outputs: [out], save: [x], backward: ([g], [x0]) => [g!.mul(x0!.sign())] });
  return out;
}

/** sign(x); its derivative is 0 wherever it exists. */
export function sign(x: Tensor): Tensor {
  const out = kernel('sign', x, false);
  record({ name: 'SignBackward0', inputs: [x], outputs: [out], backward: ([g]) => [g!.mul(0)] });
  return out;
}

/** sin x; d/dx = cos x. */
export function sin(x: Tensor): Tensor {
  const out = kernel('sin', x, true);
  record({ name: 'SinBackward0', inputs: [x], outputs: [out], save: [x], backward: ([g], [x0]) => [g!.mul(x0!.cos())] });
  return out;
}

/** cos x; d/dx = -sin x. */
export function cos(x: Tensor): Tensor {
  const out = kernel('cos', x, true);
  record({ name: 'CosBackward0', inputs: [x], outputs: [out], save: [x], backward: ([g], [x0]) => [g!.mul(x0!.sin().neg())] });
  return out;
}

/** tanh x; d/dx = 1 - tanh²x. */
export function tanh(x: Tensor): Tensor {
  const out = kernel('tanh', x, true);
  record({ name: 'TanhBackward0', inputs: [x], outputs: [out], save: [out], backward: ([g], [y]) => [g!.mul(binary.rsub(y!.mul(y!), 1))] });
  return out;
}

/** σ(x) = 1/(1+e^-x); dσ/dx = σ(1-σ). */
export function sigmoid(x: Tensor): Tensor {
  const out = kernel('sigmoid', x, true);
  record({ name: 'SigmoidBackward0', inputs: [x], outputs: [out], save: [out], backward: ([g], [y]) => [g!.mul(y!.mul(binary.rsub(y!, 1)))] });
  return out;
}

/** max(x, 0); d/dx = 1 where the output is positive, else 0 (0 at x = 0, as PyTorch). */
export function relu(x: Tensor): Tensor {
  const b = x._backend;
  const out = wrap(b, b.kernels.binary('maximum', x._view, 0, x.shape, x.dtype), x.shape, x.dtype);
  // The mask is sign(y) (y ≥ 0, so 1 where positive, else 0): recorded, with derivative 0, so under createGraph
  // the gradient depends on y as PyTorch's threshold_backward does, and a second derivative is zeros, not an error.
  record({ name: 'ReluBackward0', inputs: [x], outputs: [out], save: [out], backward: ([g], [y]) => [g!.mul(sign(y!))] });
  return out;
}

/** 1/x; d/dx = -1/x² = -y². */
export function reciprocal(x: Tensor): Tensor {
  const out = kernel('reciprocal', x, true);
  record({ name: 'ReciprocalBackward0', inputs: [x], outputs: [out], save: [out], backward: ([g], [y]) => [g!.mul(y!.mul(y!)).neg()] });
  return out;
}

function stepFunction(op: 'floor' | 'ceil' | 'round', name: string, x: Tensor): Tensor {
  if (!isFloatingPoint(x.dtype)) return x.clone();
  const out = kernel(op, x, false);
  // Piecewise constant: the derivative is 0 wherever it exists.
  record({ name, inputs: [x], outputs: [out], backward: ([g]) => [g!.mul(0)] });
  return out;
}

export function floor(x: Tensor): Tensor {
  return stepFunction('floor', 'FloorBackward0', x);
}
export function ceil(x: Tensor): Tensor {
  return stepFunction('ceil', 'CeilBackward0', x);
}
/** Rounds half to even, as PyTorch. */
export function round(x: Tensor): Tensor {
  return stepFunction('round', 'RoundBackward0', x);
}

/** ln(1+x), computed as a composition; d/dx = 1/(1+x). */
export function log1p(x: Tensor): Tensor {
  return log(binary.add(x, 1));
}

/** e^x − 1, computed as a composition; d/dx = e^x. */
export function expm1(x: Tensor): Tensor {
  return binary.sub(exp(x), 1);
}

/** x if x > 0 else slope·x: a composition of where/mul (gradient 1 or slope). */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return binary.where(compare.gt(x, 0), x, binary.mul(x, negativeSlope));
}

/** (1/β)·ln(1 + e^(βx)), linear above `threshold` for stability (torch.nn.functional.softplus). */
export function softplus(x: Tensor, options: { beta?: number; threshold?: number } = {}): Tensor {
  const beta = options.beta ?? 1;
  const threshold = options.threshold ?? 20;
  const bx = binary.mul(x, beta);
  const soft = binary.div(log1p(exp(binary.minimum(bx, threshold))), beta);
  return binary.where(compare.gt(bx, threshold), x, soft);
}

/** x·σ(x) (SiLU / swish). */
export function silu(x: Tensor): Tensor {
  return binary.mul(x, sigmoid(x));
}

/** The exact GELU, x·Φ(x), with Φ from the tanh approximation's complement: uses erf via a rational fit would lose precision, so this is PyTorch's approximate='tanh' form. */
export function gelu(x: Tensor): Tensor {
  // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
  const inner = binary.mul(binary.add(x, binary.mul(binary.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return binary.mul(binary.mul(x, 0.5), binary.add(tanh(inner), 1));
}

