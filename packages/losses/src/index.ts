/**
 * @tsgrad/losses — loss modules and their functional forms, with PyTorch's semantics
 * (`torch.nn.CrossEntropyLoss` and friends) and the seed's `LabelSmoothingLoss`.
 * Each loss is a `Module` holding its options; `loss.call(input, target)` runs the functional form.
 *
 * @example
 * import { CrossEntropyLoss, LabelSmoothingLoss } from "@tsgrad/losses";
 * const ce = new CrossEntropyLoss({ labelSmoothing: 0.1 });
 * const logits = randn([4, 3], { requiresGrad: true });
 * const target = tensor([0, 2, 1, 0]);
 * ce.call(logits, target).backward();
 * logits.grad!.shape; // [4, 3]
 *
 * @module @tsgrad/losses
 */
export {
  type LegacyReductionOptions,
  legacyReduction,
  type Reduction,
  resetLegacyReductionWarnings,
} from "./common.js";
export { CrossEntropyLoss, type CrossEntropyOptions, crossEntropy } from "./cross-entropy.js";
export {
  LabelSmoothingLoss,
  type LabelSmoothingOptions,
  labelSmoothingLoss,
  labelSmoothingLossReference,
} from "./label-smoothing.js";
export { NLLLoss, type NLLLossOptions, nllLoss } from "./nll.js";
export { KLDivLoss, type KLDivOptions, type KLDivReduction, klDiv } from "./kl-div.js";
export {
  HuberLoss,
  huberLoss,
  type LegacyReductionLossOptions,
  L1Loss,
  l1Loss,
  MSELoss,
  mseLoss,
  type ReductionOptions,
  SmoothL1Loss,
  smoothL1Loss,
} from "./regression.js";
export {
  BCELoss,
  type BCELossOptions,
  BCEWithLogitsLoss,
  type BCEWithLogitsOptions,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
} from "./bce.js";
