import {
  checkOptions,
  formatShape,
  noGrad,
  ones,
  type OptionsSpec,
  promoteTypes,
  type Tensor,
  zerosLike,
} from "@tsgrad/core";
import { Module } from "@tsgrad/nn";
import {
  checkClassInput,
  checkClassWeight,
  checkIndexTarget,
  classWeights,
  showValue,
  type WeightWording,
} from "./common.js";
import { indexTargetCE } from "./cross-entropy.js";

/** Options of the functional forms {@link labelSmoothingLoss} and {@link labelSmoothingLossReference}. */
export interface LabelSmoothingOptions {
  /** K, the number of classes; checked against pred's size along `dim` (default: that size). */
  classes?: number;
  /** α in [0, 1]: the true class gets 1 − α, every other class α/(K − 1) (default 0). */
  smoothing?: number;
  /** The class dim of `pred` (default −1). */
  dim?: number;
  /** Per-class weights, 1-D of size K (default `ones(K) / K` of the default dtype, as in the seed). */
  weight?: Tensor | null;
}

const OP = "LabelSmoothingLoss";
const LABEL_SMOOTHING_OPTIONS: OptionsSpec<LabelSmoothingOptions> = {
  classes: "number",
  smoothing: "number",
  dim: "number",
  weight: "tensorOrNull",
};

function checkClasses(classes: unknown): number {
  if (typeof classes !== "number" || !Number.isInteger(classes) || classes < 2) {
    throw new Error(
      `${OP}(): classes must be an integer >= 2 (the off-target value is smoothing / (classes - 1)), but got ${showValue(classes)}`,
    );
  }
  return classes;
}

function checkSmoothing(smoothing: unknown): number {
  if (typeof smoothing !== "number" || !(smoothing >= 0 && smoothing <= 1)) {
    throw new Error(`${OP}(): smoothing must be a finite number in [0, 1], but got ${showValue(smoothing)}`);
  }
  return smoothing;
}

/** The class-weight check in this loss's own words (it is the seed's, not PyTorch's). */
const SEED_WEIGHT: WeightWording = {
  dtype: (dtype) => `weight must be a floating point tensor, but got dtype ${dtype}`,
  shape: (weight, classes) =>
    `weight must be 1-D with classes = ${classes} entries, but it has ${weight.dim() === 1 ? `${weight._shape[0]} entries` : `shape ${formatShape(weight._shape)}`}`,
};

/** The checked `weight`, or the seed's default `torch.ones(classes) / classes` (the default dtype, whatever pred's). */
function classWeight(weight: Tensor | null | undefined, classes: number): Tensor {
  if (weight === undefined || weight === null) return ones([classes]).div(classes);
  return checkClassWeight(OP, weight, classes, SEED_WEIGHT);
}

interface Prepared {
  /** The dim of the input that holds the classes (default -1). */
  dim: number;
  classes: number;
  /** The probability mass spread over the other classes. */
  smoothing: number;
  weight: Tensor;
  target: Tensor;
}

function prepare(pred: Tensor, target: Tensor, options: LabelSmoothingOptions): Prepared {
  checkOptions(OP, options, LABEL_SMOOTHING_OPTIONS, 3);
  const { classDim: dim, classes: size } = checkClassInput(OP, pred, target, "pred", options.dim ?? -1);
  const classes = checkClasses(options.classes ?? size);
  if (size !== classes) {
    throw new Error(
      `${OP}(): pred has ${size} classes along dim ${dim} (shape [${pred._shape.join(", ")}]), but the loss is for classes = ${classes}`,
    );
  }
  const smoothing = checkSmoothing(options.smoothing ?? 0);
  const weight = classWeight(options.weight, classes);
  return { dim, classes, smoothing, weight, target: checkIndexTarget(OP, pred, target, dim, null) };
}

/**
 * The seed's label-smoothed cross-entropy, fused (used by {@link LabelSmoothingLoss}):
 *
 *     loss = mean_n( −Σ_c q_{n,c} · w_c · log softmax(pred_n)_c ),
 *     q_{n,c} = 1 − α if c = target_n, else α / (K − 1)
 *
 * The mean runs over every position (N, or N·d1·…·dk), whatever the weights.
 * No N×K target matrix is built: one pass per row computes its logsumexp and the loss in closed
 * form, and the backward writes `(softmax·Σ_c q_c w_c − q ⊙ w) / N` directly. It equals
 * {@link labelSmoothingLossReference} (the seed's lines) to 1e-12 in float64; a test checks it.
 *
 * NOTE: the default weight is `ones(K) / K`, so the default loss is the textbook smoothed
 * cross-entropy divided by K. Pass `weight: ones([K])` for the unscaled loss.
 *
 * @param pred logits, (N, K) or any shape with K classes along `dim`
 * @param target int32 class indices, pred's shape without `dim`, values in [0, K)
 * @param options `{ classes = pred.size(dim), smoothing = 0, dim = -1, weight = ones(K) / K }`
 * @returns a 0-d tensor (dtype: pred's and weight's promoted)
 *
 * @example
 * const pred = randn([5, 3], { requiresGrad: true });
 * labelSmoothingLoss(pred, tensor([0, 1, 2, 1, 0]), { smoothing: 0.01 }).backward();
 */
