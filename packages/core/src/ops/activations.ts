/**
 * The activation functions of torch.nn.functional that PyTorch records as
 * one node each (GeluBackward0, EluBackward0, …), built from existing ops:
 * the forward runs unrecorded, then one node with PyTorch's name records the
 * derivative stated beside it (public ops, so it differentiates again).
 * Where PyTorch's backward is itself an op with its own derivatives
 * (leaky_relu_backward, softplus_backward), it is one here too, so that under
 * createGraph the gradient depends on its inputs exactly as PyTorch's does.
 * softsign and softmin are PyTorch compositions too, so they are composed.
 */
import { checkOptions } from '../options.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { floatOnly, tensorArg } from './arguments.js';
import { RuntimeError } from '../errors.js';
import * as binary from './binary.js';
import * as compare from './compare.js';
import * as reduce from './reduce.js';
import { cat } from './copies.js';
import { fused } from './pointwise-composites.js';


/** 1/√(2π), the standard normal density's constant. */
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/** √(2/π), the tanh approximation's scale. */
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
/** SELU's constants (Klambauer et al., 2017), as PyTorch spells them. */
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

export interface GeluOptions {
  /** `'none'` (the default): x·Φ(x) with the exact normal CDF; `'tanh'`: the tanh approximation. */
  approximate?: 'none' | 'tanh';
}

/**
 * GELU (torch.nn.functional.gelu). Exact: x·Φ(x), Φ(x) = ½(1 + erf(x/√2)),
 * derivative Φ(x) + x·φ(x) with φ(x) = e^(−x²/2)/√(2π). `approximate:
 * 'tanh'`: ½x(1 + tanh u), u = √(2/π)(x + 0.044715x³), derivative
 * ½(1 + tanh u) + ½x(1 − tanh²u)·√(2/π)(1 + 3·0.044715x²). Both GeluBackward0.
 */
export function gelu(x: Tensor, options: GeluOptions = {}): Tensor {
  tensorArg('gelu', 'input', 1, x);
  checkOptions('gelu', options, ['approximate']);
  const approximate = options.approximate ?? 'none';
  if (approximate !== 'none' && approximate !== 'tanh') throw new RuntimeError('approximate argument must be either none or tanh.');
  floatOnly('GeluKernelImpl', x);
  if (approximate === 'tanh') {
    const inner = (z: Tensor): Tensor => z.add(z.pow(3).mul(0.044715)).mul(SQRT_2_OVER_PI);
    return fused('GeluBackward0', [x], [x], () => x.mul(0.5).mul(inner(x).tanh().add(1)), (g, [sx]) => {
      const t = inner(sx!).tanh();
      const du = sx!.mul(sx!).mul(3 * 0.044715).add(1).mul(SQRT_2_OVER_PI);
      return [g.mul(t.add(1).mul(0.5).add(sx!.mul(0.5).mul(t.mul(t).neg().add(1)).mul(du)))];
    });
  }
  const cdf = (z: Tensor): Tensor => z.mul(Math.SQRT1_2).erf().add(1).mul(0.5);
  return fused('GeluBackward0', [x], [x], () => x.mul(cdf(x)), (g, [sx]) => {
    const pdf = sx!.mul(sx!).mul(-0.5).exp().mul(INV_SQRT_2PI);
    return [g.mul(cdf(sx!).add(sx!.mul(pdf)))];
  });
}

/**
 * x where x > 0, else slope·x (torch.nn.functional.leaky_relu,
 * LeakyReluBackward0). d/dx = 1 where x > 0, else slope (slope at 0, as PyTorch).
 */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  tensorArg('leakyRelu', 'input', 1, x);
  floatOnly('leaky_relu_cpu', x);
  return fused('LeakyReluBackward0', [x], [x], () => binary.where(compare.gt(x, 0), x, x.mul(negativeSlope)), (g, [sx]) => [
    leakyReluBackward(g, sx!, negativeSlope),
  ]);
}

/**
 * PyTorch's leaky_relu_backward(g, x) = g where x > 0, else g·slope, as an op
 * with a node of its own (LeakyReluBackwardBackward0), so that under
 * createGraph the gradient depends on x as PyTorch's does: it is linear in g
 * (∂/∂g is this same map) and constant in x (∂/∂x is zeros — a tensor, as
 * PyTorch's zeros_like, not "no gradient"), so it requires grad and a second
 * derivative through it is zeros. A node rather than a trick such as adding
 * x·0, which would be NaN at x = −∞.
 */
function leakyReluBackward(g: Tensor, x: Tensor, slope: number): Tensor {
  return fused('LeakyReluBackwardBackward0', [g, x], [x], () => binary.where(compare.gt(x, 0), g, g.mul(slope)), (gg, [sx], needs) => [
    needs[0] ? leakyReluBackward(gg, sx!, slope) : null,
    needs[1] ? gg.newZeros(gg.shape) : null,
  ]);
}

