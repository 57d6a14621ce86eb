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
