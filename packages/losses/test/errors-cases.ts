/**
 * The bad-input catalogue of @tsgrad/losses, as data (same format as core's
 * `packages/core/test/errors-cases.ts`). `errors-catalogue.test.ts` runs every case with core's
 * `verifyErrorCase` and every note with nn's `verifyBehaviourNote`; `tools/gen-errors-doc.ts`
 * renders them into docs/errors.md.
 */
import { ones, oneHot, type Tensor, tensor, zeros } from "@tsgrad/core";
import type { ErrorCase } from "../../core/test/errors-cases.js";
import type { BehaviourNote } from "../../nn/test/errors-cases.js";
import {
  BCELoss,
  BCEWithLogitsLoss,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  CrossEntropyLoss,
  crossEntropy,
  HuberLoss,
  huberLoss,
  KLDivLoss,
  klDiv,
  LabelSmoothingLoss,
  labelSmoothingLoss,
  MSELoss,
  mseLoss,
  NLLLoss,
  nllLoss,
  resetLegacyReductionWarnings,
  smoothL1Loss,
} from "../src/index.js";

// Wrong argument types are the point of some rows: this gets them past the type checker.
const any = (v: unknown): any => v;
const f64 = { dtype: "float64" } as const;
/** Logits of `shape` (values do not matter for these rows). */
const x = (...shape: number[]): Tensor => zeros(shape);
const idx = (values: number[]): Tensor => tensor(values, { dtype: "int32" });
const noIdx = (): Tensor => zeros([0], { dtype: "int32" });

