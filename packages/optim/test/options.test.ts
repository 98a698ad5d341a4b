import { tensor, type Tensor } from '@grad/core';
import { describe, expect, it } from 'vitest';
import {
  ASGD, Adadelta, Adagrad, Adam, AdamW, Adamax, ChainedScheduler, ConstantLR, CosineAnnealingLR, CosineAnnealingWarmRestarts, CyclicLR,
  ExponentialLR, LBFGS, LambdaLR, LinearLR, MultiStepLR, MultiplicativeLR, NAdam, OneCycleLR, PolynomialLR, RAdam, RMSprop,
  ReduceLROnPlateau, Rprop, SGD, SWALR, SequentialLR, StepLR, type Optimizer,
} from '../src/index.js';
import { useCpu } from './helpers.js';

/**
 * Options objects are checked (issue 13): a key nobody reads is refused with
 * a TypeError that lists the known ones and suggests a near miss, as
 * PyTorch's `TypeError: __init__() got an unexpected keyword argument`; and a
 * state dict that does not fit is refused before anything changes.
 */
useCpu();

const param = (data: number[] = [1, 2]) => tensor(data, { dtype: 'float64', requiresGrad: true });

const OPTIMIZERS: Array<[string, new (p: Tensor[], o?: any) => Optimizer<any, any>]> = [
  ['SGD', SGD], ['Adam', Adam], ['AdamW', AdamW], ['RMSprop', RMSprop], ['Adagrad', Adagrad], ['LBFGS', LBFGS], ['Adadelta', Adadelta],
  ['Adamax', Adamax], ['NAdam', NAdam], ['RAdam', RAdam], ['Rprop', Rprop], ['ASGD', ASGD],
];

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('unknown option keys are refused', () => {
  it('new Adam(params, { weightdecay: 0.5 }): a TypeError that suggests weightDecay and lists the options', () => {
    const e = thrown(() => new Adam([param()], { weightdecay: 0.5 } as never));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.name).toBe('TypeError');
    expect(e.message).toBe(
      "Adam() got an unexpected option 'weightdecay'; did you mean 'weightDecay'? " +
        "(its options: lr, betas, eps, weightDecay, amsgrad, maximize, foreach, capturable, differentiable, fused)",
    );
  });

  it('new LBFGS(params, { maximize: true }): LBFGS has no maximize (PyTorch: unexpected keyword argument)', () => {
    const e = thrown(() => new LBFGS([param()], { maximize: true } as never));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(/^LBFGS\(\) got an unexpected option 'maximize' \(its options: lr, maxIter, maxEval, /);
    expect(() => new LBFGS([param()], { foreach: true } as never)).toThrow("LBFGS() got an unexpected option 'foreach'");
  });

  it.each(OPTIMIZERS)('%s: in the options, in a parameter group, and in addParamGroup', (name, Class) => {
    expect(() => new Class([param()], { lr: 0.1, lrr: 0.1 })).toThrow(new RegExp(`^${name}\\(\\) got an unexpected option 'lrr'; did you mean 'lr'\\?`));
    expect(() => new Class([{ params: [param()], learningRate: 0.1 }] as never)).toThrow(`${name}() got an unexpected parameter group option 'learningRate'`);
    const opt = new Class([param()]);
    // (LBFGS refuses a second group whatever its options)
    if (name !== 'LBFGS') expect(() => opt.addParamGroup({ params: [param()], Lr: 0.1 } as never)).toThrow("did you mean 'lr'?");
    expect(opt.paramGroups).toHaveLength(1);
  });

  it('zeroGrad’s options too', () => {
    const opt = new SGD([param()], { lr: 0.1 });
    expect(() => opt.zeroGrad({ set_to_none: false } as never)).toThrow("SGD.zeroGrad() got an unexpected option 'set_to_none'; did you mean 'setToNone'?");
    expect(() => opt.zeroGrad({ setToNone: 'no' as never })).toThrow('setToNone must be true or false, got no');
  });

  it('a snake_case spelling of an option names the camelCase one', () => {
    expect(() => new RAdam([param()], { decoupled_weight_decay: true } as never)).toThrow("did you mean 'decoupledWeightDecay'?");
    expect(() => new Rprop([param()], { step_sizes: [0, 1] } as never)).toThrow("did you mean 'stepSizes'?");
  });

  it('no suggestion when nothing is close', () => {
    expect(thrown(() => new SGD([param()], { lr: 0.1, banana: 1 } as never)).message).toBe(
      "SGD() got an unexpected option 'banana' (its options: lr, momentum, dampening, weightDecay, nesterov, maximize, foreach, differentiable, fused)",
    );
  });

  it('every scheduler refuses an unknown option too', () => {
    const opt = () => new SGD([param()], { lr: 0.1, momentum: 0.9 });
    const cases: Array<[() => unknown, string]> = [
      [() => new StepLR(opt(), { stepsize: 2 } as never), "StepLR() got an unexpected option 'stepsize'; did you mean 'stepSize'?"],
      [() => new MultiStepLR(opt(), { milestones: [1], gama: 0.5 } as never), "did you mean 'gamma'?"],
      [() => new ExponentialLR(opt(), { gamma: 0.5, last_epoch: -1 } as never), "did you mean 'lastEpoch'?"],
      [() => new CosineAnnealingLR(opt(), { T_max: 3 } as never), "did you mean 'tMax'?"],
      [() => new LambdaLR(opt(), { lrLambda: () => 1, lr_lambda: () => 1 } as never), "did you mean 'lrLambda'?"],
      [() => new MultiplicativeLR(opt(), { lrLambda: () => 1, verbos: true } as never), "did you mean 'verbose'?"],
      [() => new ConstantLR(opt(), { factr: 0.5 } as never), "did you mean 'factor'?"],
      [() => new LinearLR(opt(), { start_factor: 0.5 } as never), "did you mean 'startFactor'?"],
      [() => new PolynomialLR(opt(), { totalIter: 5 } as never), "did you mean 'totalIters'?"],
      [() => new CosineAnnealingWarmRestarts(opt(), { T_0: 5 } as never), "did you mean 't0'?"],
      [() => new CyclicLR(opt(), { baseLr: 0.01, maxLr: 0.1, stepSize: 5 } as never), "CyclicLR() got an unexpected option 'stepSize'"],
      [() => new OneCycleLR(opt(), { maxLr: 0.1, totalSteps: 10, max_momentum: 0.9 } as never), "did you mean 'maxMomentum'?"],
      [() => new SWALR(opt(), { swaLr: 0.1, verbose: true } as never), "SWALR() got an unexpected option 'verbose'"],
      [() => new ReduceLROnPlateau(opt(), { patients: 3 } as never), "did you mean 'patience'?"],
      [() => new SequentialLR(opt(), { schedulers: [], milestone: [] } as never), "did you mean 'milestones'?"],
    ];
    for (const [make, message] of cases) {
      const e = thrown(make);
      expect(e, message).toBeInstanceOf(TypeError);
      expect(e.message).toContain(message);
    }
    expect(() => new ChainedScheduler([])).toThrow('ChainedScheduler needs a non-empty array of schedulers');
    // and a value that would turn every lr into NaN is refused, not trained with
    expect(() => new StepLR(opt(), { stepSize: 2, gamma: '0.5' as never })).toThrow('StepLR needs a number gamma, got "0.5"');
    expect(() => new ReduceLROnPlateau(opt(), { patience: Number.NaN })).toThrow('ReduceLROnPlateau needs a number patience, got NaN');
    expect(() => new CosineAnnealingLR(opt(), { tMax: 3, etaMin: undefined as never })).not.toThrow();
  });
});

