/**
 * Cumulative sums and products along a dimension (torch.cumsum,
 * torch.cumprod), as Hillis–Steele scans of existing ops: ⌈log₂ n⌉ steps,
 * each combining every element with the one 2ᵏ before it (a shifted copy
 * padded with the identity), so every backend runs them with no kernel of
 * its own, in O(n log n) work and O(n) memory. One node each, as PyTorch.
 */
import { isFloatingPoint, type DType } from '../dtype.js';
import { checkOptions } from '../options.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensorArg } from './arguments.js';
import { cat } from './copies.js';
import { fused } from './pointwise-composites.js';

/** `t` moved `k` places toward higher indices along `d`, the first k filled with `fill`. */
function shiftRight(t: Tensor, d: number, k: number, fill: number): Tensor {
  const n = t.shape[d]!;
  const padShape = [...t.shape];
  padShape[d] = Math.min(k, n);
  return cat([t.newFull(padShape, fill), t.narrow(d, 0, Math.max(n - k, 0))], d);
}

/** `t` moved `k` places toward lower indices along `d`, the last k filled with 0. */
function shiftLeft(t: Tensor, d: number, k: number): Tensor {
  const n = t.shape[d]!;
  const padShape = [...t.shape];
  padShape[d] = Math.min(k, n);
  return cat([t.narrow(d, Math.min(k, n), Math.max(n - k, 0)), t.newZeros(padShape)], d);
}

/** The inclusive scan of `x` along `d` by + or ×. */
function scan(x: Tensor, d: number, op: 'add' | 'mul'): Tensor {
  const n = x.shape[d]!;
  let y = x;
  for (let k = 1; k < n; k *= 2) {
    const before = shiftRight(y, d, k, op === 'add' ? 0 : 1);
    y = op === 'add' ? y.add(before) : y.mul(before);
  }
  return y === x ? x.clone() : y;
}

/** The dtype PyTorch's cumsum/cumprod give: integers and bools widen to the integer type (int32 here, PyTorch's int64). */
function scanInput(fn: string, x: Tensor, options: { dtype?: DType }): Tensor {
  checkOptions(fn, options, ['dtype']);
  if (options.dtype) return x.to(options.dtype);
  return isFloatingPoint(x.dtype) || x.dtype === 'int32' ? x : x.to('int32');
}

/**
 * y_i = x_0 + … + x_i along `dim` (torch.cumsum, CumsumBackward0).
 * ∂L/∂x_k = Σ_{j≥k} g_j: the cumsum of the reversed gradient, reversed.
 */
export function cumsum(x: Tensor, dim: number, options: { dtype?: DType } = {}): Tensor {
  tensorArg('cumsum', 'input', 1, x);
  const src = scanInput('cumsum', x, options);
  if (src.ndim === 0) return fused('CumsumBackward0', [x], [], () => src.clone(), (g) => [g]);
  const d = normalizeDim(dim, src.ndim);
  return fused('CumsumBackward0', [x], [], () => scan(src, d, 'add'), (g) => [cumsum(g.flip([d]), d).flip([d])]);
}

/**
 * y_i = x_0·…·x_i along `dim` (torch.cumprod, CumprodBackward0). The
 * gradient holds at zeros too (no division by x):
 * ∂L/∂x_k = (x_0·…·x_{k−1}) · s_k with s_k = Σ_{j≥k} g_j·x_{k+1}·…·x_j,
 * the linear recurrence s_k = g_k + x_{k+1}·s_{k+1}, solved by a reversed
 * doubling scan (G_k += P_k·G_{k+m}, P_k ·= P_{k+m} for m = 1, 2, 4, …).
 */
export function cumprod(x: Tensor, dim: number, options: { dtype?: DType } = {}): Tensor {
  tensorArg('cumprod', 'input', 1, x);
  const src = scanInput('cumprod', x, options);
  if (src.ndim === 0) return fused('CumprodBackward0', [x], [], () => src.clone(), (g) => [g]);
  const d = normalizeDim(dim, src.ndim);
  const n = src.shape[d]!;
  return fused(
    'CumprodBackward0',
    [x],
    [src],
    () => scan(src, d, 'mul'),
    (g, [sx]) => {
      let G = g;
      let P = shiftLeft(sx!, d, 1);
      for (let m = 1; m < n; m *= 2) {
        G = G.add(P.mul(shiftLeft(G, d, m)));
        P = P.mul(shiftLeft(P, d, m));
      }
      const exclusive = shiftRight(cumprod(sx!, d), d, 1, 1);
      return [exclusive.mul(G)];
    },
  );
}