export interface SoftplusOptions {
  /** The sharpness β (default 1): softplus is (1/β)·ln(1 + e^(βx)). */
  beta?: number;
  /** Above this value of βx the result is x itself, for stability (default 20). */
  threshold?: number;
}

/**
 * (1/β)·ln(1 + e^(βx)), and x itself where βx > threshold
 * (torch.nn.functional.softplus, SoftplusBackward0). d/dx = σ(βx) where
 * βx ≤ threshold, else 1.
 */
export function softplus(x: Tensor, options: SoftplusOptions = {}): Tensor {
  tensorArg('softplus', 'input', 1, x);
  checkOptions('softplus', options, ['beta', 'threshold']);
  floatOnly('softplus_cpu', x);
  const beta = options.beta ?? 1;
  const threshold = options.threshold ?? 20;
  return fused(
    'SoftplusBackward0',
    [x],
    [x],
    () => {
      const bx = x.mul(beta);
      return binary.where(compare.gt(bx, threshold), x, bx.exp().log1p().div(beta));
    },
    (g, [sx]) => [softplusBackward(g, sx!, beta, threshold)],
  );
}

/**
 * PyTorch's softplus_backward(g, x) = g·z/(z + 1), z = e^(βx) (that is
 * g·σ(βx), computed as its kernel does), where βx ≤ threshold, else g; a node
 * of its own (SoftplusBackwardBackward0) with PyTorch's derivatives: ∂/∂g is
 * this same map, ∂/∂x is softplus_double_backward, g·σ(βx)(1 − σ(βx))·β
 * where βx < threshold, else 0 (the mask multiplies, as PyTorch's does).
 */
function softplusBackward(g: Tensor, x: Tensor, beta: number, threshold: number): Tensor {
  return fused(
    'SoftplusBackwardBackward0',
    [g, x],
    [g, x],
    () => {
      const bx = x.mul(beta);
      const z = bx.exp();
      return binary.where(compare.gt(bx, threshold), g, g.mul(z).div(z.add(1)));
    },
    (gg, [sg, sx], needs) => {
      let gx: Tensor | null = null;
      if (needs[1]) {
        const bx = sx!.mul(beta);
        const s = bx.sigmoid();
        gx = gg.mul(sg!).mul(binary.rsub(s, 1)).mul(s).mul(compare.lt(bx, threshold).to(gg.dtype)).mul(beta);
      }
      return [needs[0] ? softplusBackward(gg, sx!, beta, threshold) : null, gx];
    },
  );
}

/**
 * x·σ(x) (SiLU / swish; torch.nn.functional.silu, SiluBackward0), computed as
 * PyTorch's kernel does, x/(1 + e^(−x)). d/dx = σ(x)(1 + x(1 − σ(x))), written
 * with tensor ops: PyTorch's own rule under grad mode
 * (infinitely_differentiable_silu_backward), so its derivatives are autograd's.
 */
export function silu(x: Tensor): Tensor {
  tensorArg('silu', 'input', 1, x);
  floatOnly('silu_cpu', x);
  return fused('SiluBackward0', [x], [x], () => x.div(x.neg().exp().add(1)), (g, [sx]) => {
    const s = sx!.sigmoid();
    return [g.mul(s).mul(sx!.mul(binary.rsub(s, 1)).add(1))];
  });
}

/** Clamps into [minVal, maxVal] (torch.nn.functional.hardtanh); the gradient passes strictly inside, as PyTorch (HardtanhBackward0). */
export function hardtanh(x: Tensor, minVal = -1, maxVal = 1): Tensor {
  tensorArg('hardtanh', 'input', 1, x);
  return fused('HardtanhBackward0', [x], [x], () => binary.minimum(binary.maximum(x, minVal), maxVal), (g, [sx]) => [
    binary.where(compare.logicalAnd(compare.gt(sx!, minVal), compare.lt(sx!, maxVal)), g, 0),
  ]);
}

/** min(max(x, 0), 6): hardtanh on [0, 6], recorded as PyTorch does (HardtanhBackward0). */
export const relu6 = (x: Tensor): Tensor => hardtanh(tensorArg('relu6', 'input', 1, x), 0, 6);

/** The ELU family: scale·x for x > 0, scale·α(e^(x/β) − 1) otherwise; derivative scale, or scale·(α/β)·e^(x/β). */
function eluLike(name: string, x: Tensor, alpha: number, scale: number, beta: number): Tensor {
  floatOnly('elu_cpu', x);
  return fused(
    name,
    [x],
    [x],
    () => binary.where(compare.gt(x, 0), x.mul(scale), x.div(beta).expm1().mul(alpha * scale)),
    (g, [sx]) => [g.mul(binary.where(compare.gt(sx!, 0), scale, sx!.div(beta).exp().mul((alpha * scale) / beta)))],
  );
}