export const lossesErrorCases: ErrorCase[] = [
  // ---- LabelSmoothingLoss ----------------------------------------------------------------------
  {
    id: "ls-classes-one",
    group: "LabelSmoothingLoss",
    doc: "fewer than 2 classes (the off-target value divides by classes − 1)",
    code: "new LabelSmoothingLoss(1)",
    call: () => new LabelSmoothingLoss(1),
    message:
      "LabelSmoothingLoss(): classes must be an integer >= 2 (the off-target value is smoothing / (classes - 1)), but got 1",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-classes-fractional",
    group: "LabelSmoothingLoss",
    doc: "a fractional number of classes",
    code: "new LabelSmoothingLoss(2.5)",
    call: () => new LabelSmoothingLoss(2.5),
    message:
      "LabelSmoothingLoss(): classes must be an integer >= 2 (the off-target value is smoothing / (classes - 1)), but got 2.5",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-smoothing-above-one",
    group: "LabelSmoothingLoss",
    doc: "smoothing above 1",
    code: "new LabelSmoothingLoss(3, 1.5)",
    call: () => new LabelSmoothingLoss(3, 1.5),
    message: "LabelSmoothingLoss(): smoothing must be a finite number in [0, 1], but got 1.5",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-smoothing-negative",
    group: "LabelSmoothingLoss",
    doc: "negative smoothing",
    code: "new LabelSmoothingLoss(3, -0.1)",
    call: () => new LabelSmoothingLoss(3, -0.1),
    message: "LabelSmoothingLoss(): smoothing must be a finite number in [0, 1], but got -0.1",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-smoothing-nan",
    group: "LabelSmoothingLoss",
    doc: "NaN smoothing",
    code: "new LabelSmoothingLoss(3, NaN)",
    call: () => new LabelSmoothingLoss(3, Number.NaN),
    message: "LabelSmoothingLoss(): smoothing must be a finite number in [0, 1], but got NaN",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-smoothing-infinity",
    group: "LabelSmoothingLoss",
    doc: "infinite smoothing",
    code: "new LabelSmoothingLoss(3, Infinity)",
    call: () => new LabelSmoothingLoss(3, Number.POSITIVE_INFINITY),
    message: "LabelSmoothingLoss(): smoothing must be a finite number in [0, 1], but got Infinity",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-smoothing-string",
    group: "LabelSmoothingLoss",
    doc: "smoothing given as a string (e.g. straight from a CLI flag)",
    code: 'new LabelSmoothingLoss(3, "0.1")',
    call: () => new LabelSmoothingLoss(3, any("0.1")),
    message: 'LabelSmoothingLoss(): smoothing must be a finite number in [0, 1], but got "0.1" (string)',
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-smoothing-functional",
    group: "LabelSmoothingLoss",
    doc: "smoothing out of range in the functional form",
    code: "labelSmoothingLoss(pred, target, { smoothing: 2 })",
    call: () => labelSmoothingLoss(x(2, 3), idx([0, 1]), { smoothing: 2 }),
    message: "LabelSmoothingLoss(): smoothing must be a finite number in [0, 1], but got 2",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-weight-length",
    group: "LabelSmoothingLoss",
    doc: "a weight with the wrong number of classes",
    code: "new LabelSmoothingLoss(3, 0.1, -1, ones([4]))",
    call: () => new LabelSmoothingLoss(3, 0.1, -1, ones([4])),
    message: "LabelSmoothingLoss(): weight must be 1-D with classes = 3 entries, but it has 4 entries",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-weight-2d",
    group: "LabelSmoothingLoss",
    doc: "a 2-D weight",
    code: "new LabelSmoothingLoss(3, 0.1, -1, ones([3, 1]))",
    call: () => new LabelSmoothingLoss(3, 0.1, -1, ones([3, 1])),
    message: "LabelSmoothingLoss(): weight must be 1-D with classes = 3 entries, but it has shape [3, 1]",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-weight-int",
    group: "LabelSmoothingLoss",
    doc: "an integer weight",
    code: "new LabelSmoothingLoss(3, 0.1, -1, tensor([1, 2, 1]))",
    call: () => new LabelSmoothingLoss(3, 0.1, -1, tensor([1, 2, 1])),
    message: "LabelSmoothingLoss(): weight must be a floating point tensor, but got dtype int32",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-weight-array",
    group: "LabelSmoothingLoss",
    doc: "a JS array as weight",
    code: "new LabelSmoothingLoss(3, 0.1, -1, [1, 2, 1])",
    call: () => new LabelSmoothingLoss(3, 0.1, -1, any([1, 2, 1])),
    message: "LabelSmoothingLoss(): argument 'weight' must be a Tensor, not array",
    op: "LabelSmoothingLoss",
    type: "TypeError",
  },
  {
    id: "ls-dim-fractional",
    group: "LabelSmoothingLoss",
    doc: "a fractional dim",
    code: "new LabelSmoothingLoss(3, 0.1, 0.5)",
    call: () => new LabelSmoothingLoss(3, 0.1, 0.5),
    message: "LabelSmoothingLoss(): dim must be an integer, but got 0.5",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-dim-range",
    group: "LabelSmoothingLoss",
    doc: "a dim out of range for pred",
    code: "new LabelSmoothingLoss(3, 0.1, 2).call(zeros([2, 3]), tensor([0, 1]))",
    call: () => new LabelSmoothingLoss(3, 0.1, 2).call(x(2, 3), idx([0, 1])),
    message: "LabelSmoothingLoss(): Dimension out of range (expected to be in range of [-2, 1], but got 2)",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-float-target",
    group: "LabelSmoothingLoss",
    doc: "float targets",
    code: "new LabelSmoothingLoss(3).call(zeros([2, 3]), tensor([0, 1]).float())",
    call: () => new LabelSmoothingLoss(3).call(x(2, 3), idx([0, 1]).float()),
    message:
      "LabelSmoothingLoss(): expected a class-index target of dtype int32 (tsgrad's index dtype, PyTorch's int64), but got float32 with shape [2]",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-target-out-of-range",
    group: "LabelSmoothingLoss",
    doc: "a target equal to classes",
    code: "new LabelSmoothingLoss(3).call(zeros([2, 3]), tensor([0, 3]))",
    call: () => new LabelSmoothingLoss(3).call(x(2, 3), idx([0, 3])),
    message:
      "LabelSmoothingLoss(): Target 3 is out of bounds. (expected a class index in [0, 3); found at target[1])",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-target-negative",
    group: "LabelSmoothingLoss",
    doc: "a negative target (never wraps)",
    code: "new LabelSmoothingLoss(3).call(zeros([2, 3]), tensor([1, -1]))",
    call: () => new LabelSmoothingLoss(3).call(x(2, 3), idx([1, -1])),
    message:
      "LabelSmoothingLoss(): Target -1 is out of bounds. (expected a class index in [0, 3); found at target[1])",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-target-out-of-range-kd",
    group: "LabelSmoothingLoss",
    doc: "an out-of-range target in a (N, d) target, with its position",
    code: "new LabelSmoothingLoss(3, 0.1, 1).call(zeros([2, 3, 2]), tensor([[0, 1], [2, 5]]))",
    call: () =>
      new LabelSmoothingLoss(3, 0.1, 1).call(
        x(2, 3, 2),
        tensor([
          [0, 1],
          [2, 5],
        ]),
      ),
    message:
      "LabelSmoothingLoss(): Target 5 is out of bounds. (expected a class index in [0, 3); found at target[1, 1])",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-target-batch",
    group: "LabelSmoothingLoss",
    doc: "more targets than rows",
    code: "new LabelSmoothingLoss(3).call(zeros([2, 3]), tensor([0, 1, 2]))",
    call: () => new LabelSmoothingLoss(3).call(x(2, 3), idx([0, 1, 2])),
    message: "LabelSmoothingLoss(): Expected input batch_size (2) to match target batch_size (3).",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-target-shape-kd",
    group: "LabelSmoothingLoss",
    doc: "a target shape that is not pred's without the class dim",
    code: "new LabelSmoothingLoss(3, 0.1, 1).call(zeros([2, 3, 4]), tensor([0, 1]))",
    call: () => new LabelSmoothingLoss(3, 0.1, 1).call(x(2, 3, 4), idx([0, 1])),
    message:
      "LabelSmoothingLoss(): Expected target size [2, 4], got [2] (input shape [2, 3, 4], class dim 1)",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-pred-classes",
    group: "LabelSmoothingLoss",
    doc: "pred whose class dim is not classes",
    code: "new LabelSmoothingLoss(4).call(zeros([2, 3]), tensor([0, 1]))",
    call: () => new LabelSmoothingLoss(4).call(x(2, 3), idx([0, 1])),
    message:
      "LabelSmoothingLoss(): pred has 3 classes along dim 1 (shape [2, 3]), but the loss is for classes = 4",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-pred-int",
    group: "LabelSmoothingLoss",
    doc: "integer pred",
    code: "new LabelSmoothingLoss(3).call(tensor([[1, 2, 3]]), tensor([0]))",
    call: () => new LabelSmoothingLoss(3).call(tensor([[1, 2, 3]]), idx([0])),
    message:
      "LabelSmoothingLoss(): expected 'pred' to be a floating point tensor, but got dtype int32 (JS writes 1.0 as 1, so tensor([1, 0]) and full(shape, 1.0) are int32: pass { dtype: \"float32\" } or call .float())",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-pred-0d",
    group: "LabelSmoothingLoss",
    doc: "a 0-d pred",
    code: "labelSmoothingLoss(tensor(1.5), tensor(0))",
    call: () => labelSmoothingLoss(tensor(1.5), tensor(0)),
    message: "LabelSmoothingLoss(): pred must have a class dim, but got a 0-d tensor",
    op: "LabelSmoothingLoss",
  },
  {
    id: "ls-pred-array",
    group: "LabelSmoothingLoss",
    doc: "a JS array as pred",
    code: "new LabelSmoothingLoss(3).call([[1, 2, 3]], tensor([0]))",
    call: () => new LabelSmoothingLoss(3).call(any([[1, 2, 3]]), idx([0])),
    message: "LabelSmoothingLoss(): argument 'pred' must be a Tensor, not array",
    op: "LabelSmoothingLoss",
    type: "TypeError",
  },

  // ---- CrossEntropyLoss ------------------------------------------------------------------------
  {
    id: "ce-target-out-of-bounds",
    group: "CrossEntropyLoss",
    doc: "a target equal to the number of classes",
    code: "crossEntropy(zeros([2, 3]), tensor([0, 3]))",
    call: () => crossEntropy(x(2, 3), idx([0, 3])),
    message:
      "cross_entropy(): Target 3 is out of bounds. (expected a class index in [0, 3) or ignore_index -100; found at target[1])",
    op: "cross_entropy",
  },
  {
    id: "ce-target-negative",
    group: "CrossEntropyLoss",
    doc: "a negative target that is not ignoreIndex (never wraps)",
    code: "new CrossEntropyLoss().call(zeros([2, 3]), tensor([-1, 0]))",
    call: () => new CrossEntropyLoss().call(x(2, 3), idx([-1, 0])),
    message:
      "cross_entropy(): Target -1 is out of bounds. (expected a class index in [0, 3) or ignore_index -100; found at target[0])",
    op: "cross_entropy",
  },
  {
    id: "ce-float-target",
    group: "CrossEntropyLoss",
    doc: "class indices given as floats",
    code: "crossEntropy(zeros([2, 3]), tensor([0, 2]).float())",
    call: () => crossEntropy(x(2, 3), idx([0, 2]).float()),
    message:
      "cross_entropy(): a floating point target holds class probabilities and must have the input's shape [2, 3], but got [2] (class-index targets must be int32)",
    op: "cross_entropy",
  },
  {
    id: "ce-int-one-hot",
    group: "CrossEntropyLoss",
    doc: "one-hot targets left as int32 (probabilities must be float)",
    code: "crossEntropy(zeros([2, 3]), oneHot(tensor([0, 2]), 3))",
    call: () => crossEntropy(x(2, 3), oneHot(idx([0, 2]), 3)),
    message: "cross_entropy(): Expected target size [2], got [2, 3] (input shape [2, 3], class dim 1)",
    op: "cross_entropy",
  },
  {
    id: "ce-bool-target",
    group: "CrossEntropyLoss",
    doc: "a bool target",
    code: "crossEntropy(zeros([2, 3]), tensor([true, false]))",
    call: () => crossEntropy(x(2, 3), tensor([true, false])),
    message:
      "cross_entropy(): expected a class-index target of dtype int32 (tsgrad's index dtype, PyTorch's int64), but got bool with shape [2]",
    op: "cross_entropy",
  },
  {
    id: "ce-prob-target-shape",
    group: "CrossEntropyLoss",
    doc: "probability targets of the wrong shape",
    code: "crossEntropy(zeros([2, 3]), zeros([2, 4]))",
    call: () => crossEntropy(x(2, 3), x(2, 4)),
    message:
      "cross_entropy(): a floating point target holds class probabilities and must have the input's shape [2, 3], but got [2, 4] (class-index targets must be int32)",
    op: "cross_entropy",
  },
  {
    id: "ce-prob-target-ignore-index",
    group: "CrossEntropyLoss",
    doc: "probability targets with a (non-negative) ignoreIndex",
    code: "crossEntropy(zeros([2, 3]), zeros([2, 3]), { ignoreIndex: 0 })",
    call: () => crossEntropy(x(2, 3), x(2, 3), { ignoreIndex: 0 }),
    message: "cross_entropy(): ignore_index is not supported for floating point target (got 0)",
    op: "cross_entropy",
  },
  {
    id: "ce-batch-mismatch",
    group: "CrossEntropyLoss",
    doc: "fewer targets than rows",
    code: "crossEntropy(zeros([3, 5]), tensor([0, 1]))",
    call: () => crossEntropy(x(3, 5), idx([0, 1])),
    message: "cross_entropy(): Expected input batch_size (3) to match target batch_size (2).",
    op: "cross_entropy",
  },
  {
    id: "ce-kd-target-shape",
    group: "CrossEntropyLoss",
    doc: "a (N, d1) target for (N, C, d1) input with the wrong d1",
    code: "crossEntropy(zeros([2, 3, 4]), zeros([2, 5], { dtype: 'int32' }))",
    call: () => crossEntropy(x(2, 3, 4), zeros([2, 5], { dtype: "int32" })),
    message: "cross_entropy(): Expected target size [2, 4], got [2, 5] (input shape [2, 3, 4], class dim 1)",
    op: "cross_entropy",
  },
  {
    id: "ce-weight-length",
    group: "CrossEntropyLoss",
    doc: "a class weight of the wrong length",
    code: "crossEntropy(zeros([2, 3]), tensor([0, 1]), { weight: ones([4]) })",
    call: () => crossEntropy(x(2, 3), idx([0, 1]), { weight: ones([4]) }),
    message:
      "cross_entropy(): weight tensor should be defined either for all 3 classes or no classes but got weight tensor of shape: [4]",
    op: "cross_entropy",
  },
  {
    id: "ce-weight-dtype",
    group: "CrossEntropyLoss",
    doc: "a float64 weight for float32 input",
    code: 'crossEntropy(zeros([2, 3]), tensor([0, 1]), { weight: ones([3], { dtype: "float64" }) })',
    call: () => crossEntropy(x(2, 3), idx([0, 1]), { weight: ones([3], f64) }),
    message: "cross_entropy(): expected weight to have the input's dtype float32, but got float64",
    op: "cross_entropy",
  },
  {
    id: "ce-weight-int",
    group: "CrossEntropyLoss",
    doc: "an integer class weight",
    code: "new CrossEntropyLoss({ weight: tensor([1, 2, 1]) })",
    call: () => new CrossEntropyLoss({ weight: tensor([1, 2, 1]) }),
    message: "CrossEntropyLoss(): expected 'weight' to be a floating point tensor, but got dtype int32",
    op: "CrossEntropyLoss",
  },
  {
    id: "ce-weight-2d",
    group: "CrossEntropyLoss",
    doc: "a 2-D class weight",
    code: "new CrossEntropyLoss({ weight: ones([1, 3]) })",
    call: () => new CrossEntropyLoss({ weight: ones([1, 3]) }),
    message: "CrossEntropyLoss(): weight must be a 1-D tensor with one entry per class, but got shape [1, 3]",
    op: "CrossEntropyLoss",
  },
  {
    id: "ce-weight-array",
    group: "CrossEntropyLoss",
    doc: "a JS array as class weight",
    code: "new CrossEntropyLoss({ weight: [1, 2, 1] })",
    call: () => new CrossEntropyLoss({ weight: any([1, 2, 1]) }),
    message: "CrossEntropyLoss(): option 'weight' must be a Tensor or null, but got [1, 2, 1]",
    op: "CrossEntropyLoss",
    type: "TypeError",
  },
  {
    id: "ce-reduction",
    group: "CrossEntropyLoss",
    doc: "an unknown reduction",
    code: 'crossEntropy(zeros([2, 3]), tensor([0, 1]), { reduction: "elementwise_mean" })',
    call: () => crossEntropy(x(2, 3), idx([0, 1]), { reduction: any("elementwise_mean") }),
    message:
      "cross_entropy(): elementwise_mean is not a valid value for reduction (expected 'none', 'mean' or 'sum')",
    op: "cross_entropy",
  },
  {
    id: "ce-reduction-ctor",
    group: "CrossEntropyLoss",
    doc: "an unknown reduction in the module",
    code: 'new CrossEntropyLoss({ reduction: "avg" })',
    call: () => new CrossEntropyLoss({ reduction: any("avg") }),
    message: "CrossEntropyLoss(): avg is not a valid value for reduction (expected 'none', 'mean' or 'sum')",
    op: "CrossEntropyLoss",
  },
  {
    id: "ce-label-smoothing-negative",
    group: "CrossEntropyLoss",
    doc: "negative label smoothing (PyTorch 1.13 silently accepts it)",
    code: "new CrossEntropyLoss({ labelSmoothing: -0.1 })",
    call: () => new CrossEntropyLoss({ labelSmoothing: -0.1 }),
    message: "CrossEntropyLoss(): label_smoothing must be between 0.0 and 1.0. Got: -0.1",
    op: "CrossEntropyLoss",
  },
  {
    id: "ce-label-smoothing-above-one",
    group: "CrossEntropyLoss",
    doc: "label smoothing above 1",
    code: "crossEntropy(zeros([2, 3]), tensor([0, 1]), { labelSmoothing: 1.5 })",
    call: () => crossEntropy(x(2, 3), idx([0, 1]), { labelSmoothing: 1.5 }),
    message: "cross_entropy(): label_smoothing must be between 0.0 and 1.0. Got: 1.5",
    op: "cross_entropy",
  },
  {
    id: "ce-label-smoothing-nan",
    group: "CrossEntropyLoss",
    doc: "NaN label smoothing",
    code: "crossEntropy(zeros([2, 3]), tensor([0, 1]), { labelSmoothing: NaN })",
    call: () => crossEntropy(x(2, 3), idx([0, 1]), { labelSmoothing: Number.NaN }),
    message: "cross_entropy(): label_smoothing must be between 0.0 and 1.0. Got: NaN",
    op: "cross_entropy",
  },
  {
    id: "ce-ignore-index-fractional",
    group: "CrossEntropyLoss",
    doc: "a fractional ignoreIndex",
    code: "new CrossEntropyLoss({ ignoreIndex: 0.5 })",
    call: () => new CrossEntropyLoss({ ignoreIndex: 0.5 }),
    message: "CrossEntropyLoss(): option 'ignoreIndex' must be an integer, but got a number (0.5)",
    op: "CrossEntropyLoss",
    type: "TypeError",
  },
  {
    id: "ce-input-0d",
    group: "CrossEntropyLoss",
    doc: "a 0-d input",
    code: "crossEntropy(tensor(1.5), tensor(0))",
    call: () => crossEntropy(tensor(1.5), tensor(0)),
    message: "cross_entropy(): expected input of shape (C), (N, C) or (N, C, d1, ...), but got a 0-d tensor",
    op: "cross_entropy",
  },
  {
    id: "ce-input-int",
    group: "CrossEntropyLoss",
    doc: "integer logits",
    code: "crossEntropy(tensor([[1, 2]]), tensor([0]))",
    call: () => crossEntropy(tensor([[1, 2]]), idx([0])),
    message:
      "cross_entropy(): expected 'input' to be a floating point tensor, but got dtype int32 (JS writes 1.0 as 1, so tensor([1, 0]) and full(shape, 1.0) are int32: pass { dtype: \"float32\" } or call .float())",
    op: "cross_entropy",
  },
  {
    id: "ce-target-array",
    group: "CrossEntropyLoss",
    doc: "a JS array as target",
    code: "crossEntropy(zeros([2, 3]), [0, 1])",
    call: () => crossEntropy(x(2, 3), any([0, 1])),
    message: "cross_entropy(): argument 'target' must be a Tensor, not array",
    op: "cross_entropy",
    type: "TypeError",
  },

  // ---- NLLLoss ---------------------------------------------------------------------------------
  {
    id: "nll-target-out-of-bounds",
    group: "NLLLoss",
    doc: "a target past the last class",
    code: "nllLoss(zeros([3, 3]), tensor([0, 1, 9]))",
    call: () => nllLoss(x(3, 3), idx([0, 1, 9])),
    message:
      "nll_loss(): Target 9 is out of bounds. (expected a class index in [0, 3) or ignore_index -100; found at target[2])",
    op: "nll_loss",
  },
  {
    id: "nll-float-target",
    group: "NLLLoss",
    doc: "float targets",
    code: "nllLoss(zeros([3, 3]), tensor([0, 1, 2]).float())",
    call: () => nllLoss(x(3, 3), idx([0, 1, 2]).float()),
    message:
      "nll_loss(): expected a class-index target of dtype int32 (tsgrad's index dtype, PyTorch's int64), but got float32 with shape [3]",
    op: "nll_loss",
  },
  {
    id: "nll-batch-mismatch",
    group: "NLLLoss",
    doc: "fewer targets than rows",
    code: "new NLLLoss().call(zeros([3, 3]), tensor([0, 1]))",
    call: () => new NLLLoss().call(x(3, 3), idx([0, 1])),
    message: "nll_loss(): Expected input batch_size (3) to match target batch_size (2).",
    op: "nll_loss",
  },
  {
    id: "nll-weight-length",
    group: "NLLLoss",
    doc: "a class weight of the wrong length",
    code: "nllLoss(zeros([3, 3]), tensor([0, 1, 2]), { weight: ones([2]) })",
    call: () => nllLoss(x(3, 3), idx([0, 1, 2]), { weight: ones([2]) }),
    message:
      "nll_loss(): weight tensor should be defined either for all 3 classes or no classes but got weight tensor of shape: [2]",
    op: "nll_loss",
  },
  {
    id: "nll-reduction",
    group: "NLLLoss",
    doc: "an unknown reduction",
    code: 'new NLLLoss({ reduction: "max" })',
    call: () => new NLLLoss({ reduction: any("max") }),
    message: "NLLLoss(): max is not a valid value for reduction (expected 'none', 'mean' or 'sum')",
    op: "NLLLoss",
  },
  {
    id: "nll-ignore-index-fractional",
    group: "NLLLoss",
    doc: "a fractional ignoreIndex",
    code: "nllLoss(zeros([3, 3]), tensor([0, 1, 2]), { ignoreIndex: 1.5 })",
    call: () => nllLoss(x(3, 3), idx([0, 1, 2]), { ignoreIndex: 1.5 }),
    message: "nll_loss(): option 'ignoreIndex' must be an integer, but got a number (1.5)",
    op: "nll_loss",
    type: "TypeError",
  },
  {
    id: "nll-input-0d",
    group: "NLLLoss",
    doc: "a 0-d input",
    code: "nllLoss(tensor(-0.5), tensor(0))",
    call: () => nllLoss(tensor(-0.5), tensor(0)),
    message: "nll_loss(): expected input of shape (C), (N, C) or (N, C, d1, ...), but got a 0-d tensor",
    op: "nll_loss",
  },

  // ---- BCE -------------------------------------------------------------------------------------
  {
    id: "bce-input-above-one",
    group: "BCELoss and BCEWithLogitsLoss",
    doc: "an input above 1 (logits given to BCELoss)",
    code: "binaryCrossEntropy(tensor([0.5, 1.5]), tensor([1, 0]).float())",
    call: () => binaryCrossEntropy(tensor([0.5, 1.5]), idx([1, 0]).float()),
    message:
      "binary_cross_entropy(): all elements of input should be between 0 and 1 (got 1.5 at flat index 1)",
    op: "binary_cross_entropy",
  },
  {
    id: "bce-input-negative",
    group: "BCELoss and BCEWithLogitsLoss",
    doc: "a negative input",
    code: "new BCELoss().call(tensor([-0.2, 0.5]), tensor([1, 0]).float())",
    call: () => new BCELoss().call(tensor([-0.2, 0.5]), idx([1, 0]).float()),
    message:
      "binary_cross_entropy(): all elements of input should be between 0 and 1 (got -0.2 at flat index 0)",
    op: "binary_cross_entropy",
  },
  {
    id: "bce-input-nan",
    group: "BCELoss and BCEWithLogitsLoss",
    doc: "a NaN input",
    code: "binaryCrossEntropy(tensor([0.5, NaN]), tensor([1, 0]).float())",
    call: () => binaryCrossEntropy(tensor([0.5, Number.NaN]), idx([1, 0]).float()),
    message:
      "binary_cross_entropy(): all elements of input should be between 0 and 1 (got NaN at flat index 1)",
    op: "binary_cross_entropy",
  },
  {
    id: "bce-shape",
    group: "BCELoss and BCEWithLogitsLoss",
    doc: "an (N, 1) input against an (N) target",
    code: "binaryCrossEntropy(full([3, 1], 0.5), full([3], 1))",
    call: () => binaryCrossEntropy(ones([3, 1]).mul(0.5), ones([3])),
    message:
      "binary_cross_entropy(): Using a target size ([3]) that is different to the input size ([3, 1]) is deprecated. Please ensure they have the same size.",
    op: "binary_cross_entropy",
  },
  {
    id: "bce-int-target",
    group: "BCELoss and BCEWithLogitsLoss",
    doc: "integer targets",
    code: "binaryCrossEntropy(tensor([0.5, 0.5]), tensor([1, 0]))",
    call: () => binaryCrossEntropy(tensor([0.5, 0.5]), idx([1, 0])),
    message:
      "binary_cross_entropy(): expected 'target' to be a floating point tensor, but got dtype int32 (JS writes 1.0 as 1, so tensor([1, 0]) and full(shape, 1.0) are int32: pass { dtype: \"float32\" } or call .float())",
    op: "binary_cross_entropy",
  },
  {
    id: "bce-weight-broadcast",
    group: "BCELoss and BCEWithLogitsLoss",
    doc: "a weight that does not broadcast to the input",
    code: "binaryCrossEntropy(full([2, 3], 0.5), zeros([2, 3]), { weight: ones([2]) })",
    call: () => binaryCrossEntropy(ones([2, 3]).mul(0.5), x(2, 3), { weight: ones([2]) }),
    message: "binary_cross_entropy(): weight of shape [2] cannot be broadcast to the input's shape [2, 3]",
    op: "binary_cross_entropy",
  },
  {
    id: "bce-weight-array",
    group: "BCELoss and BCEWithLogitsLoss",
    doc: "a JS array as weight",
    code: "new BCELoss({ weight: [1, 2] })",
    call: () => new BCELoss({ weight: any([1, 2]) }),
    message: "BCELoss(): option 'weight' must be a Tensor or null, but got [1, 2]",
    op: "BCELoss",
    type: "TypeError",
  },
  {
    id: "bce-logits-shape",
    group: "BCELoss and BCEWithLogitsLoss",
    doc: "logits and targets of different shapes",
    code: "binaryCrossEntropyWithLogits(zeros([3, 1]), zeros([3]))",
    call: () => binaryCrossEntropyWithLogits(x(3, 1), x(3)),
    message: "binary_cross_entropy_with_logits(): Target size ([3]) must be the same as input size ([3, 1])",
    op: "binary_cross_entropy_with_logits",
  },
  {
    id: "bce-logits-pos-weight",
    group: "BCELoss and BCEWithLogitsLoss",
    doc: "a posWeight that does not broadcast to the input",
    code: "new BCEWithLogitsLoss({ posWeight: ones([4]) }).call(zeros([2, 3]), zeros([2, 3]))",
    call: () => new BCEWithLogitsLoss({ posWeight: ones([4]) }).call(x(2, 3), x(2, 3)),
    message:
      "binary_cross_entropy_with_logits(): posWeight of shape [4] cannot be broadcast to the input's shape [2, 3]",
    op: "binary_cross_entropy_with_logits",
  },
  {
    id: "bce-logits-pos-weight-int",
    group: "BCELoss and BCEWithLogitsLoss",
    doc: "an integer posWeight",
    code: "new BCEWithLogitsLoss({ posWeight: tensor([3]) })",
    call: () => new BCEWithLogitsLoss({ posWeight: tensor([3]) }),
    message:
      "BCEWithLogitsLoss(): expected 'posWeight' to be a floating point tensor, but got dtype int32 (JS writes 1.0 as 1, so tensor([1, 0]) and full(shape, 1.0) are int32: pass { dtype: \"float32\" } or call .float())",
    op: "BCEWithLogitsLoss",
  },

  // ---- KLDivLoss -------------------------------------------------------------------------------
  {
    id: "kl-reduction",
    group: "KLDivLoss",
    doc: "an unknown reduction",
    code: 'new KLDivLoss({ reduction: "batch" })',
    call: () => new KLDivLoss({ reduction: any("batch") }),
    message:
      "KLDivLoss(): batch is not a valid value for reduction (expected 'none', 'mean', 'sum' or 'batchmean')",
    op: "KLDivLoss",
  },
  {
    id: "kl-reduction-functional",
    group: "KLDivLoss",
    doc: "an unknown reduction in the functional form",
    code: 'klDiv(zeros([2, 3]), zeros([2, 3]), { reduction: "avg" })',
    call: () => klDiv(x(2, 3), x(2, 3), { reduction: any("avg") }),
    message:
      "kl_div(): avg is not a valid value for reduction (expected 'none', 'mean', 'sum' or 'batchmean')",
    op: "kl_div",
  },
  {
    id: "kl-int-target",
    group: "KLDivLoss",
    doc: "integer targets",
    code: "klDiv(zeros([2]), tensor([0, 1]))",
    call: () => klDiv(x(2), idx([0, 1])),
    message:
      "kl_div(): expected 'target' to be a floating point tensor, but got dtype int32 (JS writes 1.0 as 1, so tensor([1, 0]) and full(shape, 1.0) are int32: pass { dtype: \"float32\" } or call .float())",
    op: "kl_div",
  },

  // ---- regression ------------------------------------------------------------------------------
  {
    id: "mse-shape",
    group: "MSELoss, L1Loss, HuberLoss, SmoothL1Loss",
    doc: "input and target shapes that do not broadcast",
    code: "mseLoss(zeros([3]), zeros([4]))",
    call: () => mseLoss(x(3), x(4)),
    message:
      "mse_loss(): The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0 (shapes [3] and [4])",
    op: "mse_loss",
  },
  {
    id: "mse-int-target",
    group: "MSELoss, L1Loss, HuberLoss, SmoothL1Loss",
    doc: "integer targets",
    code: "new MSELoss().call(zeros([2]), tensor([1, 2]))",
    call: () => new MSELoss().call(x(2), idx([1, 2])),
    message:
      "mse_loss(): expected 'target' to be a floating point tensor, but got dtype int32 (JS writes 1.0 as 1, so tensor([1, 0]) and full(shape, 1.0) are int32: pass { dtype: \"float32\" } or call .float())",
    op: "mse_loss",
  },
  {
    id: "mse-reduction",
    group: "MSELoss, L1Loss, HuberLoss, SmoothL1Loss",
    doc: "an unknown reduction",
    code: 'new MSELoss({ reduction: "avg" })',
    call: () => new MSELoss({ reduction: any("avg") }),
    message: "MSELoss(): avg is not a valid value for reduction (expected 'none', 'mean' or 'sum')",
    op: "MSELoss",
  },
  {
    id: "huber-delta",
    group: "MSELoss, L1Loss, HuberLoss, SmoothL1Loss",
    doc: "a zero delta",
    code: "huberLoss(zeros([2]), zeros([2]), { delta: 0 })",
    call: () => huberLoss(x(2), x(2), { delta: 0 }),
    message: "huber_loss(): huber_loss does not support non-positive values for delta. Got: 0",
    op: "huber_loss",
  },
  {
    id: "smooth-l1-beta",
    group: "MSELoss, L1Loss, HuberLoss, SmoothL1Loss",
    doc: "a negative beta",
    code: "smoothL1Loss(zeros([2]), zeros([2]), { beta: -1 })",
    call: () => smoothL1Loss(x(2), x(2), { beta: -1 }),
    message: "smooth_l1_loss(): smooth_l1_loss does not support negative values for beta. Got: -1",
    op: "smooth_l1_loss",
  },
  // ---- options objects (core's checkOptions) --------------------------------------------------
  {
    id: "options-loss-snake-case",
    group: "Options objects",
    doc: "PyTorch's label_smoothing keyword (silently dropped before: the model trained without smoothing)",
    code: "crossEntropy(z, y, { label_smoothing: 0.1 })",
    call: () => crossEntropy(x(2, 3), idx([0, 1]), any({ label_smoothing: 0.1 })),
    message: "cross_entropy(): got an unexpected option 'label_smoothing' (did you mean 'labelSmoothing'?)",
    op: "cross_entropy",
    type: "TypeError",
  },
  {
    id: "options-loss-module-snake-case",
    group: "Options objects",
    doc: "PyTorch's label_smoothing keyword in the module",
    code: "new CrossEntropyLoss({ label_smoothing: 0.1 })",
    call: () => new CrossEntropyLoss(any({ label_smoothing: 0.1 })),
    message:
      "CrossEntropyLoss(): got an unexpected option 'label_smoothing' (did you mean 'labelSmoothing'?)",
    op: "CrossEntropyLoss",
    type: "TypeError",
  },
  {
    id: "options-loss-module-number",
    group: "Options objects",
    doc: "a number where the module's options go",
    code: "new CrossEntropyLoss(0.1)",
    call: () => new CrossEntropyLoss(any(0.1)),
    message:
      "CrossEntropyLoss(): expected an options object as argument 1, but got a number (0.1) (did you mean { labelSmoothing: 0.1 }?)",
    op: "CrossEntropyLoss",
    type: "TypeError",
  },
  {
    id: "options-loss-string",
    group: "Options objects",
    doc: "the reduction where the options object goes",
    code: 'mseLoss(a, b, "sum")',
    call: () => mseLoss(x(2), x(2), any("sum")),
    message:
      'mse_loss(): expected an options object as argument 3, but got a string ("sum") (did you mean { reduction: "sum" }?)',
    op: "mse_loss",
    type: "TypeError",
  },
  {
    id: "options-loss-near-miss",
    group: "Options objects",
    doc: "a misspelt option of a loss module",
    code: "new HuberLoss({ detla: 0.5 })",
    call: () => new HuberLoss(any({ detla: 0.5 })),
    message: "HuberLoss(): got an unexpected option 'detla' (did you mean 'delta'?)",
    op: "HuberLoss",
    type: "TypeError",
  },
  {
    id: "options-loss-unknown",
    group: "Options objects",
    doc: "an option the loss does not have",
    code: "nllLoss(z, y, { classes: 3 })",
    call: () => nllLoss(x(2, 3), idx([0, 1]), any({ classes: 3 })),
    message:
      "nll_loss(): got an unexpected option 'classes' (valid options: weight, ignoreIndex, reduction, sizeAverage, reduce)",
    op: "nll_loss",
    type: "TypeError",
  },
  {
    id: "options-loss-functional-near-miss",
    group: "Options objects",
    doc: "a misspelt option of the seed's functional loss",
    code: "labelSmoothingLoss(pred, target, { smoothng: 0.1 })",
    call: () => labelSmoothingLoss(x(2, 3), idx([0, 1]), any({ smoothng: 0.1 })),
    message: "LabelSmoothingLoss(): got an unexpected option 'smoothng' (did you mean 'smoothing'?)",
    op: "LabelSmoothingLoss",
    type: "TypeError",
  },
  {
    id: "options-loss-boolean-string",
    group: "Options objects",
    doc: 'a string where a boolean goes ("false" is truthy: it used to mean true)',
    code: 'new KLDivLoss({ logTarget: "false" })',
    call: () => new KLDivLoss({ logTarget: any("false") }),
    message: "KLDivLoss(): option 'logTarget' must be a boolean, but got a string (\"false\")",
    op: "KLDivLoss",
    type: "TypeError",
  },
  {
    id: "options-loss-number-string",
    group: "Options objects",
    doc: "a number written as a string",
    code: 'huberLoss(a, b, { delta: "1" })',
    call: () => huberLoss(x(2), x(2), { delta: any("1") }),
    message: "huber_loss(): option 'delta' must be a number, but got a string (\"1\")",
    op: "huber_loss",
    type: "TypeError",
  },
  // ---- the deprecated sizeAverage / reduce ------------------------------------------------------
  {
    id: "legacy-size-average-type",
    group: "Deprecated sizeAverage / reduce",
    doc: "sizeAverage that is not a boolean (or null)",
    code: "new MSELoss({ sizeAverage: 1 })",
    call: () => new MSELoss(any({ sizeAverage: 1 })),
    message: "MSELoss(): option 'sizeAverage' must be a boolean or null, but got a number (1)",
    op: "MSELoss",
    type: "TypeError",
  },
  {
    id: "legacy-reduce-type",
    group: "Deprecated sizeAverage / reduce",
    doc: "reduce that is not a boolean (or null)",
    code: 'nllLoss(x, y, { reduce: "none" })',
    call: () => nllLoss(x(2, 3), idx([0, 1]), any({ reduce: "none" })),
    message: `nll_loss(): option 'reduce' must be a boolean or null, but got a string ("none")`,
    op: "nll_loss",
    type: "TypeError",
  },
  {
    id: "legacy-huber",
    group: "Deprecated sizeAverage / reduce",
    doc: "sizeAverage on HuberLoss, which never had it",
    code: "new HuberLoss({ sizeAverage: false })",
    call: () => new HuberLoss(any({ sizeAverage: false })),
    message: "HuberLoss(): got an unexpected option 'sizeAverage' (valid options: reduction, delta)",
    op: "HuberLoss",
    type: "TypeError",
  },
];

