import { isGradEnabled, noGrad, tensor, type Tensor } from '@grad/core';
import { describe, expect, it, vi } from 'vitest';
import { Adagrad, Adam, AdamW, LBFGS, RMSprop, SGD } from '../src/index.js';
import { useCpu } from './helpers.js';

useCpu();

const param = (data: number[] = [1, 2]) => tensor(data, { dtype: 'float64', requiresGrad: true });

describe('Optimizer basics', () => {
  it('updates the user’s tensors in place', () => {
    const w = param([1, 2]);
    const opt = new SGD([w], { lr: 0.1 });
    w.pow(2).sum().backward(); // g = 2w
    opt.step();
    expect(opt.paramGroups[0]!.params[0]).toBe(w);
    expect(w.tolist()).toEqual([1 - 0.1 * 2, 2 - 0.1 * 4]);
    expect(w.isLeaf).toBe(true);
    expect(w.requiresGrad).toBe(true);
    expect(w.gradFn).toBeNull();
  });

  it('skips parameters without a gradient, and keeps no state for them', () => {
    const w = param([1, 2]);
    const frozen = param([5, 6]);
    const opt = new Adam([w, frozen], { lr: 0.1 });
    w.sum().backward();
    opt.step();
    expect(frozen.tolist()).toEqual([5, 6]);
    expect(opt.state.has(frozen)).toBe(false);
    expect(opt.state.get(w)!.step).toBe(1);
  });

  it('zeroGrad sets grads to null by default, or fills them with zeros', () => {
    const w = param([1, 2]);
    const opt = new SGD([w], { lr: 0.1 });
    w.sum().backward();
    opt.zeroGrad();
    expect(w.grad).toBeNull();
    w.sum().backward();
    const g = w.grad as Tensor;
    opt.zeroGrad({ setToNone: false });
    expect(w.grad).toBe(g);
    expect(g.tolist()).toEqual([0, 0]);
  });

  it('step(closure) runs the closure with grad on, even under noGrad, and returns its loss', () => {
    const w = param([3]);
    const opt = new SGD([w], { lr: 0.25 });
    let enabled: boolean | undefined;
    const loss = noGrad(() =>
      opt.step(() => {
        enabled = isGradEnabled();
        opt.zeroGrad();
        const l = w.pow(2).sum();
        l.backward();
        return l;
      }),
    );
    expect(enabled).toBe(true);
    expect(loss!.item()).toBe(9);
    expect(w.item()).toBe(3 - 0.25 * 6);
    expect(opt.step()).toBeUndefined();
  });

  it('gives each group its own options, defaults filling the rest', () => {
    const w = param([1]);
    const b = param([1]);
    const opt = new SGD([{ params: [w] }, { params: b, lr: 0.5, momentum: 0.9 }], { lr: 0.1 });
    expect(opt.paramGroups[0]).toMatchObject({ lr: 0.1, momentum: 0 });
    expect(opt.paramGroups[1]).toMatchObject({ lr: 0.5, momentum: 0.9, dampening: 0 });
    w.add(b).sum().backward();
    opt.step();
    expect(w.item()).toBeCloseTo(1 - 0.1, 15);
    expect(b.item()).toBeCloseTo(1 - 0.5, 15);
  });

  it('addParamGroup adds a group later (as when unfreezing layers)', () => {
    const w = param([1]);
    const b = param([1]);
    const opt = new Adam([w], { lr: 0.1, betas: [0.8, 0.9] });
    opt.addParamGroup({ params: [b], lr: 0.01 });
    expect(opt.paramGroups[1]).toMatchObject({ lr: 0.01, betas: [0.8, 0.9], eps: 1e-8 });
    // the betas array is the group's own
    expect(opt.paramGroups[1]!.betas).not.toBe(opt.paramGroups[0]!.betas);
    expect(() => opt.addParamGroup({ params: [w] })).toThrow('some parameters appear in more than one parameter group');
  });

  it('reads a group’s lr at every step, so it can be changed in between', () => {
    const w = param([0]);
    const opt = new SGD([w], { lr: 0.1 });
    w.sum().backward();
    opt.step();
    opt.paramGroups[0]!.lr = 1;
    opt.step();
    expect(w.item()).toBeCloseTo(-1.1, 15);
  });

  it('trains float32 parameters too', () => {
    const w = tensor([1, -2], { requiresGrad: true });
    for (const opt of [new SGD([w], { lr: 0.1 }), new Adam([w]), new AdamW([w]), new RMSprop([w]), new Adagrad([w])]) {
      w.pow(2).sum().backward();
      opt.step();
      opt.zeroGrad();
      expect(w.dtype).toBe('float32');
    }
    expect(Math.abs(w.tolist()[0] as number)).toBeLessThan(1);
  });

  it('warns about a parameter listed twice in one group, as PyTorch does', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const w = param([1]);
    new SGD([w, w]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('duplicate parameters'));
    warn.mockRestore();
  });
});

