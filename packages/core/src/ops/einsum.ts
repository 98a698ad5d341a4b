/**
 * torch.einsum, composed of views, permutes, sums and batched matrix
 * products, so it has every op's gradients (and second derivatives) for
 * free. Operands are folded left to right: each pair becomes one bmm over
 * [batch, left-only, contracted] × [batch, contracted, right-only], as
 * PyTorch's own einsum does (a pair with nothing to contract is a broadcast
 * mul, as there), so the last node is PyTorch's; labels repeated within an operand take its
 * diagonal; labels no later operand or the output needs are summed first.
 * Labels are letters; `...` stands for the same leading dimensions in every
 * operand (broadcast sizes of 1 are not expanded: sizes must match).
 */
import type { Tensor } from '../tensor/tensor.js';
import { tensorArg } from './arguments.js';
import * as movement from './movement.js';
import { RuntimeError, ValueError } from '../errors.js';

/** An operand with one label per dimension. */
interface Labelled {
  t: Tensor;
  labels: string[];
}

const ELLIPSIS_LABELS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').reverse();

function parse(equation: string, operands: readonly Tensor[]): { inputs: string[][]; output: string[] } {
  const eq = equation.replace(/\s+/g, '');
  const [lhs, rhs] = eq.includes('->') ? (eq.split('->') as [string, string]) : [eq, null];
  const terms = lhs.split(',');
  if (terms.length !== operands.length) {
    throw new ValueError(`einsum(): more operands were provided than specified in the equation`.replace('more', terms.length < operands.length ? 'more' : 'fewer'));
  }
  // `...` becomes fresh labels (upper case, never letters of the equation) for the dimensions it covers.
  let ellipsisRank = 0;
  const inputs = terms.map((term, i) => {
    const t = operands[i]!;
    const explicit = term.replace('...', '');
    if (!/^[a-zA-Z]*$/.test(explicit)) throw new RuntimeError(`einsum(): invalid subscript given at index ${term.search(/[^a-zA-Z.]/)} in the equation string, subscripts must be in [a-zA-Z]`);
    if (term.includes('...')) {
      const rank = t.ndim - explicit.length;
      if (rank < 0) throw new RuntimeError(`einsum(): the number of subscripts in the equation (${explicit.length}) is more than the number of dimensions (${t.ndim}) for operand ${i}`);
      ellipsisRank = Math.max(ellipsisRank, rank);
      const [before, after] = term.split('...') as [string, string];
      return [...before, ...ELLIPSIS_LABELS.slice(0, rank).reverse(), ...after];
    }
    if (explicit.length !== t.ndim) {
      throw new RuntimeError(`einsum(): the number of subscripts in the equation (${explicit.length}) does not match the number of dimensions (${t.ndim}) for operand ${i} and no ellipsis was given`);
    }
    return [...explicit];
  });
  const ellipsis = ELLIPSIS_LABELS.slice(0, ellipsisRank).reverse();
  let output: string[];
  if (rhs === null) {
    const counts = new Map<string, number>();
    for (const l of inputs.flat()) if (!ellipsis.includes(l)) counts.set(l, (counts.get(l) ?? 0) + 1);
    output = [...ellipsis, ...[...counts.keys()].filter((l) => counts.get(l) === 1).sort()];
  } else {
    const [before, after] = rhs.includes('...') ? (rhs.split('...') as [string, string]) : [rhs, ''];
    output = rhs.includes('...') ? [...before, ...ellipsis, ...after] : [...rhs];
    for (const l of output) {
      if (!ellipsis.includes(l) && !inputs.some((inp) => inp.includes(l))) {
        throw new RuntimeError(`einsum(): output subscript ${l} does not appear in the equation for any input operand`);
      }
    }
    if (new Set(output).size !== output.length) throw new RuntimeError('einsum(): output subscript appears more than once in the output');
  }
  return { inputs, output };
}

/** Takes the diagonal of every label repeated within one operand. */
function diagonals(op: Labelled): Labelled {
  let { t, labels } = op;
  for (;;) {
    const dup = labels.findIndex((l, i) => labels.indexOf(l) !== i);
    if (dup < 0) return { t, labels };
    const first = labels.indexOf(labels[dup]!);
    if (t.shape[first] !== t.shape[dup]) throw new RuntimeError(`einsum(): subscript ${labels[dup]} is repeated for operand but the sizes don't match, ${t.shape[dup]} != ${t.shape[first]}`);
    // diagonal() drops both dims and appends the diagonal last.
    t = movement.diagonal(t, 0, first, dup);
    labels = [...labels.filter((_, i) => i !== first && i !== dup), labels[dup]!];
  }
}

