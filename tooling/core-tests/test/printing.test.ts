/**
 * The printed form, derived from PyTorch's torch/_tensor_str.py:
 *
 * - _Formatter looks at the finite nonzero values. All integral → "int mode"
 *   (`1.`), width = len('{:.0f}') + 1. Otherwise fixed `{:.4f}`. Scientific
 *   `{:.4e}` when max/min > 1000 or max > 1e8 (and, outside int mode, when
 *   min < 1e-4). Every element is right-aligned to the widest.
 * - _vector_str puts floor((80 − indent) / (width + 2)) elements per line,
 *   continuing lines at indent + 1 (indent = len('tensor(') = 7).
 * - More than 1000 elements: 3 edge items each side and `...`.
 * - Matrices are joined by ',' + '\n' × (dim − 1) + spaces.
 * - Suffixes: device (if not cpu), dtype (if not the default), then
 *   grad_fn=<…> or requires_grad=True; a suffix that would pass column 80
 *   goes on its own line.
 */
import { describe, expect, it } from 'vitest';
import { format, inspect } from 'node:util';
import './setup-backend.js';
import { arange, listBackends, ones, registerBackend, tensor, zeros } from '@grad/core';
import { cpu } from '@grad/backend-cpu';

const pad = (s: string, w: number): string => ' '.repeat(Math.max(0, w - s.length)) + s;

describe('number formats', () => {
  it('int mode: integral floats print as "1."', () => {
    expect(String(tensor([1, 2, 3]))).toBe('tensor([1., 2., 3.])');
    expect(String(tensor([-1, 0, 2]))).toBe('tensor([-1.,  0.,  2.])');
    // All zeros: no nonzero values, int mode, width 1 → '0.'.
    expect(String(zeros(3))).toBe('tensor([0., 0., 0.])');
  });

  it('fixed mode: 4 decimals, right-aligned', () => {
    expect(String(tensor([1.5, 2.25]))).toBe('tensor([1.5000, 2.2500])');
    // '-1.5000' and '10.0000' are both 7 wide.
    expect(String(tensor([-1.5, 10]))).toBe('tensor([-1.5000, 10.0000])');
    // widths 6 and 7: the shorter is padded.
    expect(String(tensor([0.5, 12.25]))).toBe('tensor([ 0.5000, 12.2500])');
  });

  it('columns are as wide as the widest element', () => {
    // '100.' is 4 wide.
    expect(String(tensor([1, 10, 100]))).toBe('tensor([  1.,  10., 100.])');
  });

  it('scientific mode when max/min > 1000, max > 1e8, or (not int) min < 1e-4', () => {
    // int mode with max/min = 1e8 > 1000
    expect(String(tensor([1e8, 1]))).toBe('tensor([1.0000e+08, 1.0000e+00])');
    // int mode with max > 1e8 though max/min = 1.5
    expect(String(tensor([2e8, 3e8]))).toBe('tensor([2.0000e+08, 3.0000e+08])');
    // not integral, min < 1e-4
    expect(String(tensor([0.00001, 1]))).toBe('tensor([1.0000e-05, 1.0000e+00])');
    // a sign widens one element; the other is padded
    expect(String(tensor([-0.00001, 1]))).toBe('tensor([-1.0000e-05,  1.0000e+00])');
    // max/min = 1001 > 1000 with a fraction
    expect(String(tensor([0.5, 500.5], { dtype: 'float64' }))).toBe('tensor([5.0000e-01, 5.0050e+02], dtype=torch.float64)');
    // max/min = 1000 exactly is not > 1000: int mode stays
    expect(String(tensor([1, 1000]))).toBe('tensor([   1., 1000.])');
  });

  it('nan and inf are left out of the width and printed as nan/inf', () => {
    // int mode from the single finite value 1 → width 2; 'nan'/'inf' are longer and unpadded.
    expect(String(tensor([NaN, Infinity, 1]))).toBe('tensor([nan, inf, 1.])');
    expect(String(tensor([-Infinity, 2]))).toBe('tensor([-inf, 2.])');
    // fixed mode, width 6 from '1.5000': 'nan' is padded to 6.
    expect(String(tensor([1.5, NaN]))).toBe('tensor([1.5000,    nan])');
    // scientific mode, width 10: nan and inf are padded to it
    expect(String(tensor([1e-5, NaN, Infinity]))).toBe('tensor([1.0000e-05,        nan,        inf])');
  });

  it('ties round half to even, as Python’s format does', () => {
    // 0.03125 = 1/32 is exactly halfway between 0.0312 and 0.0313; Python's '{:.4f}' gives 0.0312.
    expect(String(tensor([0.03125, 1]))).toBe('tensor([0.0312, 1.0000])');
    // A value that is not a tie rounds the same either way.
    expect(String(tensor([0.15625 + 2 ** -20, 1]))).toBe('tensor([0.1563, 1.0000])');
  });

  it('negative zero keeps its sign', () => {
    // Python: f'{-0.0:.0f}' is '-0'; PyTorch prints tensor([-0., 1.]).
    expect(String(tensor([-0, 1]))).toBe('tensor([-0., 1.])');
    expect(Object.is(tensor([-0]).tolist()[0], -0)).toBe(true);
  });

  it('0-d tensors', () => {
    expect(String(tensor(3.5))).toBe('tensor(3.5000)');
    expect(String(tensor(2))).toBe('tensor(2.)');
    expect(String(tensor(-2.5))).toBe('tensor(-2.5000)');
    expect(String(tensor(7, { dtype: 'int32' }))).toBe('tensor(7)');
    expect(String(tensor(true))).toBe('tensor(True)');
    expect(String(tensor(1e10))).toBe('tensor(1.0000e+10)');
  });
});

