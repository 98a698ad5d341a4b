/**
 * PyTorch's test/test_autograd.py, TestAutogradFunctional (continued): hvp,
 * and the agreement of jacobian/hessian with the vector products; plus
 * TestAutogradDeviceType's CPU cases that grad's ops cover. Translated,
 * same names, float64 default.
 */
import { describe, expect, test } from 'vitest';
import { autograd, ones, tensor, type DType, type Tensor } from '@grad/core';
import { assertEqual, ones64, rand64, assertSameStruct } from './helpers.js';

const F = autograd.functional;

const bar = (a: Tensor, b: Tensor): Tensor => a.add(b.narrow(0, 0, 3).mul(3)).exp().sum();
const foo = (a: Tensor): Tensor => a.narrow(0, 0, 3).exp().sum().mul(3);

describe('TestAutogradFunctional (hvp)', () => {
  test('test_hvp_output', () => {
    const inputs = rand64([4, 4]);
    const res = F.hvp(foo, inputs, ones64([4, 4]));
    assertSameStruct(res[1], inputs);
    expect(res[0].gradFn).toBeNull();
    expect((res[1] as Tensor).gradFn).toBeNull();
    const ins = [rand64([3]), rand64([4])];
    const [out, hvpVal] = F.hvp(bar as never, ins, [ones64([3]), ones64([4])]);
    assertSameStruct(hvpVal, ins);
    expect(out.gradFn).toBeNull();
    (hvpVal as Tensor[]).forEach((g) => expect(g.gradFn).toBeNull());
  });

  test('test_hvp_scalar', () => {
    const reducer = (x: Tensor): Tensor => x.exp().sum();
    let inputs = rand64([4, 4]);
    assertSameStruct(F.hvp(reducer, inputs, ones64([4, 4]))[1], inputs);
    inputs = rand64([]);
    assertSameStruct(F.hvp(reducer, inputs, rand64([]))[1], inputs);
    assertSameStruct(F.hvp(reducer, inputs)[1], inputs);
    // bad_reducer: a 1-element output viewed as [1, 1, 1].
    inputs = rand64([4, 4]);
    assertSameStruct(F.hvp((x) => x.exp().sum().view(1, 1, 1), inputs, rand64([4, 4]))[1], inputs);
  });

  test('test_hvp_create_graph', () => {
    const inputs = rand64([4, 4], true);
    const v = ones64([4, 4], true);
    const res = F.hvp(foo, inputs, v, { createGraph: true });
    assertSameStruct(res[1], inputs);
    expect(res[0].gradFn).not.toBeNull();
    expect((res[1] as Tensor).gradFn).not.toBeNull();
    const first = (inp: Tensor, vv: Tensor): Tensor[] => F.hvp(foo, inp, vv, { createGraph: true }) as Tensor[];
    expect(autograd.gradcheck(first, [inputs, v])).toBe(true);
    expect(autograd.gradgradcheck(first, [inputs, v])).toBe(true);
    const ins = [rand64([3], true), rand64([4], true)];
    const vs = [ones64([3], true), ones64([4], true)];
    const [out, hvpVal] = F.hvp(bar as never, ins, vs, { createGraph: true });
    assertSameStruct(hvpVal, ins);
    expect(out.gradFn).not.toBeNull();
    (hvpVal as Tensor[]).forEach((g) => expect(g.gradFn).not.toBeNull());
    const second = (...args: Tensor[]): Tensor[] => F.hvp(bar as never, args.slice(0, 2), args.slice(2), { createGraph: true })[1] as Tensor[];
    expect(autograd.gradcheck(second, [...ins, ...vs])).toBe(true);
    expect(autograd.gradgradcheck(second, [...ins, ...vs])).toBe(true);
    const composite = (...args: Tensor[]): Tensor => {
      const x = args[0]!.cos();
      const y = args[1]!;
      const [val, grad] = F.hvp(bar as never, [x, y], args.slice(2), { createGraph: true }) as [Tensor, Tensor[]];
      return val.cos().add(grad[0]!.cos().sum()).add(grad[1]!.cos()).add(x.cos().sum()).add(y.cos());
    };
    expect(autograd.gradcheck(composite, [...ins, ...vs])).toBe(true);
    expect(autograd.gradgradcheck(composite, [...ins, ...vs])).toBe(true);
  });

  test('test_jacobian_match_vjp_jvp', () => {
    const fn = (x: Tensor): Tensor => x.pow(3).add(x.sum());
    const inputs = rand64([4]);
    const v = rand64([4]);
    const jac = F.jacobian(fn, inputs) as Tensor;
    const jvp = F.jvp(fn, inputs, v)[1] as Tensor;
    const vjp = F.vjp(fn, inputs, v)[1] as Tensor;
    assertEqual(jvp, jac.mm(v.unsqueeze(1)).squeeze(1));
    assertEqual(vjp, v.unsqueeze(0).mm(jac).squeeze(0));
  });

  test('test_hessian_match_vhp_hvp', () => {
    const inputs = rand64([4]);
    const v = rand64([4]);
    const hes = F.hessian(foo, inputs) as Tensor;
    const hvp = F.hvp(foo, inputs, v)[1] as Tensor;
    const vhp = F.vhp(foo, inputs, v)[1] as Tensor;
    assertEqual(hvp, hes.mm(v.unsqueeze(1)).squeeze(1));
    assertEqual(vhp, v.unsqueeze(0).mm(hes).squeeze(0));
  });
});

describe('TestAutogradDeviceType (cpu)', () => {
  test('test_min_max_median_backprops_to_all_values', () => {
    // torch.median has no counterpart in grad; min and max as in PyTorch: ties share the gradient evenly.
    for (const f of [(x: Tensor) => x.min(), (x: Tensor) => x.max()]) {
      const x = tensor([1, 0, 1, 0, 1, 0], { dtype: 'float64', requiresGrad: true });
      f(x).backward();
      expect(x.grad!.sum().item()).toBeCloseTo(1, 12);
      expect(x.grad!.eq(1 / 3).sum().item()).toBe(3);
    }
  });

  test('test_set_requires_grad_only_for_floats', () => {
    const dtypes: DType[] = ['float32', 'float64', 'int32', 'bool'];
    for (const dtype of dtypes) {
      const f1 = (): unknown => ones(1, { dtype }).requiresGrad_();
      const f2 = (): unknown => {
        const a = ones(1, { dtype });
        a.requiresGrad = true;
        return a;
      };
      const f3 = (): unknown => ones(1, { dtype, requiresGrad: true });
      const a = ones(1, { dtype });
      a.requiresGrad = false; // always works
      a.requiresGrad_(false);
      for (const f of [f1, f2, f3]) {
        if (dtype === 'float32' || dtype === 'float64') f();
        else expect(f).toThrow(/floating point/);
      }
    }
  });
});