describe('bad input gets a clear error', () => {
  const w = param([1]);

  it('a non-leaf tensor', () => {
    expect(() => new SGD([w.mul(2)])).toThrow("can't optimize a non-leaf Tensor");
  });

  it('a non-float tensor', () => {
    expect(() => new SGD([tensor([1, 2], { dtype: 'int32' })])).toThrow(/floating point dtype, but one of the params has dtype int32/);
  });

  it('something that is not a tensor', () => {
    expect(() => new SGD([[1, 2] as unknown as Tensor])).toThrow(/optimizer can only optimize Tensors/);
  });

  it('a tensor instead of a list of tensors', () => {
    expect(() => new SGD(w as unknown as Tensor[])).toThrow(/should be an iterable of Tensors or dicts/);
  });

  it('no parameters', () => {
    expect(() => new SGD([])).toThrow('optimizer got an empty parameter list');
  });

  it('a parameter in two groups', () => {
    expect(() => new SGD([{ params: [w] }, { params: [param(), w] }])).toThrow('some parameters appear in more than one parameter group');
  });

  it('a negative learning rate, in the options or in a group', () => {
    for (const Opt of [SGD, Adam, AdamW, RMSprop, Adagrad, LBFGS]) {
      expect(() => new Opt([w], { lr: -0.1 })).toThrow('Invalid learning rate: -0.1');
    }
    expect(() => new SGD([{ params: [w], lr: -1 }], { lr: 0.1 })).toThrow('Invalid learning rate: -1');
    expect(() => new SGD([w], { lr: Number.NaN })).toThrow('Invalid learning rate: NaN');
  });

  it('invalid betas, eps, momentum, weight decay and friends', () => {
    expect(() => new Adam([w], { betas: [1, 0.999] })).toThrow('Invalid beta parameter at index 0: 1');
    expect(() => new AdamW([w], { betas: [0.9, -0.1] })).toThrow('Invalid beta parameter at index 1: -0.1');
    expect(() => new Adam([w], { eps: -1e-8 })).toThrow('Invalid epsilon value: -1e-8');
    expect(() => new Adam([w], { weightDecay: -1 })).toThrow('Invalid weightDecay value: -1');
    expect(() => new SGD([w], { momentum: -0.5 })).toThrow('Invalid momentum value: -0.5');
    expect(() => new SGD([w], { weightDecay: -0.1 })).toThrow('Invalid weightDecay value: -0.1');
    expect(() => new RMSprop([w], { alpha: -0.1 })).toThrow('Invalid alpha value: -0.1');
    expect(() => new RMSprop([w], { momentum: -1 })).toThrow('Invalid momentum value: -1');
    expect(() => new Adagrad([w], { lrDecay: -1 })).toThrow('Invalid lrDecay value: -1');
    expect(() => new Adagrad([w], { initialAccumulatorValue: -1 })).toThrow('Invalid initialAccumulatorValue value: -1');
  });

  it('nesterov without momentum, or with dampening', () => {
    expect(() => new SGD([w], { nesterov: true })).toThrow('Nesterov momentum requires a momentum and zero dampening');
    expect(() => new SGD([w], { nesterov: true, momentum: 0.9, dampening: 0.1 })).toThrow(
      'Nesterov momentum requires a momentum and zero dampening',
    );
  });

  it('a PyTorch (snake_case) option name', () => {
    expect(() => new SGD([w], { weight_decay: 0.1 } as never)).toThrow("did you mean 'weightDecay'?");
    expect(() => new Adam([{ params: [w], weight_decay: 0.1 } as never])).toThrow("did you mean 'weightDecay'?");
  });

  it('LBFGS: parameter groups, no closure, an unknown line search', () => {
    expect(() => new LBFGS([{ params: [w] }, { params: [param()] }])).toThrow(
      "LBFGS doesn't support per-parameter options (parameter groups)",
    );
    const opt = new LBFGS([w]);
    expect(() => opt.addParamGroup({ params: [param()] })).toThrow("LBFGS doesn't support per-parameter options");
    expect(() => (opt.step as () => void)()).toThrow(/needs a closure/);
    expect(() => new LBFGS([w], { lineSearchFn: 'backtracking' as never })).toThrow("only 'strong_wolfe' is supported");
  });
});