/** Runs `fn` with console.warn captured; returns its result and the warnings. */
function withWarnings(fn: () => unknown): string {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(" "));
  };
  try {
    const out = String(fn());
    return warnings.length === 0 ? out : `${out}, and a console.warn: ${warnings.join("; ")}`;
  } finally {
    console.warn = warn;
  }
}

/** `[loss, x.grad]` printed, for a float leaf x of `shape` (zeros). */
function lossAndGrad(shape: number[], f: (x: Tensor) => Tensor): string {
  const leaf = zeros(shape, { requiresGrad: true });
  const l = f(leaf);
  l.backward();
  return `${l.detach()}, x.grad = ${leaf.grad}`;
}

/** Inputs of @tsgrad/losses that are deliberately not errors. */
export const lossesBehaviourNotes: BehaviourNote[] = [
  {
    id: "ce-empty-batch-mean",
    doc: "cross-entropy's mean over an empty batch",
    code: "const l = crossEntropy(x, zeros([0], { dtype: 'int32' })); l.backward(); [l, x.grad] // x: zeros([0, 3])",
    run: () => lossAndGrad([0, 3], (x) => crossEntropy(x, noIdx())),
    result: "tensor(nan), x.grad = tensor([], size=(0, 3))",
    why: "0/0, as PyTorch (`tensor(nan)`); the gradient is empty. `'sum'` gives 0",
  },
  {
    id: "ce-empty-batch-sum",
    doc: "cross-entropy's sum over an empty batch",
    code: "crossEntropy(zeros([0, 3]), zeros([0], { dtype: 'int32' }), { reduction: 'sum' })",
    run: () => crossEntropy(x(0, 3), noIdx(), { reduction: "sum" }),
    result: "tensor(0.)",
    why: "an empty sum, as PyTorch",
  },
  {
    id: "ce-all-ignored",
    doc: "cross-entropy's mean when every target is ignoreIndex",
    code: "const l = crossEntropy(x, tensor([-100])); l.backward(); [l, x.grad] // x: zeros([1, 3]), requiresGrad",
    run: () => lossAndGrad([1, 3], (x) => crossEntropy(x, idx([-100]))),
    result: "tensor(nan), x.grad = tensor([[0., 0., 0.]])",
    why: "0/0 (no target counted), as PyTorch, which also gives an all-zero gradient",
  },
  {
    id: "ce-zero-weights",
    doc: "cross-entropy's mean when the targets' class weights are all 0",
    code: "const l = crossEntropy(x, tensor([0]), { weight: zeros([3]) }); l.backward(); [l, x.grad]",
    run: () => lossAndGrad([1, 3], (x) => crossEntropy(x, idx([0]), { weight: zeros([3]) })),
    result: "tensor(nan), x.grad = tensor([[nan, nan, nan]])",
    why: "'mean' divides by Σ w_y = 0; PyTorch gives the same nan loss and nan gradient",
  },
  {
    id: "nll-empty-batch",
    doc: "NLL's mean over an empty batch",
    code: "nllLoss(zeros([0, 3]), zeros([0], { dtype: 'int32' }))",
    run: () => nllLoss(x(0, 3), noIdx()),
    result: "tensor(nan)",
    why: "0/0, as PyTorch",
  },
  {
    id: "ls-empty-batch",
    doc: "LabelSmoothingLoss over an empty batch",
    code: "new LabelSmoothingLoss(3, 0.1).call(zeros([0, 3]), zeros([0], { dtype: 'int32' }))",
    run: () => new LabelSmoothingLoss(3, 0.1).call(x(0, 3), noIdx()),
    result: "tensor(nan)",
    why: "the seed's `torch.mean` of nothing is nan in PyTorch too",
  },
  {
    id: "mse-empty",
    doc: "MSE's mean of empty tensors",
    code: "mseLoss(zeros([0]), zeros([0]))",
    run: () => mseLoss(x(0), x(0)),
    result: "tensor(nan)",
    why: "the mean of nothing, as PyTorch",
  },
  {
    id: "bce-empty",
    doc: "BCE's mean of empty tensors",
    code: "binaryCrossEntropy(zeros([0]), zeros([0]))",
    run: () => binaryCrossEntropy(x(0), x(0)),
    result: "tensor(nan)",
    why: "the mean of nothing, as PyTorch",
  },
  {
    id: "kl-batchmean-empty",
    doc: "KL divergence's batchmean over an empty batch",
    code: "klDiv(zeros([0, 3]), zeros([0, 3]), { reduction: 'batchmean' })",
    run: () => klDiv(x(0, 3), x(0, 3), { reduction: "batchmean" }),
    result: "tensor(nan)",
    why: "0 / batch size 0, as PyTorch",
  },
  {
    id: "mse-broadcast",
    doc: "an (N, 1) input against an (N) target in MSELoss (broadcasts to (N, N))",
    code: "mseLoss(zeros([3, 1]), zeros([3]))",
    run: () => withWarnings(() => mseLoss(x(3, 1), x(3))),
    result:
      "tensor(0.), and a console.warn: mse_loss(): Using a target size ([3]) that is different to the input size ([3, 1]). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.",
    why: "shapes that broadcast are allowed, with PyTorch's warning: usually a bug, but valid",
  },
  {
    id: "bce-target-outside",
    doc: "a BCE target outside [0, 1]",
    code: "binaryCrossEntropy(tensor([0.5]), tensor([2.0]))",
    run: () => binaryCrossEntropy(tensor([0.5]), tensor([2]).float()),
    result: "tensor(0.6931)",
    why: "PyTorch checks only the input's range; the formula is applied as written",
  },
  {
    id: "legacy-size-average",
    doc: "the deprecated sizeAverage: false",
    code: "mseLoss(tensor([1, 2]).float(), zeros([2]), { sizeAverage: false })",
    run: () => {
      resetLegacyReductionWarnings();
      return withWarnings(() => mseLoss(tensor([1, 2]).float(), zeros([2]), { sizeAverage: false }));
    },
    result:
      "tensor(5.), and a console.warn: size_average and reduce args will be deprecated, please use reduction='sum' instead.",
    why: "PyTorch 1.13 still takes it, mapped by `legacy_get_string`, with this warning (printed once per process for each text)",
  },
  {
    id: "legacy-overrides-reduction",
    doc: "reduce: false together with reduction: 'sum'",
    code: 'new MSELoss({ reduce: false, reduction: "sum" }).reduction',
    run: () => {
      resetLegacyReductionWarnings();
      return withWarnings(() => new MSELoss({ reduce: false, reduction: "sum" }).reduction);
    },
    result:
      "none, and a console.warn: size_average and reduce args will be deprecated, please use reduction='none' instead.",
    why: "either deprecated keyword, when given, replaces `reduction` entirely, as in PyTorch",
  },
  {
    id: "legacy-kl-div-batchmean",
    doc: "klDiv with sizeAverage: false and reduction: 'batchmean'",
    code: 'klDiv(zeros([2, 2]), full([2, 2], 0.5), { sizeAverage: false, reduction: "batchmean" })',
    run: () => {
      resetLegacyReductionWarnings();
      return withWarnings(() =>
        klDiv(zeros([2, 2]), ones([2, 2]).mul(0.5), { sizeAverage: false, reduction: "batchmean" }),
      );
    },
    result:
      "tensor(-0.6931), and a console.warn: size_average and reduce args will be deprecated, please use reduction='sum' instead.",
    why: "F.kl_div sums as the keywords say, then still divides by the batch size for 'batchmean' (PyTorch 1.13's order of steps)",
  },
];
