/**
 * @grad/optim: PyTorch's optimizers and learning-rate schedulers, step for
 * step, on grad tensors. Every update runs under `noGrad` with the public
 * tensor API only, in place, so it runs on any backend.
 */
export {
  Optimizer,
  type OptimizerOptions,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupInput,
  type Params,
  type LossClosure,
} from './optimizer.js';
export type { SerializedTensor, StateValue } from './state-codec.js';

export { SGD, type SGDOptions, type SGDState } from './sgd.js';
export { Adam, type AdamOptions, type AdamState } from './adam.js';
export { AdamW, type AdamWOptions } from './adamw.js';
export { RMSprop, type RMSpropOptions, type RMSpropState } from './rmsprop.js';
export { Adagrad, type AdagradOptions, type AdagradState } from './adagrad.js';
export { LBFGS, type LBFGSOptions, type LBFGSState } from './lbfgs.js';
export { Adadelta, type AdadeltaOptions, type AdadeltaState } from './adadelta.js';
export { Adamax, type AdamaxOptions, type AdamaxState } from './adamax.js';
export { NAdam, type NAdamOptions, type NAdamState } from './nadam.js';
export { RAdam, type RAdamOptions, type RAdamState } from './radam.js';
export { Rprop, type RpropOptions, type RpropState } from './rprop.js';
export { ASGD, type ASGDOptions, type ASGDState } from './asgd.js';
export type { Lr } from './lr-value.js';
export type { ImplementationOption, ImplementationOptions } from './implementation-options.js';

export { LRScheduler, type SchedulerStateDict, type SchedulerBaseOptions, type AnyOptimizer } from './schedulers/lr-scheduler.js';
export { StepLR, type StepLROptions } from './schedulers/step-lr.js';
export { MultiStepLR, type MultiStepLROptions } from './schedulers/multi-step-lr.js';
export { ExponentialLR, type ExponentialLROptions } from './schedulers/exponential-lr.js';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './schedulers/cosine-annealing-lr.js';
export { LambdaLR, type LambdaLROptions, type LrLambda } from './schedulers/lambda-lr.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './schedulers/reduce-lr-on-plateau.js';
export { MultiplicativeLR, type MultiplicativeLROptions } from './schedulers/multiplicative-lr.js';
export { ConstantLR, type ConstantLROptions } from './schedulers/constant-lr.js';
export { LinearLR, type LinearLROptions } from './schedulers/linear-lr.js';
export { PolynomialLR, type PolynomialLROptions } from './schedulers/polynomial-lr.js';
export { SequentialLR, type SequentialLROptions } from './schedulers/sequential-lr.js';
export { ChainedScheduler } from './schedulers/chained-scheduler.js';
export { CosineAnnealingWarmRestarts, type CosineAnnealingWarmRestartsOptions } from './schedulers/cosine-annealing-warm-restarts.js';
export { CyclicLR, type CyclicLROptions } from './schedulers/cyclic-lr.js';
export { OneCycleLR, type OneCycleLROptions } from './schedulers/one-cycle-lr.js';
export { SWALR, type SWALROptions } from './schedulers/swalr.js';
