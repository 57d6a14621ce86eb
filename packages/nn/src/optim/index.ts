/** Optimizers and learning-rate schedulers, as PyTorch's `torch.optim`. */
export {
  Optimizer,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupInput,
  type Params,
  type StateValue,
} from "./optimizer.js";
export { SGD, type SGDOptions, type SGDState } from "./sgd.js";
export { Adam, AdamW, type AdamOptions, type AdamState } from "./adam.js";
export {
  LRScheduler,
  StepLR,
  CosineAnnealingLR,
  LambdaLR,
  type LRSchedulerOptions,
  type StepLROptions,
  type CosineAnnealingLROptions,
  type LambdaLROptions,
  type LrLambda,
  type SchedulerStateDict,
} from "./lr-scheduler.js";
export { RMSprop, type RMSpropOptions, type RMSpropState } from "./rmsprop.js";
export { Adagrad, type AdagradOptions, type AdagradState } from "./adagrad.js";
export { Adadelta, type AdadeltaOptions, type AdadeltaState } from "./adadelta.js";
export { Adamax, type AdamaxOptions, type AdamaxState } from "./adamax.js";
export { NAdam, type NAdamOptions, type NAdamState } from "./nadam.js";
export { RAdam, type RAdamOptions, type RAdamState } from "./radam.js";
export {
  ExponentialLR,
  MultiStepLR,
  ConstantLR,
  LinearLR,
  SequentialLR,
  ChainedScheduler,
  OneCycleLR,
  CosineAnnealingWarmRestarts,
  ReduceLROnPlateau,
  type ExponentialLROptions,
  type MultiStepLROptions,
  type ConstantLROptions,
  type LinearLROptions,
  type SequentialLROptions,
  type OneCycleLROptions,
  type CosineAnnealingWarmRestartsOptions,
  type ReduceLROnPlateauOptions,
} from "./lr-scheduler-more.js";