describe('dtypes', () => {
  it('float64 gets a dtype suffix; float32 does not', () => {
    expect(String(tensor([1, 2], { dtype: 'float64' }))).toBe('tensor([1., 2.], dtype=torch.float64)');
    expect(String(tensor([1, 2], { dtype: 'float32' }))).toBe('tensor([1., 2.])');
  });

  it('int32 prints like PyTorch’s default int64: plain numbers, no suffix', () => {
    expect(String(tensor([1, 2, 3], { dtype: 'int32' }))).toBe('tensor([1, 2, 3])');
    // widths: '-10' and '100' are 3 wide
    expect(String(tensor([1, -10, 100], { dtype: 'int32' }))).toBe('tensor([  1, -10, 100])');
    expect(String(tensor([[1, -2], [30, 4]], { dtype: 'int32' }))).toBe('tensor([[ 1, -2],\n        [30,  4]])');
    expect(String(arange(4))).toBe('tensor([0, 1, 2, 3])');
  });

  it('bool prints True/False, right-aligned to "False"', () => {
    expect(String(tensor([true, false]))).toBe('tensor([ True, False])');
    expect(String(tensor([[true, false], [false, true]]))).toBe('tensor([[ True, False],\n        [False,  True]])');
    expect(String(tensor([1, 2]).gt(1))).toBe('tensor([False,  True])');
    expect(String(tensor([true, true]))).toBe('tensor([True, True])');
  });
});

describe('empty tensors', () => {
  it('print [] with the size when it is not (0,) and the dtype when not float32', () => {
    expect(String(tensor([]))).toBe('tensor([])');
    expect(String(zeros(0))).toBe('tensor([])');
    expect(String(zeros(0, 3))).toBe('tensor([], size=(0, 3))');
    expect(String(zeros(2, 0, 3))).toBe('tensor([], size=(2, 0, 3))');
    // No element tells the dtype, so even the default int is named (PyTorch does so for int64).
    expect(String(zeros([0], { dtype: 'int32' }))).toBe('tensor([], dtype=torch.int32)');
    expect(String(zeros([0], { dtype: 'float64' }))).toBe('tensor([], dtype=torch.float64)');
    expect(String(zeros([0], { requiresGrad: true }))).toBe('tensor([], requires_grad=True)');
  });
});

describe('matrices and higher', () => {
  it('2-D: rows on their own lines, indented under the first', () => {
    expect(String(tensor([[1, 2], [3, 4]]))).toBe('tensor([[1., 2.],\n        [3., 4.]])');
    expect(String(tensor([[0.5, 2], [3, -4]]))).toBe('tensor([[ 0.5000,  2.0000],\n        [ 3.0000, -4.0000]])');
  });

  it('3-D: a blank line between matrices', () => {
    const x = arange(8).float().reshape(2, 2, 2);
    expect(String(x)).toBe(
      'tensor([[[0., 1.],\n' +
        '         [2., 3.]],\n' +
        '\n' +
        '        [[4., 5.],\n' +
        '         [6., 7.]]])',
    );
  });

  it('4-D: two blank lines between the outermost blocks', () => {
    const x = ones(2, 1, 1, 1);
    expect(String(x)).toBe('tensor([[[[1.]]],\n\n\n        [[[1.]]]])');
  });

  it('a non-contiguous view prints its logical order', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]).t();
    expect(String(x)).toBe('tensor([[1., 4.],\n        [2., 5.],\n        [3., 6.]])');
  });
});

