import { readFileSync } from 'node:fs';
import { tensor, type Tensor } from '@grad/core';
import {
  ASGD, Adadelta, Adagrad, Adam, AdamW, Adamax, ChainedScheduler, ConstantLR, CosineAnnealingLR, CosineAnnealingWarmRestarts, CyclicLR,
  ExponentialLR, LambdaLR, LinearLR, MultiStepLR, MultiplicativeLR, NAdam, OneCycleLR, PolynomialLR, RAdam, RMSprop, ReduceLROnPlateau,
  Rprop, SGD, SWALR, SequentialLR, StepLR, type LRScheduler, type Optimizer,
} from '../src/index.js';
import { problem, type Problem } from './helpers.js';

/**
 * The fixtures written by oracle/generate.py from real PyTorch, and how to
 * replay each case with grad: the same optimizer, options, groups and loss.
 */
export const FIXTURES = new URL('./fixtures/', import.meta.url);

export interface OptimizerCase {
  name: string;
  optimizer: string;
  options: Record<string, unknown>;
  groups: Array<Record<string, unknown> & { params: number[] }> | null;
  sign: number;
  source: string;
  /** Per step, the values of a, b and c (flat). */
  trajectory: number[][][];
  /** ASGD's averaged parameters per step. */
  ax?: number[][][];
}

export interface SchedulerSpec {
  kind: string;
  options: Record<string, any>;
}

export interface SchedulerCase {
  name: string;
  optimizer: { kind: string; groups: Array<Record<string, unknown>> };
  scheduler: SchedulerSpec;
  events: Array<{ epoch: number; addParamGroup?: Record<string, unknown>; stepEpoch?: number }>;
  source: string;
  /** The lrs after construction, then after each epoch's step. */
  lrs: number[][];
  momentums?: number[][];
}

export function readFixture<T>(name: string, dir: URL = FIXTURES): T {
  return JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;
}

const OPTIMIZERS: Record<string, new (params: any, options?: any) => Optimizer<any, any>> = {
  SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta, Adamax, NAdam, RAdam, Rprop, ASGD,
};

/** The case's optimizer over the problem's parameters (its groups pick parameters by index). */
export function makeOptimizer(c: OptimizerCase, p: Problem, lr?: (value: number) => unknown): Optimizer<any, any> {
  const Class = OPTIMIZERS[c.optimizer];
  if (Class === undefined) throw new Error(`no optimizer ${c.optimizer}`);
  const withLr = (o: Record<string, unknown>) => (lr !== undefined && typeof o.lr === 'number' ? { ...o, lr: lr(o.lr) } : o);
  const params = c.groups === null ? p.params : c.groups.map(({ params: ids, ...o }) => ({ ...withLr(o), params: ids.map((i) => p.params[i] as Tensor) }));
  return new Class(params, withLr(c.options));
}

/** The named functions of the fixtures' lambdas (oracle/cases.py LAMBDAS). */
export const LAMBDAS: Record<string, (epoch: number) => number> = {
  pow095: (epoch) => 0.95 ** epoch,
  inverse: (epoch) => 1 / (1 + 0.1 * epoch),
};

type AnyScheduler = LRScheduler | ReduceLROnPlateau | SequentialLR | ChainedScheduler;

const SCHEDULERS: Record<string, new (opt: any, options: any) => AnyScheduler> = {
  StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LambdaLR, MultiplicativeLR, ConstantLR, LinearLR, PolynomialLR,
  CosineAnnealingWarmRestarts, CyclicLR, OneCycleLR, SWALR, ReduceLROnPlateau,
};

export function makeScheduler(spec: SchedulerSpec, opt: Optimizer<any, any>): AnyScheduler {
  const { metrics: _metrics, ...options } = spec.options;
  if (spec.kind === 'ChainedScheduler') return new ChainedScheduler(options.schedulers.map((s: SchedulerSpec) => makeScheduler(s, opt)));
  if (spec.kind === 'SequentialLR') {
    const { schedulers, ...rest } = options;
    return new SequentialLR(opt, { ...(rest as { milestones: number[] }), schedulers: schedulers.map((s: SchedulerSpec) => makeScheduler(s, opt) as LRScheduler) });
  }
  if (typeof options.lrLambda === 'string') options.lrLambda = LAMBDAS[options.lrLambda];
  const Class = SCHEDULERS[spec.kind];
  if (Class === undefined) throw new Error(`no scheduler ${spec.kind}`);
  return new Class(opt, options);
}