/** x for x > 0, α(eˣ − 1) otherwise (torch.nn.functional.elu, EluBackward0). */
export function elu(x: Tensor, alpha = 1): Tensor {
  return eluLike('EluBackward0', tensorArg('elu', 'input', 1, x), alpha, 1, 1);
}

/** scale·elu(x, α) with SELU's fixed α ≈ 1.6733, scale ≈ 1.0507 (torch.nn.functional.selu, recorded as EluBackward0). */
export function selu(x: Tensor): Tensor {
  return eluLike('EluBackward0', tensorArg('selu', 'input', 1, x), SELU_ALPHA, SELU_SCALE, 1);
}

/** max(0, x) + min(0, α(e^(x/α) − 1)) (torch.nn.functional.celu, CeluBackward0). */
export function celu(x: Tensor, alpha = 1): Tensor {
  tensorArg('celu', 'input', 1, x);
  if (alpha === 0) throw new RuntimeError('ZeroDivisionError: alpha cannot be 0 for CELU');
  return eluLike('CeluBackward0', x, alpha, 1, alpha);
}

/**
 * x·tanh(softplus(x)) (torch.nn.functional.mish, MishBackward0).
 * d/dx = tanh(sp) + x·σ(x)·(1 − tanh²(sp)), sp = softplus(x).
 */
export function mish(x: Tensor): Tensor {
  tensorArg('mish', 'input', 1, x);
  floatOnly('mish_cpu', x);
  return fused('MishBackward0', [x], [x], () => x.mul(x.softplus().tanh()), (g, [sx]) => {
    const t = sx!.softplus().tanh();
    return [g.mul(t.add(sx!.mul(sx!.sigmoid()).mul(t.mul(t).neg().add(1))))];
  });
}

/**
 * x·relu6(x + 3)/6 (torch.nn.functional.hardswish, HardswishBackward0). The
 * derivative is PyTorch's: 0 below −3, x/3 + ½ on [−3, 3], 1 above.
 */
export function hardswish(x: Tensor): Tensor {
  tensorArg('hardswish', 'input', 1, x);
  floatOnly('hardswish_cpu', x);
  return fused('HardswishBackward0', [x], [x], () => x.mul(binary.clamp(x.add(3), 0, 6)).div(6), (g, [sx]) => [
    g.mul(binary.where(compare.lt(sx!, -3), 0, binary.where(compare.le(sx!, 3), sx!.div(3).add(0.5), 1))),
  ]);
}

/**
 * ln σ(x) = min(x, 0) − ln(1 + e^(−|x|)), stable both ways
 * (torch.nn.functional.logsigmoid, LogSigmoidBackward0); d/dx = 1 − σ(x) = σ(−x).
 */
export function logsigmoid(x: Tensor): Tensor {
  tensorArg('logsigmoid', 'input', 1, x);
  floatOnly('log_sigmoid_cpu', x);
  return fused('LogSigmoidBackward0', [x], [x], () => binary.minimum(x, 0).sub(x.abs().neg().exp().log1p()), (g, [sx]) => [g.mul(sx!.neg().sigmoid())]);
}

/** x/(1 + |x|) (torch.nn.functional.softsign): a composition in PyTorch too (its node is DivBackward0). */
export function softsign(x: Tensor): Tensor {
  tensorArg('softsign', 'input', 1, x);
  return x.div(x.abs().add(1));
}

/** softmax(−x) along `dim` (torch.nn.functional.softmin): composed, as PyTorch records it (SoftmaxBackward0 over NegBackward0). */
export function softmin(x: Tensor, dim: number): Tensor {
  tensorArg('softmin', 'input', 1, x);
  return reduce.softmax(x.neg(), dim);
}

/**
 * The gated linear unit a·σ(b), a and b the two halves of x along `dim`
 * (torch.nn.functional.glu, GluBackward0). ∂/∂a = σ(b), ∂/∂b = a·σ(b)(1 − σ(b)).
 */
export function glu(x: Tensor, dim = -1): Tensor {
  tensorArg('glu', 'input', 1, x);
  if (x.ndim === 0) throw new RuntimeError('glu does not support scalars because halving size must be even');
  floatOnly('glu_cpu', x);
  const d = normalizeDim(dim, x.ndim);
  const n = x.shape[d]!;
  if (n % 2 !== 0) throw new RuntimeError(`Halving dimension must be even, but dimension ${d} is size ${n}`);
  const halves = (t: Tensor): [Tensor, Tensor] => [t.narrow(d, 0, n / 2), t.narrow(d, n / 2, n / 2)];
  return fused(
    'GluBackward0',
    [x],
    [x],
    () => {
      const [a, b] = halves(x);
      return a.mul(b.sigmoid());
    },
    (g, [sx]) => {
      const [a, b] = halves(sx!);
      const s = b.sigmoid();
      return [cat([g.mul(s), g.mul(a).mul(s).mul(s.neg().add(1))], d)];
    },
  );
}
