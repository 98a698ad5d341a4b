/**
 * Every backend kernel's story for autograd, in one table typed by the
 * `Kernels` interface: {@link KERNEL_RULES} must have an entry for each
 * kernel, so a kernel added to the interface fails to compile here until it
 * has a rule (or says why it has none). Kernel families keyed by tags have
 * tables of their own, typed by the tags, so a new tag fails to compile
 * until it has a rule: {@link UNARY_RULES}, {@link BINARY_RULES},
 * {@link REDUCE_RULES}. The single-kernel rules are in kernel-rules.ts.
 *
 * Nothing in core's op modules imports this file (it would close an import
 * cycle that evaluates the tables before they exist); the compiler checks it
 * and the coverage test reads it.
 */
import type { BinaryOp, Kernels, ReduceOp, UnaryOp } from '../backend/backend.js';
import type { DType } from '../dtype.js';
import { BINARY_RULES, type BinaryRule } from './binary-rules.js';
import { CLONE_RULE, GATHER_RULE, type GatherCall, MATMUL_RULE, type MatmulCall, SCATTER_ADD_RULE, TO_COPY_RULE, WHERE_RULE } from './kernel-rules.js';
import { REDUCE_RULES, type ReduceCall } from './reduce-rules.js';
import type { NotDifferentiable, OpRule } from './rule.js';
import { UNARY_RULES, type UnaryRule } from './unary-rules.js';

/** Which rule each kernel's op records: the type that forces a rule for every kernel. */
export interface KernelRuleTable {
  unary: { readonly [P in UnaryOp]: UnaryRule };
  binary: { readonly [P in BinaryOp]: BinaryRule };
  reduce: { readonly [P in ReduceOp]: OpRule<ReduceCall> };
  compare: NotDifferentiable;
  argReduce: NotDifferentiable;
  argsort: NotDifferentiable;
  where: OpRule<null>;
  matmul: OpRule<MatmulCall>;
  contiguous: OpRule<null>;
  cast: OpRule<{ readonly from: DType | string }>;
  gather: OpRule<GatherCall>;
  scatterAdd: OpRule<{ readonly dim: number }>;
  /** The in-place write: recorded by the op that writes (copy_, fill_, in-place arithmetic), see inplace.ts. */
  assign: { readonly recordedBy: string };
}

/** Every kernel of the `Kernels` interface, with its rule. A kernel missing here fails to compile. */
export const KERNEL_RULES: { readonly [K in keyof Kernels]: KernelRuleTable[K] } = {
  unary: UNARY_RULES,
  binary: BINARY_RULES,
  reduce: REDUCE_RULES,
  compare: { notDifferentiable: 'a comparison is piecewise constant; its bool output has no gradient' },
  argReduce: { notDifferentiable: 'argmax/argmin return int32 indices' },
  argsort: { notDifferentiable: 'returns int32 indices; sort and topk record their values as a gather by them (SortBackward0, TopkBackward0)' },
  where: WHERE_RULE,
  matmul: MATMUL_RULE,
  contiguous: CLONE_RULE,
  cast: TO_COPY_RULE,
  gather: GATHER_RULE,
  scatterAdd: SCATTER_ADD_RULE,
  assign: { recordedBy: 'the in-place op that writes: its own node, or CopySlices on a view (ops/inplace.ts, ops/copies.ts)' },
};