describe('loadStateDict refuses a dict that does not fit, before changing anything', () => {
  function trainedAdam() {
    const w = param([1, 2]);
    const opt = new Adam([w], { lr: 0.1 });
    w.pow(2).sum().backward();
    opt.step();
    return JSON.parse(JSON.stringify(opt.stateDict()));
  }

  function freshAdam() {
    const w = param([1, 2]);
    const opt = new Adam([w], { lr: 0.5 });
    return { opt, before: JSON.stringify(opt.stateDict()) };
  }

  it('a state tensor of another dtype', () => {
    const sd = trainedAdam();
    sd.state['0'].expAvg.dtype = 'int32';
    const { opt, before } = freshAdam();
    expect(() => opt.loadStateDict(sd)).toThrow("loaded state dict has state 'expAvg' of dtype int32 for parameter 0, which must be floating point like the parameter (float64)");
    expect(JSON.stringify(opt.stateDict())).toBe(before);
  });

  it('a state tensor whose data does not fill its shape, or a tensor where a number belongs', () => {
    const sd = trainedAdam();
    sd.state['0'].expAvgSq.data.pop();
    const { opt, before } = freshAdam();
    expect(() => opt.loadStateDict(sd)).toThrow("loaded state dict has state 'expAvgSq' for parameter 0 with 1 elements for shape [2]");
    const sd2 = trainedAdam();
    sd2.state['0'].step = sd2.state['0'].expAvg;
    expect(() => opt.loadStateDict(sd2)).toThrow(/loaded state dict has a step for parameter 0 that is not a number/);
    const sd3 = trainedAdam();
    sd3.state['0'].expAvg = 3;
    expect(() => opt.loadStateDict(sd3)).toThrow("loaded state dict has state 'expAvg' for parameter 0 that is not a tensor: 3");
    expect(JSON.stringify(opt.stateDict())).toBe(before);
  });

  it('an unknown key, in a parameter group or in a state', () => {
    const sd = trainedAdam();
    sd.paramGroups[0].weightdecay = 0.1;
    const { opt, before } = freshAdam();
    expect(() => opt.loadStateDict(sd)).toThrow("loaded state dict's parameter group 0 has an option 'weightdecay', which Adam does not have");
    const sd2 = trainedAdam();
    sd2.state['0'].momentumBuffer = sd2.state['0'].expAvg;
    expect(() => opt.loadStateDict(sd2)).toThrow("loaded state dict has state 'momentumBuffer' for parameter 0, which Adam does not keep");
    expect(JSON.stringify(opt.stateDict())).toBe(before);
  });

  it('a scheduler dict with a field of the wrong kind or length', () => {
    const opt = new SGD([{ params: [param()] }, { params: [param()] }], { lr: 0.1 });
    const sched = new StepLR(opt, { stepSize: 2 });
    const before = JSON.stringify(sched.stateDict());
    const sd = sched.stateDict();
    expect(() => sched.loadStateDict({ ...sd, lastEpoch: 'five' })).toThrow("loaded scheduler state has 'lastEpoch' of type string where a number is kept");
    expect(() => sched.loadStateDict({ ...sd, baseLrs: [0.1] })).toThrow("loaded scheduler state has 'baseLrs' with 1 entries where 2 are kept");
    expect(() => sched.loadStateDict({ ...sd, stepSize: 4, gama: 0.5 })).toThrow("loaded scheduler state has 'gama', which StepLR does not keep");
    expect(JSON.stringify(sched.stateDict())).toBe(before);
  });

  it('a composite scheduler whose last part does not fit changes none of its parts', () => {
    const opt = new SGD([param()], { lr: 1 });
    const chained = new ChainedScheduler([new ConstantLR(opt, { factor: 0.5 }), new ExponentialLR(opt, { gamma: 0.9 })]);
    chained.step();
    const before = JSON.stringify(chained.stateDict());
    const sd = JSON.parse(before);
    sd.schedulers[0].lastEpoch = 7;
    sd.schedulers[1].gamma = 'x';
    expect(() => chained.loadStateDict(sd)).toThrow("loaded scheduler state has 'gamma' of type string where a number is kept");
    expect(JSON.stringify(chained.stateDict())).toBe(before);
  });
});
