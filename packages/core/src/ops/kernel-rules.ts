/**
 * The rules of the kernels that are one op each (matmul, gather,
 * scatterAdd, where, contiguous, cast), beside their maths. Each is
 * recorded, through `recordRule` (rule.ts), by the one op function that
 * calls its kernel. kernel-rule-table.ts lists every kernel with its rule.
 */
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { type OpRule, savedTensor } from './rule.js';
import { where } from './binary.js';
import { gather, scatterAdd } from './indexing.js';
import { product } from './linalg.js';

/** What matmul's rule knows of a call: which operands were 1-D (viewed as a row or column, that dim dropped after). */
export interface MatmulCall {
  readonly aIs1d: boolean;
  readonly bIs1d: boolean;
  /** PyTorch's node for the shapes: DotBackward0, MvBackward0, MmBackward0 or BmmBackward0. */
  readonly node: string;
}

/**
 * C = A·B (dot, mv, mm or bmm): ∂L/∂A = G·Bᵀ, ∂L/∂B = Aᵀ·G, with the
 * dimensions 1-D operands lost restored first and dropped after.
 */
export const MATMUL_RULE: OpRule<MatmulCall> = {
  node: (c) => c.node,
  needs: [[1], [0]],
  grads: [
    (g, v, c) => {
      const b = savedTensor(v, 1);
      const ga = product(outputGrad(g, c), c.bIs1d ? b.unsqueeze(-1).transpose(-1, -2) : b.transpose(-1, -2));
      return c.aIs1d ? ga.squeeze(-2) : ga;
    },
    (g, v, c) => {
      const a = savedTensor(v, 0);
      const gb = product(c.aIs1d ? a.unsqueeze(0).transpose(-1, -2) : a.transpose(-1, -2), outputGrad(g, c));
      return c.bIs1d ? gb.squeeze(-1) : gb;
    },
  ],
};

/** The output gradient with the dimensions 1-D operands dropped put back ([…, M, N] as the batched product had it). */
function outputGrad(g: Tensor, c: MatmulCall): Tensor {
  if (c.aIs1d && c.bIs1d) return g.reshape([1, 1]);
  if (c.aIs1d) return g.unsqueeze(-2);
  if (c.bIs1d) return g.unsqueeze(-1);
  return g;
}

/** What gather's rule knows of a call. */
export interface GatherCall {
  readonly inShape: readonly number[];
  readonly dim: number;
  /** GatherBackward0, or IndexSelectBackward0 for index_select (a gather whose index is broadcast). */
  readonly node: string;
}

/**
 * out[…i…] = x[…index[…i…]…] along `dim`: ∂L/∂x scatters g back into zeros
 * at the same positions, adding where an index repeats. The index has no
 * derivative (argument 1).
 */
export const GATHER_RULE: OpRule<GatherCall> = {
  node: (c) => c.node,
  needs: [[1], []],
  grads: [(g, v, c) => scatterAdd(g.newZeros(c.inShape), c.dim, savedTensor(v, 1), g), null],
};

/**
 * out = x, then out[…index[…i…]…] += src[…i…] along `dim` (arguments x,
 * index, src): ∂L/∂x = g; ∂L/∂src = g gathered at the same positions.
 */
export const SCATTER_ADD_RULE: OpRule<{ readonly dim: number }> = {
  node: 'ScatterAddBackward0',
  needs: [[], [], [1]],
  grads: [(g) => g, null, (g, v, c) => gather(g, c.dim, savedTensor(v, 1))],
};

/**
 * cond ? a : b (arguments cond, a, b): the gradient goes to the side taken,
 * +0 to the other (a masked write, as PyTorch's, not g·mask). The condition
 * has no derivative.
 */
export const WHERE_RULE: OpRule<null> = {
  node: 'WhereBackward0',
  needs: [[], [0], [0]],
  grads: [null, (g, v) => where(savedTensor(v, 0), g, 0), (g, v) => where(savedTensor(v, 0), 0, g)],
};

/** A copy (contiguous, clone): the gradient passes through unchanged. */
export const CLONE_RULE: OpRule<null> = {
  node: 'CloneBackward0',
  needs: [[]],
  grads: [(g) => g],
};

/** A cast or a device copy: the gradient is cast (or moved) back to where the input was. */
export const TO_COPY_RULE: OpRule<{ readonly from: DType | string }> = {
  node: 'ToCopyBackward0',
  needs: [[]],
  grads: [(g, _v, c) => g.to(c.from)],
};