describe('loadStateDict refuses a dict that does not fit', () => {
  const trained = () => {
    const w = param([1, 2]);
    const b = param([3]);
    const adam = new Adam([{ params: [w] }, { params: [b] }], { lr: 0.1 });
    w.sum().add(b.sum()).backward();
    adam.step();
    return JSON.parse(JSON.stringify(adam.stateDict()));
  };

  it('a dict from another optimizer', () => {
    const sd = trained();
    const sgd = new SGD([{ params: [param([1, 2])] }, { params: [param([3])] }]);
    expect(() => sgd.loadStateDict(sd)).toThrow('loaded state dict is from a Adam optimizer, but this optimizer is SGD');
    // without the name, the options and state keys give it away
    delete sd.optimizer;
    expect(() => sgd.loadStateDict(sd)).toThrow(/has no 'momentum' option, which SGD needs: is it from another optimizer\?/);
    const rms = new RMSprop([{ params: [param([1, 2])] }, { params: [param([3])] }]);
    sd.paramGroups.forEach((g: any) => Object.assign(g, { alpha: 0.99, momentum: 0, centered: false }));
    expect(() => rms.loadStateDict(sd)).toThrow(/parameter group 0 has an option 'betas', which RMSprop does not have/);
    sd.paramGroups.forEach((g: any) => {
      delete g.betas;
      delete g.amsgrad;
    });
    expect(() => rms.loadStateDict(sd)).toThrow(/state 'expAvg' for parameter 0, which RMSprop does not keep/);
  });

  it('a different number of groups, or a group of another size', () => {
    const sd = trained();
    expect(() => new Adam([param([1, 2]), param([3])]).loadStateDict(sd)).toThrow(
      'loaded state dict has a different number of parameter groups',
    );
    expect(() => new Adam([{ params: [param([1, 2]), param([0])] }, { params: [param([3])] }]).loadStateDict(sd)).toThrow(
      "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
    );
  });

  it('state of the wrong shape, and leaves the optimizer as it was', () => {
    const sd = trained();
    const w = param([1, 2, 3]);
    const opt = new Adam([{ params: [w] }, { params: [param([3])] }], { lr: 0.5 });
    expect(() => opt.loadStateDict(sd)).toThrow("loaded state dict has state 'expAvg' of shape [2] for parameter 0, whose shape is [3]");
    expect(opt.paramGroups[0]!.lr).toBe(0.5);
    expect(opt.state.size).toBe(0);
  });

  it('something that is not a state dict', () => {
    const opt = new Adam([param()]);
    expect(() => opt.loadStateDict({} as never)).toThrow('loaded state dict is not an optimizer state dict');
    expect(() => opt.loadStateDict(null as never)).toThrow('loaded state dict is not an optimizer state dict');
  });
});
