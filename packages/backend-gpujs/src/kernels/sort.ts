import type { Storage, StridedView } from '@grad/core';
import type { Context } from '../context.js';
import { chunkLoop, chunkPrelude, chunks, coalesce, dot, kernelFunction, names, numel, splitIndex } from '../codegen.js';
import { bufferOf, type GpujsStorage } from '../storage.js';
import { reduce } from './reduce.js';

/** Lines splitting the flat element index `i` of rows of `n` into row `r` and position `a` (exact despite GL division). */
const rowAndPosition = (flat: string, row: string, pos: string): string[] => [
  `var ${row} = Math.floor(${flat} / n);`,
  `var ${pos} = ${flat} - ${row} * n;`,
  `if (${pos} < 0) { ${pos} = ${pos} + n; ${row} = ${row} - 1; }`,
  `if (${pos} >= n) { ${pos} = ${pos} - n; ${row} = ${row} + 1; }`,
];

/**
 * Whether element j (value v) sorts before element a (value va): a stable
 * order with NaN as the largest value (last ascending, first descending).
 */
const precedes = (descending: boolean): string =>
  descending
    ? '(v != v && (va == va || j < a)) || (v == v && va == va && (v > va || (v == va && j < a)))'
    : '(va != va && (v == v || j < a)) || (va == va && v == v && (v < va || (v == va && j < a)))';

/**
 * Stable argsort of each last-axis row, by ranks (no data-dependent
 * control flow, which GL lacks): pass 1 gives every element its rank, the
 * number of elements that sort before it (one thread per element and chunk
 * of its row; chunks summed by the reduce kernel); pass 2 gives every
 * output position the element of that rank (one thread per position and
 * chunk; chunks combined by max, the others returning −1). O(n²) work per
 * row of n, spread over n threads.
 */
export function argsort(ctx: Context, x: StridedView, descending: boolean): Storage {
  const rank = x.shape.length;
  const n = rank === 0 ? 1 : x.shape[rank - 1]!;
  const outer = coalesce(x.shape.slice(0, Math.max(rank - 1, 0)), [x.strides.slice(0, Math.max(rank - 1, 0))]);
  const total = numel(outer.shape) * n;
  if (total === 0) return ctx.fill(0, 0, 'int32');
  const k = outer.shape.length;
  const nch = chunks(n);
  const xs = names('xs', k);
  const rankArgs = [...outer.shape, n, nch, bufferOf(x.storage), x.offset, ...outer.strides[0]!, rank === 0 ? 0 : x.strides[rank - 1]!];
  const rankSource = (): string =>
    kernelFunction(
      [...names('sh', k), 'n', 'nch', 'x', 'xo', ...xs, 'xa'],
      [
        ...chunkPrelude(),
        ...rowAndPosition('i', 'r', 'a'),
        splitIndex('r', k, 'sh', 'c'),
        `var base = ${dot('xo', names('c', k), xs)};`,
        'var va = x[base + a * xa];',
        'var cnt = 0;',
        ...chunkLoop('j', 'n', ['var v = x[base + j * xa];', `if (${precedes(descending)}) { cnt = cnt + 1; }`]),
        'return cnt;',
      ],
    );
  const rankPartial = ctx.run('int32', `argsort:rank:${descending ? 'd' : 'a'}|k${k}`, rankSource, total * nch, rankArgs);
  let ranks = rankPartial;
  if (nch > 1) {
    ranks = reduce(ctx, 'sum', { storage: rankPartial, shape: [total, nch], strides: [nch, 1], offset: 0 }, [1]) as GpujsStorage;
    ctx.release(rankPartial);
  }
  const pickSource = (): string =>
    kernelFunction(
      ['n', 'nch', 'rk'],
      [
        ...chunkPrelude(),
        ...rowAndPosition('i', 'r', 'p'),
        'var found = -1;',
        ...chunkLoop('a', 'n', ['if (rk[r * n + a] == p) { found = a; }']),
        'return found;',
      ],
    );
  const picked = ctx.run('int32', 'argsort:pick', pickSource, total * nch, [n, nch, bufferOf(ranks)]);
  ctx.release(ranks);
  if (nch === 1) return picked;
  const merged = reduce(ctx, 'max', { storage: picked, shape: [total, nch], strides: [nch, 1], offset: 0 }, [1]);
  ctx.release(picked);
  return merged;
}
