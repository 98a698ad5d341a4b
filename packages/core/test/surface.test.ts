import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';
import { Tensor } from '../src/tensor/tensor.js';
import { UNARY_OPS } from '../src/ops/unary-rules.js';
import { FUNCTIONS_FILE, INDEX_FILE, renderFunctions, withIndexBlock } from '../scripts/surface.js';

const root = resolve(import.meta.dirname, '..');
const read = (p: string): string => readFileSync(resolve(root, p), 'utf8');
const regenerate = 'out of date: run `pnpm --filter @grad/core generate`';

describe('the public surface comes from the rule tables', () => {
  it('the generated function forms are what the table says', () => {
    expect(read(FUNCTIONS_FILE), `${FUNCTIONS_FILE} ${regenerate}`).toBe(renderFunctions());
  });
  it("index.ts's generated export block is what the table says", () => {
    const index = read(INDEX_FILE);
    expect(index, `${INDEX_FILE} ${regenerate}`).toBe(withIndexBlock(index));
  });
  it.each([...UNARY_OPS])('%s is a Tensor method and an exported function', (op) => {
    expect(typeof (Tensor.prototype as unknown as Record<string, unknown>)[op]).toBe('function');
    expect(typeof (core as Record<string, unknown>)[op]).toBe('function');
  });
});

/**
 * Hand-written ops have a method and a function form too. The lists of what
 * is deliberately only one of the two are here, each with its reason; any
 * other mismatch fails with the op's name.
 */
describe('every Tensor op method has a function form, and the reverse', () => {
  /**
   * Methods with no function form on purpose: metadata and conversions
   * (torch has no `torch.item`), autograd controls, and the aliases and
   * conveniences PyTorch offers only as methods (`view_as`, `reshape_as`,
   * `broadcast_to`, `unflatten`, `swapaxes`, Python slicing, `masked_fill`).
   */
  const methodsOnly = new Set([
    'constructor', 'dim', 'numel', 'size', 'requiresGrad_', 'retainGrad', 'registerHook', 'registerPostAccumulateGradHook',
    'backward', 'item', 'tolist', 'numpy', 'contiguous', 'to', 'float', 'double', 'int', 'bool', 'newZeros',
    'newOnes', 'newFull', 'toString', 'isContiguous', 'stride', 'storageOffset', 'dataPtr', 'viewAs', 'reshapeAs',
    'broadcastTo', 'unflatten', 'swapaxes', 'slice', 'maskedFill',
  ]);
  const methods = Object.getOwnPropertyNames(Tensor.prototype).filter((name) => {
    const d = Object.getOwnPropertyDescriptor(Tensor.prototype, name);
    return typeof d?.value === 'function' && !name.startsWith('_') && !methodsOnly.has(name) && !name.endsWith('_');
  });
  it.each(methods)('x.%s has a function form', (name) => {
    expect(typeof (core as Record<string, unknown>)[name], `export a function '${name}' from @grad/core (src/ops/functions.ts)`).toBe('function');
  });
});