/** Sums over the labels of `op` in `drop`. */
function sumOut(op: Labelled, drop: (l: string) => boolean): Labelled {
  const axes = op.labels.map((l, i) => (drop(l) ? i : -1)).filter((i) => i >= 0);
  if (axes.length === 0) return op;
  return { t: op.t.sum(axes), labels: op.labels.filter((l) => !drop(l)) };
}

/** One pairwise contraction as a bmm; `keep` are the labels still needed afterwards. */
function contract(a: Labelled, b: Labelled, keep: Set<string>): Labelled {
  const size = new Map<string, number>();
  for (const op of [a, b]) {
    op.labels.forEach((l, i) => {
      const s = op.t.shape[i]!;
      if (size.has(l) && size.get(l) !== s) throw new RuntimeError(`einsum(): operands do not broadcast with remapped shapes (original->remapped): subscript ${l} has sizes ${size.get(l)} and ${s}`);
      size.set(l, s);
    });
  }
  const batch = a.labels.filter((l) => b.labels.includes(l) && keep.has(l));
  const summed = a.labels.filter((l) => b.labels.includes(l) && !keep.has(l));
  const aOnly = a.labels.filter((l) => !b.labels.includes(l));
  const bOnly = b.labels.filter((l) => !a.labels.includes(l));
  const prod = (ls: string[]): number => ls.reduce((p, l) => p * size.get(l)!, 1);
  const order = (op: Labelled, ls: string[]): Tensor => movement.permute(op.t, ls.map((l) => op.labels.indexOf(l)));
  const labels = [...batch, ...aOnly, ...bOnly];
  if (summed.length === 0) {
    // Nothing to contract: a broadcast product, as PyTorch does (an outer product is a mul, not a bmm).
    const sizes = (ls: string[], keep: string[]): number[] => ls.map((l) => (keep.includes(l) ? size.get(l)! : 1));
    const A0 = order(a, [...batch, ...aOnly]).reshape(sizes(labels, [...batch, ...aOnly]));
    const B0 = order(b, [...batch, ...bOnly]).reshape(sizes(labels, [...batch, ...bOnly]));
    return { t: A0.mul(B0), labels };
  }
  const A = order(a, [...batch, ...aOnly, ...summed]).reshape([prod(batch), prod(aOnly), prod(summed)]);
  const B = order(b, [...batch, ...summed, ...bOnly]).reshape([prod(batch), prod(summed), prod(bOnly)]);
  return { t: A.bmm(B).reshape(labels.map((l) => size.get(l)!)), labels };
}

/**
 * Einstein summation (torch.einsum): `einsum('ij,jk->ik', a, b)` is a
 * matrix product, `'ii->'` a trace, `'bij,bjk->bik'` a batched product,
 * `'i,j->ij'` an outer product; without `->` the output is the labels that
 * appear once, in alphabetical order.
 */
export function einsum(equation: string, ...operands: Tensor[]): Tensor {
  if (typeof equation !== 'string') throw new RuntimeError('einsum(): the equation must be a string');
  operands.forEach((t, i) => tensorArg('einsum', 'operands', i + 2, t));
  if (operands.length === 0) throw new RuntimeError('einsum(): must provide at least one operand');
  const { inputs, output } = parse(equation, operands);
  const ops: Labelled[] = operands.map((t, i) => diagonals({ t, labels: inputs[i]! }));
  const needed = (from: number): Set<string> => new Set([...output, ...ops.slice(from).flatMap((o) => o.labels)]);
  let acc = sumOut(ops[0]!, (l) => !needed(1).has(l));
  for (let i = 1; i < ops.length; i++) {
    const later = needed(i + 1);
    const next = sumOut(ops[i]!, (l) => !later.has(l) && !acc.labels.includes(l));
    acc = contract(acc, next, later);
  }
  acc = sumOut(acc, (l) => !output.includes(l));
  const perm = output.map((l) => acc.labels.indexOf(l));
  // An identity permute is skipped (as PyTorch skips it), unless nothing was done at all: the result is then a view.
  if (perm.every((p, i) => p === i) && acc.t !== operands[0]) return acc.t;
  return movement.permute(acc.t, perm);
}