export function labelSmoothingLoss(
  pred: Tensor,
  target: Tensor,
  options: LabelSmoothingOptions = {},
): Tensor {
  const p = prepare(pred, target, options);
  return indexTargetCE(pred, p.target, {
    classDim: p.dim,
    weight: classWeights(p.weight, p.classes),
    on: 1.0 - p.smoothing,
    off: p.smoothing / (p.classes - 1),
    ignoreIndex: null,
    reduction: "mean",
    meanOver: "positions",
    dtype: promoteTypes(pred.dtype, p.weight.dtype),
    name: "MeanBackward0", // what the seed's class shows in PyTorch: its last op is torch.mean
  });
}

/**
 * The seed's `forward`, line for line with tsgrad's ops (readable; the walkthrough and the
 * tests use it). Same result as {@link labelSmoothingLoss}, which is faster and allocates less.
 * Two documented fixes over the seed: the scatter uses `dim` (the seed hard-codes 1) and the
 * weight is applied along `dim` (the seed's broadcast applies it along the last dim).
 *
 * @example
 * const pred = randn([5, 3]);
 * const target = tensor([0, 1, 2, 1, 0]);
 * const a = labelSmoothingLossReference(pred, target, { smoothing: 0.1 });
 * a.sub(labelSmoothingLoss(pred, target, { smoothing: 0.1 })).abs().item() < 1e-6; // true
 */
export function labelSmoothingLossReference(
  pred: Tensor,
  target: Tensor,
  options: LabelSmoothingOptions = {},
): Tensor {
  const { dim, classes, smoothing, weight } = prepare(pred, target, options);
  const confidence = 1.0 - smoothing;
  const logp = pred.logSoftmax(dim);
  const trueDist = noGrad(() => {
    const t = zerosLike(logp);
    t.fill_(smoothing / (classes - 1));
    t.scatter_(dim, target.unsqueeze(dim), confidence);
    return t;
  });
  // The weight laid along the class dim: shape [K, 1, ..., 1] with one 1 per dim after `dim`.
  const along = weight.reshape([classes, ...pred._shape.slice(dim + 1).map(() => 1)]);
  return trueDist.neg().mul(logp).mul(along).sum(dim).mean();
}

/**
 * Label-smoothed cross-entropy, the seed's `LabelSmoothingLoss(classes, smoothing=0.0, dim=-1,
 * weight=None)` (from PyTorch issue 7455, with a class weight added):
 *
 *     loss = mean_n( −Σ_c q_{n,c} · w_c · log softmax(pred_n)_c ),
 *     q_{n,c} = 1 − α (= confidence) if c = target_n, else α / (K − 1)
 *
 * **The default weight is `ones(K) / K`, so by default the loss is the textbook label-smoothed
 * cross-entropy DIVIDED BY K** (kept from the seed, so its numbers match). For the unscaled
 * loss pass `weight = ones([K])`: then `LabelSmoothingLoss(K, α)` equals
 * `CrossEntropyLoss({ labelSmoothing: α·K/(K − 1) })` exactly (PyTorch spreads β/K over all K
 * classes; the seed spreads α/(K − 1) over the K − 1 wrong ones).
 *
 * Fields as in the seed: `confidence`, `smoothing`, `cls`, `dim`, `weight` — and, as in the seed,
 * `weight` is a plain attribute, not a buffer (not in `stateDict()`, not converted by `double()`).
 *
 * Differences from the seed, where it crashed or was silently wrong: `classes < 2`, smoothing
 * outside [0, 1], a weight of the wrong size or dtype, a bad target (dtype, shape, out-of-range
 * value) and a pred whose class dim is not `classes` raise clear errors; for pred of shape
 * (N, K, d1, …) with `dim = 1`, smoothing and weight both apply along `dim` (the seed scattered
 * along dim 1 but weighted the last dim).
 *
 * @param classes K, the number of classes (>= 2)
 * @param smoothing α in [0, 1] (default 0)
 * @param dim the class dim of pred (default −1)
 * @param weight per-class weights, size K (default `ones(K) / K`, of the default dtype)
 *
 * Shape: pred (N, K), or K classes along `dim`; target int32, pred's shape without `dim`;
 * output a scalar.
 *
 * @example
 * const pred = randn([5, 3], { requiresGrad: true });
 * const criterion = new LabelSmoothingLoss(3, 0.01);
 * const loss = criterion.call(pred, tensor([0, 1, 2, 1, 0])); // pred: (5, 3) logits
 * loss.backward();
 */
export class LabelSmoothingLoss extends Module {
  static override readonly typeName: string = "LabelSmoothingLoss";
  /** The probability given to the target class, `1 − smoothing`. */
  readonly confidence: number;
  /** The probability mass spread over the other classes. */
  readonly smoothing: number;
  /** The number of classes. */
  readonly cls: number;
  /** The dim of the input that holds the classes (default -1). */
  readonly dim: number;
  /** A plain attribute, as in the seed (not a registered buffer). */
  weight: Tensor;

  constructor(classes: number, smoothing = 0.0, dim = -1, weight: Tensor | null = null) {
    super();
    this.cls = checkClasses(classes);
    this.smoothing = checkSmoothing(smoothing);
    this.confidence = 1.0 - smoothing;
    if (!Number.isInteger(dim)) throw new Error(`${OP}(): dim must be an integer, but got ${showValue(dim)}`);
    this.dim = dim;
    this.weight = classWeight(weight, classes);
  }

  override forward(pred: Tensor, target: Tensor): Tensor {
    return labelSmoothingLoss(pred, target, {
      classes: this.cls,
      smoothing: this.smoothing,
      dim: this.dim,
      weight: this.weight,
    });
  }
}