export function makeSchedulerOptimizer(c: SchedulerCase, device?: string, tensorLr = false): Optimizer<any, any> {
  const lr = (v: unknown): any => (tensorLr ? tensor(v as number, { dtype: 'float64', device }) : v);
  const groups = c.optimizer.groups.map((g) => ({ ...g, lr: lr(g.lr), params: [tensor([1], { dtype: 'float64', device, requiresGrad: true })] }));
  return c.optimizer.kind === 'Adam' ? new Adam(groups) : new SGD(groups);
}

export function lrsOf(opt: Optimizer<any, any>): number[] {
  return opt.paramGroups.map((g) => (typeof g.lr === 'number' ? g.lr : Number((g.lr as Tensor).item())));
}

export function momentumsOf(opt: Optimizer<any, any>): number[] {
  return opt.paramGroups.map((g: any) => (Array.isArray(g.betas) ? g.betas[0] : g.momentum));
}

/** The metric sequences of oracle/cases.py METRICS, read from the fixture. */
export function metricsFor(c: SchedulerCase, all: Record<string, number[]>): number[] | undefined {
  const name = c.scheduler.options.metrics as string | undefined;
  return name === undefined ? undefined : all[name];
}

/**
 * Replays a scheduler case from epoch `from` to `to` (inclusive) on `opt`/`sched`:
 * the events, then step() (or step(k), or step(metric)); the lrs (and momentums) after each.
 */
export function replay(c: SchedulerCase, opt: Optimizer<any, any>, sched: AnyScheduler, metrics: number[] | undefined, from: number, to: number) {
  const lrs: number[][] = [];
  const momentums: number[][] = [];
  for (let epoch = from; epoch <= to; epoch++) {
    let stepEpoch: number | undefined;
    for (const ev of c.events) {
      if (ev.epoch !== epoch) continue;
      if (ev.addParamGroup !== undefined) opt.addParamGroup({ ...ev.addParamGroup, params: [tensor([1], { dtype: 'float64', requiresGrad: true })] });
      if (ev.stepEpoch !== undefined) stepEpoch = ev.stepEpoch;
    }
    if (sched instanceof ReduceLROnPlateau) sched.step((metrics as number[])[epoch - 1] as number);
    else if (stepEpoch === undefined) sched.step();
    else (sched as LRScheduler).step(stepEpoch);
    lrs.push(sched.getLastLr());
    momentums.push(momentumsOf(opt));
  }
  return { lrs, momentums };
}

/** Runs an optimizer case for `steps` steps from `start`; the values (and ASGD's ax) after each. */
export function runOptimizerCase(c: OptimizerCase, steps: number, p: Problem = problem(), opt = makeOptimizer(c, p)) {
  const out: number[][][] = [];
  const ax: number[][][] = [];
  for (let t = 0; t < steps; t++) {
    opt.zeroGrad();
    p.loss(c.sign).backward();
    opt.step();
    out.push(p.values());
    if (c.optimizer === 'ASGD') ax.push(p.params.map((q) => (opt.state.get(q) as { ax: Tensor }).ax.reshape(-1).tolist() as number[]));
  }
  return { out, ax, opt, p };
}

/** The largest |actual − expected| / max(1, |expected|) over everything. */
export function worstDifference(actual: number[][][], expected: number[][][]): number {
  let worst = 0;
  expected.forEach((step, t) =>
    step.forEach((v, i) =>
      v.forEach((x, j) => {
        const y = actual[t]?.[i]?.[j];
        const d = y === undefined || !Number.isFinite(y) ? Infinity : Math.abs(y - x) / Math.max(1, Math.abs(x));
        worst = Math.max(worst, d);
      }),
    ),
  );
  return worst;
}