describe('line wrapping at 80 characters', () => {
  it('arange(30): 14 elements of width 3 per line, continued at column 8', () => {
    // element length 3 + 2 = 5; floor((80 − 7) / 5) = 14 per line.
    const el = (i: number): string => pad(`${i}.`, 3);
    const row = (from: number, to: number): string =>
      Array.from({ length: to - from }, (_, k) => el(from + k)).join(', ');
    const expected = `tensor([${row(0, 14)},\n        ${row(14, 28)},\n        ${row(28, 30)}])`;
    expect(String(arange(30).float())).toBe(expected);
    expect(expected.split('\n')[0]).toBe('tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,');
    for (const line of expected.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('fixed-width floats: floor(73 / 8) = 9 per line', () => {
    const x = arange(10).float().add(0.5);
    // '0.5000' … '9.5000', width 6 + 2 = 8
    const vals = Array.from({ length: 10 }, (_, i) => `${i}.5000`);
    expect(String(x)).toBe(`tensor([${vals.slice(0, 9).join(', ')},\n        ${vals[9]}])`);
  });

  it('rows of a matrix wrap too, continued one column further in (indent 9)', () => {
    // rows are printed at indent 8: floor((80 − 8) / 5) = 14 elements per line
    const el = (i: number): string => pad(`${i}.`, 3);
    const row = (from: number, to: number): string =>
      Array.from({ length: to - from }, (_, k) => el(from + k)).join(', ');
    expect(String(arange(40).float().reshape(2, 20))).toBe(
      `tensor([[${row(0, 14)},\n         ${row(14, 20)}],\n        [${row(20, 34)},\n         ${row(34, 40)}]])`,
    );
  });

  it('a suffix that would pass column 80 goes on its own line, indented 7', () => {
    // One line of 14 elements is 77 characters long; 77 + 2 + len('requires_grad=True') > 80.
    const x = arange(14).float().requiresGrad_();
    const body = Array.from({ length: 14 }, (_, i) => pad(`${i}.`, 3)).join(', ');
    expect(String(x)).toBe(`tensor([${body}],\n       requires_grad=True)`);
    // A short tensor keeps it on the same line.
    expect(String(tensor([1], { requiresGrad: true }))).toBe('tensor([1.], requires_grad=True)');
  });
});

describe('summarisation above 1000 elements', () => {
  it('ones(2000): three edge items each side', () => {
    expect(String(ones(2000))).toBe('tensor([1., 1., 1.,  ..., 1., 1., 1.])');
  });

  it('exactly 1000 elements are all shown', () => {
    const s = String(zeros(1000));
    expect(s).not.toContain('...');
    expect(s.match(/0\./g)!.length).toBe(1000);
  });

  it('arange(2000): the formatter sees only the shown values (1999/1 > 1000 → scientific)', () => {
    // width 10 + 2 = 12; floor(73 / 12) = 6 items per line, ' ...' counting as one.
    expect(String(arange(2000).float())).toBe(
      'tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])',
    );
  });

  it('ones(100, 100): rows summarised too, with a "..." row', () => {
    const row = '[1., 1., 1.,  ..., 1., 1., 1.]';
    const rows = [row, row, row, '...', row, row, row];
    expect(String(ones(100, 100))).toBe(`tensor([${rows.join(',\n        ')}])`);
  });

  it('3-D: the "..." stands between blank lines', () => {
    const m = '[[1.]]';
    const parts = [m, m, m, '...', m, m, m];
    expect(String(ones(1001, 1, 1))).toBe(`tensor([${parts.join(',\n\n        ')}])`);
  });

  it('bool: width from the shown values only ("True" → 4)', () => {
    expect(String(ones([2000], { dtype: 'bool' }))).toBe('tensor([True, True, True,  ..., True, True, True])');
  });

  it('int32: arange(1200)', () => {
    // int width is that of the widest shown value, '1199' → 4
    expect(String(arange(1200))).toBe('tensor([   0,    1,    2,  ..., 1197, 1198, 1199])');
  });
});

describe('autograd and device suffixes', () => {
  it('requires_grad=True on leaves, grad_fn=<…> on results', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(String(x)).toBe('tensor([1., 2.], requires_grad=True)');
    expect(String(x.mul(2))).toBe('tensor([2., 4.], grad_fn=<MulBackward0>)');
    expect(String(x.sum())).toBe('tensor(3., grad_fn=<SumBackward0>)');
    expect(String(x.mean())).toBe('tensor(1.5000, grad_fn=<MeanBackward0>)');
    // detach() drops both.
    expect(String(x.detach())).toBe('tensor([1., 2.])');
  });

  it('dtype comes before requires_grad', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    expect(String(x)).toBe('tensor([1., 2.], dtype=torch.float64, requires_grad=True)');
    expect(String(x.exp().log())).toBe('tensor([1., 2.], dtype=torch.float64, grad_fn=<LogBackward0>)');
  });

  it("device='…' for a tensor not on cpu, first among the suffixes", () => {
    if (!listBackends().includes('cpu2')) registerBackend({ ...cpu(), name: 'cpu2' });
    expect(String(tensor([1, 2], { device: 'cpu2' }))).toBe("tensor([1., 2.], device='cpu2')");
    expect(String(tensor([1, 2], { device: 'cpu2', dtype: 'float64', requiresGrad: true }))).toBe(
      "tensor([1., 2.], device='cpu2', dtype=torch.float64, requires_grad=True)",
    );
  });
});

describe('Node’s util.inspect and console.log', () => {
  it('inspect(t), format(t) (what console.log prints), `${t}` and String(t) agree', () => {
    const x = tensor([[0, 1], [2, 3]], { requiresGrad: true });
    const text = 'tensor([[0., 1.],\n        [2., 3.]], requires_grad=True)';
    expect(String(x)).toBe(text);
    expect(inspect(x)).toBe(text);
    expect(format(x)).toBe(text);
    expect(format('%s', x)).toBe(text);
    expect(`${x}`).toBe(text);
  });

  it('inside an object the text appears as is', () => {
    expect(inspect({ a: tensor([1]) })).toBe('{ a: tensor([1.]) }');
  });
});
