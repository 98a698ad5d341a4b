/**
 * PyTorch's test/test_autograd.py, TestAutogradFunctional: vjp and jvp,
 * translated (same names; float64 default).
 * PyTorch's tuples are arrays here, so its messages' "tuple of Tensors"
 * reads "array of Tensors" and create_graph=True reads createGraph: true.
 */
import { describe, expect, test } from 'vitest';
import { autograd, tensor, type Tensor } from '@grad/core';
import { assertEqual, ones64, rand64, absSum, assertSameStruct, bar, disconnected, three } from './helpers.js';

const F = autograd.functional;

describe('TestAutogradFunctional (vjp, jvp)', () => {
  test('test_vjp_err_check', () => {
    const inp = rand64([4]);
    const v = ones64([3]);
    expect(() => F.vjp(three, [inp, 2 as unknown as Tensor], v)).toThrow(/The inputs given to vjp must be either a Tensor/);
    expect(() => F.vjp(bar as never, inp, v)).toThrow(/The outputs of the user-provided function given to vjp must/);
    expect(() => F.vjp(three, inp)).toThrow(/The vector v can only be None if the user-provided function returns/);
    expect(() => F.vjp(three, inp, [inp.newOnes(inp.shape), inp.newOnes(inp.shape)])).toThrow('The given v should contain a single Tensor.');
    expect(() => F.vjp(three, inp, v.narrow(0, 0, 2))).toThrow('v has invalid size: should be [3] but got [2].');
    assertSameStruct(F.vjp(three, inp, v)[1], inp);
  });

  test('test_vjp_err_check_strict', () => {
    const inp = rand64([4]);
    const v = rand64([4]);
    expect(() => F.vjp((a) => a.detach(), inp, v, { strict: true })).toThrow(/Output 0 of the user-provided function does not require gradients\./);
    let res = F.vjp((a) => a.detach(), inp, v, { strict: false });
    assertSameStruct(res[1], inp);
    expect(absSum(res[1] as Tensor)).toBe(0);
    expect(() => F.vjp(disconnected, inp, v, { strict: true })).toThrow(/The output of the user-provided function is independent of input 0/);
    res = F.vjp(disconnected, inp, v, { strict: false });
    assertSameStruct(res[1], inp);
    expect(absSum(res[1] as Tensor)).toBe(0);
    // The Jacobian does not depend on the input.
    inp.requiresGrad_();
    expect(() => F.vjp((a) => a.clone(), inp, v, { createGraph: true, strict: true })).toThrow(/jacobian of the user-provided function is independent of input 0\./);
    res = F.vjp((a) => a.clone(), inp, v, { createGraph: true, strict: false });
    assertSameStruct(res[1], inp);
    assertEqual(res[1] as Tensor, v);
  });

  test('test_vjp_output', () => {
    let inputs: Tensor | Tensor[] = rand64([4, 4]);
    let res = F.vjp((x) => x.sum(1), inputs, ones64([4]));
    assertSameStruct(res[1], inputs);
    expect((res[0] as Tensor).gradFn).toBeNull();
    expect((res[1] as Tensor).gradFn).toBeNull();
    inputs = [rand64([2]), rand64([2])];
    res = F.vjp((x, y) => x!.mul(2).add(y!.mul(3)), inputs, ones64([2]));
    assertSameStruct(res[1], inputs);
    expect((res[0] as Tensor).gradFn).toBeNull();
    (res[1] as Tensor[]).forEach((g) => expect(g.gradFn).toBeNull());
    inputs = [rand64([2]), rand64([2])];
    const v = [tensor([1, 0], { dtype: 'float64' }), tensor([1, 0], { dtype: 'float64' })];
    res = F.vjp((x, y) => [x!.mul(2).add(y!.mul(3)), x!.add(y!)], inputs, v);
    assertSameStruct(res[1], inputs);
    (res[0] as Tensor[]).forEach((o) => expect(o.gradFn).toBeNull());
    (res[1] as Tensor[]).forEach((g) => expect(g.gradFn).toBeNull());
  });

  test('test_vjp_scalar', () => {
    const reducer = (x: Tensor): Tensor => x.sum();
    let inputs = rand64([4, 4]);
    const v = ones64([]);
    let res = F.vjp(reducer, inputs, v);
    assertSameStruct(res[0], v);
    assertSameStruct(res[1], inputs);
    res = F.vjp(reducer, inputs);
    assertSameStruct(res[0], v);
    assertSameStruct(res[1], inputs);
    inputs = rand64([]);
    const v4 = ones64([4]);
    res = F.vjp((x) => x.unsqueeze(0).repeat(4), inputs, v4);
    assertSameStruct(res[0], v4);
    assertSameStruct(res[1], inputs);
  });

  test('test_vjp_create_graph', () => {
    const reducer = (x: Tensor): Tensor => x.sum(1);
    const inputs = rand64([2, 2], true);
    const v = ones64([2], true);
    const res = F.vjp(reducer, inputs, v, { createGraph: true });
    assertSameStruct(res[1], inputs);
    expect((res[0] as Tensor).gradFn).not.toBeNull();
    expect((res[1] as Tensor).gradFn).not.toBeNull();
    const first = (inp: Tensor, vv: Tensor): Tensor[] => F.vjp(reducer, inp, vv, { createGraph: true }) as Tensor[];
    expect(autograd.gradcheck(first, [inputs, v])).toBe(true);
    expect(autograd.gradgradcheck(first, [inputs, v])).toBe(true);
    const adder = (x: Tensor, y: Tensor): Tensor[] => [x.mul(2).add(y.mul(3)), x.mul(y)];
    const ins = [rand64([2], true), rand64([2], true)];
    const vs = [tensor([1, 0], { dtype: 'float64', requiresGrad: true }), tensor([1, 0], { dtype: 'float64', requiresGrad: true })];
    const second = (...args: Tensor[]): Tensor[] => F.vjp(adder as never, args.slice(0, 2), args.slice(2), { createGraph: true })[1] as Tensor[];
    expect(autograd.gradcheck(second, [...ins, ...vs])).toBe(true);
    expect(autograd.gradgradcheck(second, [...ins, ...vs])).toBe(true);
    const foo = (...args: Tensor[]): Tensor => {
      const x = args[0]!.cos();
      const y = args[1]!;
      const [val, grad] = F.vjp(adder as never, [x, y], args.slice(2), { createGraph: true }) as [Tensor[], Tensor[]];
      return val[0]!.exp().add(val[1]!.exp()).add(grad[0]!.exp()).add(grad[1]!.exp()).add(x.exp()).add(y.exp());
    };
    expect(autograd.gradcheck(foo, [...ins, ...vs])).toBe(true);
    expect(autograd.gradgradcheck(foo, [...ins, ...vs])).toBe(true);
  });

  test('test_jvp_err_check', () => {
    const inp = rand64([4]);
    const v = rand64([4]);
    expect(() => F.jvp(three, [inp, 2 as unknown as Tensor], v)).toThrow(/The inputs given to jvp must be either a Tensor/);
    expect(() => F.jvp(bar as never, inp, v)).toThrow(/The outputs of the user-provided function given to jvp must/);
    expect(() => F.jvp(three, inp)).toThrow(/The vector v can only be None if the input to the user-provided function/);
    expect(() => F.jvp(three, inp, [v, v])).toThrow('The given v should contain a single Tensor.');
    expect(() => F.jvp(three, inp, v.narrow(0, 0, 2))).toThrow(/v has invalid size: should be \[4\]/);
    assertSameStruct(F.jvp(three, inp, v)[1], three(inp));
  });

  test('test_jvp_err_check_strict', () => {
    const inp = rand64([4]);
    const v = rand64([4]);
    expect(() => F.jvp((a) => a.detach(), inp, v, { strict: true })).toThrow(/Output 0 of the user-provided function does not require gradients\./);
    let res = F.jvp((a) => a.detach(), inp, v, { strict: false });
    assertSameStruct(res[1], res[0]);
    expect(absSum(res[1] as Tensor)).toBe(0);
    expect(() => F.jvp(disconnected, inp, v, { strict: true })).toThrow(/The output of the user-provided function is independent of input 0/);
    res = F.jvp(disconnected, inp, v, { strict: false });
    assertSameStruct(res[1], res[0]);
    expect(absSum(res[1] as Tensor)).toBe(0);
    inp.requiresGrad_();
    expect(() => F.jvp((a) => a.clone(), inp, v, { createGraph: true, strict: true })).toThrow(/jacobian of the user-provided function is independent of input 0\./);
    res = F.jvp((a) => a.clone(), inp, v, { createGraph: true, strict: false });
    assertSameStruct(res[1], inp);
    assertEqual(res[1] as Tensor, v);
  });

  test('test_jvp_output', () => {
    let res = F.jvp((x) => x.sum(1), rand64([4, 4]), ones64([4, 4]));
    assertSameStruct(res[1], res[0]);
    expect((res[0] as Tensor).gradFn).toBeNull();
    expect((res[1] as Tensor).gradFn).toBeNull();
    res = F.jvp((x, y) => x!.mul(2).add(y!.mul(3)), [rand64([2]), rand64([2])], [ones64([2]), ones64([2])]);
    assertSameStruct(res[1], res[0]);
    expect((res[0] as Tensor).gradFn).toBeNull();
    const v = [tensor([1, 0], { dtype: 'float64' }), tensor([1, 0], { dtype: 'float64' })];
    res = F.jvp((x, y) => [x!.mul(2).add(y!.mul(3)), x!.add(y!)], [rand64([2]), rand64([2])], v);
    assertSameStruct(res[1], res[0]);
    (res[0] as Tensor[]).forEach((o) => expect(o.gradFn).toBeNull());
    (res[1] as Tensor[]).forEach((g) => expect(g.gradFn).toBeNull());
  });

  test('test_jvp_scalar', () => {
    let res = F.jvp((x) => x.sum(), rand64([4, 4]), ones64([4, 4]));
    assertSameStruct(res[0], ones64([]));
    assertSameStruct(res[1], res[0]);
    const expander = (x: Tensor): Tensor => x.unsqueeze(0).repeat(4);
    const inputs = rand64([]);
    res = F.jvp(expander, inputs, ones64([]));
    assertSameStruct(res[0], ones64([4]));
    assertSameStruct(res[1], res[0]);
    res = F.jvp(expander, inputs);
    assertSameStruct(res[0], ones64([4]));
    assertSameStruct(res[1], res[0]);
  });

  test('test_jvp_create_graph', () => {
    const reducer = (x: Tensor): Tensor => x.sum(1);
    const inputs = rand64([2, 2], true);
    const v = ones64([2, 2], true);
    const res = F.jvp(reducer, inputs, v, { createGraph: true });
    assertSameStruct(res[1], res[0]);
    expect((res[0] as Tensor).gradFn).not.toBeNull();
    expect((res[1] as Tensor).gradFn).not.toBeNull();
    const first = (inp: Tensor, vv: Tensor): Tensor[] => F.jvp(reducer, inp, vv, { createGraph: true }) as Tensor[];
    expect(autograd.gradcheck(first, [inputs, v])).toBe(true);
    expect(autograd.gradgradcheck(first, [inputs, v])).toBe(true);
    const adder = (x: Tensor, y: Tensor): Tensor[] => [x.mul(2).add(y.mul(3)), x.mul(y)];
    const ins = [rand64([2], true), rand64([2], true)];
    const vs = [tensor([1, 0], { dtype: 'float64', requiresGrad: true }), tensor([1, 0], { dtype: 'float64', requiresGrad: true })];
    const second = (...args: Tensor[]): Tensor[] => F.jvp(adder as never, args.slice(0, 2), args.slice(2), { createGraph: true })[1] as Tensor[];
    expect(autograd.gradcheck(second, [...ins, ...vs])).toBe(true);
    expect(autograd.gradgradcheck(second, [...ins, ...vs])).toBe(true);
  });

});
