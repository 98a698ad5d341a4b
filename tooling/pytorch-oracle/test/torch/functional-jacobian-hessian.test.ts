/**
 * PyTorch's test/test_autograd.py, TestAutogradFunctional: jacobian,
 * hessian, vhp and hvp's error checks, translated (same names; float64 default).
 * PyTorch's tuples are arrays here, so its messages' "tuple of Tensors"
 * reads "array of Tensors" and create_graph=True reads createGraph: true.
 */
import { describe, expect, test } from 'vitest';
import { autograd, eye, type Tensor } from '@grad/core';
import { assertEqual, ones64, rand64, absSum, assertInterleavedStruct, assertSameStruct, bar, disconnected, three, type Nested } from './helpers.js';

const F = autograd.functional;

describe('TestAutogradFunctional (jacobian, hessian, vhp)', () => {
  test('test_jacobian_err_check', () => {
    const inp = rand64([4]);
    expect(() => F.jacobian(three, [inp, 2 as unknown as Tensor])).toThrow(/The inputs given to jacobian must be either a Tensor/);
    expect(() => F.jacobian(bar as never, inp)).toThrow(/The outputs of the user-provided function given to jacobian must/);
    let res = F.jacobian(three, inp);
    assertInterleavedStruct(res as Nested, three(inp), inp);
    const foo = (a: Tensor, b: Tensor): Tensor[] => [b, three(a)];
    const inps = [rand64([4]), rand64([5])];
    res = F.jacobian(foo as never, inps);
    assertInterleavedStruct(res as Nested, foo(inps[0]!, inps[1]!), inps);
  });

  test('test_jacobian_err_check_strict', () => {
    const inp = rand64([4]);
    expect(() => F.jacobian((a) => a.detach(), inp, { strict: true })).toThrow(/Output 0 of the user-provided function does not require gradients\./);
    let res = F.jacobian((a) => a.detach(), inp, { strict: false }) as Tensor;
    assertInterleavedStruct(res, inp, inp);
    expect(absSum(res)).toBe(0);
    expect(() => F.jacobian(disconnected, inp, { strict: true })).toThrow(/Output 0 of the user-provided function is independent of input 0\./);
    res = F.jacobian(disconnected, inp, { strict: false }) as Tensor;
    assertInterleavedStruct(res, inp, inp);
    expect(absSum(res)).toBe(0);
    inp.requiresGrad_();
    expect(() => F.jacobian((a) => a.clone(), inp, { createGraph: true, strict: true })).toThrow(/jacobian of the user-provided function is independent of input 0\./);
    res = F.jacobian((a) => a.clone(), inp, { createGraph: true, strict: false }) as Tensor;
    assertInterleavedStruct(res, inp, inp);
    assertEqual(res, eye(4, undefined, { dtype: 'float64' }));
  });

  test('test_jacobian_output', () => {
    const expReducer = (x: Tensor): Tensor => x.exp().sum(1);
    let inputs: Tensor | Tensor[] = rand64([4, 4]);
    let res = F.jacobian(expReducer, inputs) as Tensor;
    assertInterleavedStruct(res, expReducer(inputs), inputs);
    expect(res.gradFn).toBeNull();
    inputs = rand64([4]);
    res = F.jacobian((x) => x.clone(), inputs) as Tensor;
    assertInterleavedStruct(res, inputs, inputs);
    expect(res.gradFn).toBeNull();
    assertEqual(res, eye(4, undefined, { dtype: 'float64' }));
    const addExpReducer = (x: Tensor, y: Tensor): Tensor => x.add(y.exp()).sum(1);
    inputs = [rand64([4, 4]), rand64([4, 4])];
    const resList = F.jacobian(addExpReducer as never, inputs) as Tensor[];
    assertInterleavedStruct(resList, addExpReducer(inputs[0]!, inputs[1]!), inputs);
    expect(resList[0]!.gradFn).toBeNull();
    expect(resList[1]!.gradFn).toBeNull();
  });

  test('test_jacobian_scalar', () => {
    let inputs = rand64([4, 4]);
    let res = F.jacobian((x) => x.sum(), inputs);
    assertSameStruct(res as Nested, inputs);
    inputs = rand64([]);
    res = F.jacobian((x) => x.unsqueeze(0).repeat(4), inputs);
    assertSameStruct(res as Nested, ones64([4]));
  });

  test('test_jacobian_create_graph', () => {
    const expReducer = (x: Tensor): Tensor => x.exp().sum(1);
    const inputs = rand64([4, 4], true);
    const res = F.jacobian(expReducer, inputs, { createGraph: true }) as Tensor;
    assertInterleavedStruct(res, expReducer(inputs), inputs);
    expect(res.gradFn).not.toBeNull();
    const jac = (inp: Tensor): Tensor => F.jacobian(expReducer, inp, { createGraph: true }) as Tensor;
    expect(autograd.gradcheck(jac, inputs)).toBe(true);
    expect(autograd.gradgradcheck(jac, inputs)).toBe(true);
    const addExpReducer = (x: Tensor, y: Tensor): Tensor => x.add(y).exp().sum(1);
    const ins = [rand64([4, 4], true), rand64([4, 4], true)];
    const resList = F.jacobian(addExpReducer as never, ins, { createGraph: true }) as Tensor[];
    assertInterleavedStruct(resList, addExpReducer(ins[0]!, ins[1]!), ins);
    expect(resList[0]!.gradFn).not.toBeNull();
    expect(resList[1]!.gradFn).not.toBeNull();
    expect(autograd.gradcheck((...inp: Tensor[]) => F.jacobian(addExpReducer as never, inp, { createGraph: true }) as Tensor[], ins)).toBe(true);
  });

  test('test_hessian_err_check', () => {
    const foo = (a: Tensor): Tensor => a.narrow(0, 0, 3).exp().sum().mul(3);
    const bar2 = (a: Tensor): Tensor => three(a);
    const bar3 = (a: Tensor): Tensor[] => [three(a), three(a)];
    const inp = rand64([4]);
    expect(() => F.hessian(foo, [inp, 2 as unknown as Tensor])).toThrow(/The inputs given to hessian must be either a Tensor/);
    expect(() => F.hessian(bar as never, inp)).toThrow(/The outputs of the user-provided function given to hessian must/);
    expect(() => F.hessian(bar2, inp)).toThrow('The Tensor returned by the function given to hessian should contain a single element');
    expect(() => F.hessian(bar3, inp)).toThrow('The function given to hessian should return a single Tensor');
    let res = F.hessian(foo, inp);
    assertInterleavedStruct(res as Nested, inp, inp);
    const foo2 = (a: Tensor, b: Tensor): Tensor => b.narrow(0, 0, 3).mul(3).mul(a.narrow(0, 0, 3)).sum();
    const inps = [rand64([4]), rand64([5])];
    res = F.hessian(foo2 as never, inps);
    assertInterleavedStruct(res as Nested, inps, inps);
  });

  test('test_hessian_err_check_strict', () => {
    const inp = rand64([4]);
    const checks: Array<[(a: Tensor) => Tensor, RegExp]> = [
      [(a) => a.detach().sum(), /Output 0 of the user-provided function does not require gradients\./],
      [(a) => disconnected(a).sum(), /jacobian of the user-provided function with respect to input 0/],
      [(a) => a.mul(3).sum(), /jacobian of the user-provided function with respect to input 0 is/],
    ];
    for (const [fn, msg] of checks) {
      expect(() => F.hessian(fn, inp, { strict: true })).toThrow(msg);
      const res = F.hessian(fn, inp, { strict: false }) as Tensor;
      assertInterleavedStruct(res, inp, inp);
      expect(absSum(res)).toBe(0);
    }
  });

  test('test_hessian_output', () => {
    let inputs: Tensor | Tensor[] = rand64([2, 2]);
    const res = F.hessian((x) => x.pow(3).sum(), inputs) as Tensor;
    assertInterleavedStruct(res, inputs, inputs);
    expect(res.gradFn).toBeNull();
    inputs = [rand64([2, 2]), rand64([2, 2])];
    const resList = F.hessian(((x: Tensor, y: Tensor) => x.add(y).pow(3).sum()) as never, inputs) as Tensor[][];
    assertInterleavedStruct(resList, inputs, inputs);
    resList.flat().forEach((h) => expect(h.gradFn).toBeNull());
  });

  test('test_hessian_scalar', () => {
    const reducer = (x: Tensor): Tensor => x.sum();
    let inputs = rand64([4, 4]);
    let res = F.hessian(reducer, inputs);
    assertInterleavedStruct(res as Nested, inputs, inputs);
    inputs = rand64([]);
    res = F.hessian(reducer, inputs);
    assertSameStruct(res as Nested, inputs);
    // bad_reducer: a 1-element output viewed as [1, 1, 1] still has a Hessian.
    inputs = rand64([4, 4]);
    res = F.hessian((x) => x.sum().view(1, 1, 1), inputs);
    assertInterleavedStruct(res as Nested, inputs, inputs);
  });

  test('test_hessian_create_graph', () => {
    const powReducer = (x: Tensor): Tensor => x.pow(3).sum();
    const inputs = rand64([2, 2], true);
    const res = F.hessian(powReducer, inputs, { createGraph: true }) as Tensor;
    assertInterleavedStruct(res, inputs, inputs);
    expect(res.gradFn).not.toBeNull();
    const hess = (inp: Tensor): Tensor => F.hessian(powReducer, inp, { createGraph: true }) as Tensor;
    expect(autograd.gradcheck(hess, inputs)).toBe(true);
    expect(autograd.gradgradcheck(hess, inputs)).toBe(true);
    const addPowReducer = (x: Tensor, y: Tensor): Tensor => x.add(y).pow(3).sum();
    const ins = [rand64([2, 2], true), rand64([2, 2], true)];
    const resList = F.hessian(addPowReducer as never, ins, { createGraph: true }) as Tensor[][];
    assertInterleavedStruct(resList, ins, ins);
    resList.flat().forEach((h) => expect(h.gradFn).not.toBeNull());
    const flat = (...inp: Tensor[]): Tensor[] => (F.hessian(addPowReducer as never, inp, { createGraph: true }) as Tensor[][]).flat();
    expect(autograd.gradcheck(flat, ins)).toBe(true);
  });

  test('test_vhp_err_check', () => {
    const foo = (a: Tensor): Tensor => a.narrow(0, 0, 3).exp().sum().mul(3);
    const inp = rand64([4]);
    const v = rand64([4]);
    expect(() => F.vhp(foo, [inp, 2 as unknown as Tensor], v)).toThrow(/The inputs given to vhp must be either a Tensor/);
    expect(() => F.vhp(bar as never, inp, v)).toThrow(/The outputs of the user-provided function given to vhp must/);
    expect(() => F.vhp(three, inp, v)).toThrow('The Tensor returned by the function given to vhp should contain a single element');
    expect(() => F.vhp(foo, inp, rand64([5]))).toThrow(/v has invalid size:/);
    expect(() => F.vhp(foo, inp, [v, 2 as unknown as Tensor])).toThrow(/The v given to vhp must be either a Tensor or an array of Tensors/);
    assertSameStruct(F.vhp(foo, inp, v)[1], inp);
    const foo2 = (a: Tensor, b: Tensor): Tensor => b.narrow(0, 0, 3).mul(3).mul(a.narrow(0, 0, 3)).sum();
    const inps = [rand64([4]), rand64([5])];
    assertSameStruct(F.vhp(foo2 as never, inps, [rand64([4]), rand64([5])])[1], inps);
  });

  test('test_vhp_err_check_strict', () => {
    const inp = rand64([4]);
    const v = rand64([4]);
    const checks: Array<[(a: Tensor) => Tensor, RegExp]> = [
      [(a) => a.detach().sum(), /Output 0 of the user-provided function does not require gradients\./],
      [(a) => disconnected(a).sum(), /The output of the user-provided function is independent of input 0/],
      [(a) => a.mul(3).sum(), /jacobian of the user-provided function with respect to input 0 is/],
    ];
    for (const [fn, msg] of checks) {
      expect(() => F.vhp(fn, inp, v, { strict: true })).toThrow(msg);
      const res = F.vhp(fn, inp, v, { strict: false });
      assertSameStruct(res[1], inp);
      expect(absSum(res[1] as Tensor)).toBe(0);
    }
  });

  test('test_vhp_output', () => {
    const foo = (a: Tensor): Tensor => a.narrow(0, 0, 3).exp().sum().mul(3);
    const inputs = rand64([4, 4]);
    const res = F.vhp(foo, inputs, ones64([4, 4]));
    assertSameStruct(res[1], inputs);
    expect(res[0].gradFn).toBeNull();
    expect((res[1] as Tensor).gradFn).toBeNull();
    const barFn = (a: Tensor, b: Tensor): Tensor => a.add(b.narrow(0, 0, 3).mul(3)).exp().sum();
    const ins = [rand64([3]), rand64([4])];
    const [out, vhpVal] = F.vhp(barFn as never, ins, [ones64([3]), ones64([4])]);
    assertSameStruct(vhpVal, ins);
    expect(out.gradFn).toBeNull();
    (vhpVal as Tensor[]).forEach((g) => expect(g.gradFn).toBeNull());
  });

  test('test_vhp_scalar', () => {
    const reducer = (x: Tensor): Tensor => x.sum();
    let inputs = rand64([4, 4]);
    assertSameStruct(F.vhp(reducer, inputs, ones64([4, 4]))[1], inputs);
    inputs = rand64([]);
    assertSameStruct(F.vhp(reducer, inputs, rand64([]))[1], inputs);
    assertSameStruct(F.vhp(reducer, inputs)[1], inputs);
    // bad_reducer: a 1-element output viewed as [1, 1, 1].
    inputs = rand64([4, 4]);
    assertSameStruct(F.vhp((x) => x.sum().view(1, 1, 1), inputs, rand64([4, 4]))[1], inputs);
  });

  test('test_vhp_create_graph', () => {
    const foo = (a: Tensor): Tensor => a.narrow(0, 0, 3).exp().sum().mul(3);
    const inputs = rand64([4, 4], true);
    const v = ones64([4, 4], true);
    const res = F.vhp(foo, inputs, v, { createGraph: true });
    assertSameStruct(res[1], inputs);
    expect(res[0].gradFn).not.toBeNull();
    expect((res[1] as Tensor).gradFn).not.toBeNull();
    const first = (inp: Tensor, vv: Tensor): Tensor[] => F.vhp(foo, inp, vv, { createGraph: true }) as Tensor[];
    expect(autograd.gradcheck(first, [inputs, v])).toBe(true);
    expect(autograd.gradgradcheck(first, [inputs, v])).toBe(true);
    const barFn = (a: Tensor, b: Tensor): Tensor => a.add(b.narrow(0, 0, 3).mul(3)).exp().sum();
    const ins = [rand64([3], true), rand64([4], true)];
    const vs = [ones64([3], true), ones64([4], true)];
    const [out, vhpVal] = F.vhp(barFn as never, ins, vs, { createGraph: true });
    assertSameStruct(vhpVal, ins);
    expect(out.gradFn).not.toBeNull();
    (vhpVal as Tensor[]).forEach((g) => expect(g.gradFn).not.toBeNull());
    const second = (...args: Tensor[]): Tensor[] => F.vhp(barFn as never, args.slice(0, 2), args.slice(2), { createGraph: true })[1] as Tensor[];
    expect(autograd.gradcheck(second, [...ins, ...vs])).toBe(true);
    expect(autograd.gradgradcheck(second, [...ins, ...vs])).toBe(true);
  });

  test('test_hvp_err_check', () => {
    const foo = (a: Tensor): Tensor => a.narrow(0, 0, 3).exp().sum().mul(3);
    const inp = rand64([4]);
    const v = rand64([4]);
    F.hvp(foo, inp, v);
    expect(() => F.hvp(foo, [inp, 2 as unknown as Tensor], v)).toThrow(/The inputs given to hvp must be either a Tensor/);
    expect(() => F.hvp(bar as never, inp, v)).toThrow(/The outputs of the user-provided function given to hvp must/);
    expect(() => F.hvp(three, inp, v)).toThrow('The Tensor returned by the function given to hvp should contain a single element');
    expect(() => F.hvp(foo, inp, rand64([5]))).toThrow(/v has invalid size:/);
    expect(() => F.hvp(foo, inp, [v, 2 as unknown as Tensor])).toThrow(/The v given to hvp must be either a Tensor or an array of Tensors/);
    assertSameStruct(F.hvp(foo, inp, v)[1], inp);
    const foo2 = (a: Tensor, b: Tensor): Tensor => b.narrow(0, 0, 3).mul(3).mul(a.narrow(0, 0, 3)).sum();
    const inps = [rand64([4]), rand64([5])];
    assertSameStruct(F.hvp(foo2 as never, inps, [rand64([4]), rand64([5])])[1], inps);
  });

  test('test_hvp_err_check_strict', () => {
    const inp = rand64([4]);
    const v = rand64([4]);
    const checks: Array<[(a: Tensor) => Tensor, RegExp]> = [
      [(a) => a.detach().sum(), /Output 0 of the user-provided function does not require gradients\./],
      [(a) => disconnected(a).sum(), /The output of the user-provided function is independent of input 0/],
      [(a) => a.mul(3).sum(), /jacobian of the user-provided function with respect to input 0 is/],
    ];
    for (const [fn, msg] of checks) {
      expect(() => F.hvp(fn, inp, v, { strict: true })).toThrow(msg);
      const res = F.hvp(fn, inp, v, { strict: false });
      assertSameStruct(res[1], inp);
      expect(absSum(res[1] as Tensor)).toBe(0);
    }
  });
});
