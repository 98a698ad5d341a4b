/**
 * PyTorch's printed form of tensors (fixtures/printing.json): number modes
 * (integer "1.", fixed "1.5000", scientific "1.0000e+08"), column widths,
 * line wrapping at 80 characters, summarisation above 1000 elements, and the
 * dtype and requires_grad suffixes. Exact text, character for character.
 */
import { describe, expect, test } from 'vitest';
import { tensor, type DType } from '@grad/core';
import { decode, readFixture, type Encoded } from './fixtures.js';

interface PrintingFixture {
  id: string;
  dtype: DType;
  shape: number[];
  values: Encoded;
  requiresGrad: boolean;
  printed: string;
}

const { cases } = readFixture<{ cases: PrintingFixture[] }>('printing.json');

describe('printed tensors against PyTorch 1.13', () => {
  test.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const values = c.dtype === 'bool' ? c.values.map(Boolean) : decode(c.values);
    const t = tensor(values as number[], { dtype: c.dtype, shape: c.shape, requiresGrad: c.requiresGrad });
    expect(t.toString()).toBe(c.printed);
  });
});
