import {
  checkOptions,
  type DType,
  formatShape,
  isFloating,
  isGradEnabled,
  type OptionsSpec,
  promoteTypes,
  record,
  Tensor,
} from "@tsgrad/core";
import { Module } from "@tsgrad/nn";
import {
  checkClassWeight,
  checkFloating,
  checkIgnoreIndex,
  checkIndexTarget,
  checkLabelSmoothing,
  checkReduction,
  checkTensor,
  classLayout,
  type Reduction,
  weightValues,
} from "./common.js";
import {
  type GradScale,
  type IndexTargets,
  indexTargetBackward,
  indexTargetForward,
  type ProbTargets,
  probTargetBackward,
  probTargetForward,
  type RowStats,
} from "./kernels.js";

/** Options of {@link crossEntropy} and {@link CrossEntropyLoss}, PyTorch's keyword arguments. */
export interface CrossEntropyOptions {
  /** Manual rescaling weight of each class, a 1-D tensor of size C (default: none, all 1). */
  weight?: Tensor | null;
  /** A class-index target value that is skipped: no loss, no gradient, not counted (default −100). */
  ignoreIndex?: number;
  /** `'none' | 'mean' | 'sum'` (default `'mean'`). */
  reduction?: Reduction;
  /** β in [0, 1]: the target becomes (1 − β)·onehot + β/C (default 0). */
  labelSmoothing?: number;
}

const CROSS_ENTROPY_OPTIONS: OptionsSpec<CrossEntropyOptions> = {
  weight: "tensorOrNull",
  ignoreIndex: "integer",
  reduction: "string",
  labelSmoothing: "number",
};

/** A tensor of `shape` and `dtype` over `values` (used as is for float64, rounded for float32). */
export function fromValues(values: Float64Array, shape: readonly number[], dtype: DType): Tensor {
  const data = dtype === "float64" ? values : Float32Array.from(values);
  return Tensor.fromArray(data, shape, dtype);
}

/** The per-position `losses` as the op's output: as is for 'none', else their sum or sum / `denom`. */
function reduceLosses(
  losses: Float64Array,
  reduction: Reduction,
  denom: number,
  outShape: readonly number[],
  dtype: DType,
): Tensor {
  if (reduction === "none") return fromValues(losses, outShape, dtype);
  let total = 0;
  for (let n = 0; n < losses.length; n++) total += losses[n]!;
  return fromValues(Float64Array.of(reduction === "mean" ? total / denom : total), [], dtype);
}

/** The upstream gradient `g` of a fused loss as the kernels take it (see {@link reduceLosses}). */
function gradScale(g: Tensor, reduction: Reduction, denom: number): GradScale {
  if (reduction !== "none") {
    return { scalar: g.item() / (reduction === "mean" ? denom : 1), per: null, off: 0 };
  }
  const gc = classLayout(g, 0);
  return { scalar: 1, per: gc.data, off: gc.offset };
}

function newRowStats(positions: number): RowStats {
  return { shift: new Float64Array(positions), logSum: new Float64Array(positions) };
}

/** The row stats as saved tensors (freed after the backward unless the graph is retained). */
function savedRowStats(stats: RowStats): [Tensor, Tensor] {
  const n = stats.shift.length;
  return [Tensor.fromArray(stats.shift, [n], "float64"), Tensor.fromArray(stats.logSum, [n], "float64")];
}

function rowStatsOf(saved: Tensor[]): RowStats {
  return {
    shift: saved[0]!.storage.data as Float64Array,
    logSum: saved[1]!.storage.data as Float64Array,
  };
}

/**
 * The cross-entropy between the logits `input` and `target` (`torch.nn.functional.cross_entropy`):
 * log-softmax along the class dim and the negative log-likelihood in one fused op.
 *
 * With class-index targets y, class weights w (all 1 by default) and label smoothing β:
 *
 *     l_n = (1 − β)·(−w_{y_n} log p_{n,y_n}) + (β/C)·(−Σ_c w_c log p_{n,c})
 *
 * `'mean'` divides Σ l_n by Σ_n w_{y_n} (the count of targets when unweighted), both sums over
 * the targets that are not `ignoreIndex`; ignored targets contribute 0 to everything. If every
 * target is ignored, `'mean'` is 0/0 = NaN with an all-zero gradient, as in PyTorch.
 *
 * With probability targets (a floating tensor of the input's shape): y' = (1 − β)·y + β/C,
 * `l_n = −Σ_c w_c y'_{n,c} log p_{n,c}`, and `'mean'` divides by N (not by the weights, as in
 * PyTorch); `ignoreIndex` must then stay negative.
 *
 * Fused: the forward keeps one max and one log Σ exp per position and the backward writes
 * `(softmax·Σ_c q_c w_c − q ⊙ w)·scale` directly, so no N×C temporary is built besides the
 * gradient. `weight` receives no gradient (PyTorch's nll_loss does not differentiate it either).
 *
 * @param input logits: (C), (N, C) or (N, C, d1, …, dk); the class dim is 1 (0 for 1-D input)
 * @param target int32 class indices of shape (), (N) or (N, d1, …, dk) in [0, C), or class
 *   probabilities of the input's shape
 * @param options `{ weight = null, ignoreIndex = -100, reduction = 'mean', labelSmoothing = 0 }`
 * @returns a 0-d tensor, or for `'none'` the per-position losses, shaped like an index target
 *
 * @example
 * const logits = randn([3, 5], { requiresGrad: true });
 * const loss = crossEntropy(logits, tensor([1, 0, 4]), { labelSmoothing: 0.1 });
 * loss.backward();
 */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const op = "cross_entropy";
  checkOptions(op, options, CROSS_ENTROPY_OPTIONS, 3);
  checkTensor(op, "input", input);
  checkTensor(op, "target", target);
  checkFloating(op, "input", input);
  const reduction = checkReduction(op, options.reduction ?? "mean");
  const ignoreIndex = checkIgnoreIndex(op, options.ignoreIndex ?? -100);
  // PyTorch 1.13 silently ignores a negative label_smoothing; tsgrad rejects it with the same message.
  const beta = checkLabelSmoothing(op, options.labelSmoothing ?? 0);
  if (input.dim() === 0) {
    throw new Error(`${op}(): expected input of shape (C), (N, C) or (N, C, d1, ...), but got a 0-d tensor`);
  }
  const classDim = input.dim() === 1 ? 0 : 1;
  const C = input.shape[classDim]!;
  let w: Float64Array;
  if (options.weight !== undefined && options.weight !== null) {
    w = weightValues(op, options.weight, C);
    if (options.weight.dtype !== input.dtype) {
      throw new Error(
        `${op}(): expected weight to have the input's dtype ${input.dtype}, but got ${options.weight.dtype}`,
      );
    }
  } else w = new Float64Array(C).fill(1);
  const outShape = input.shape.filter((_, i) => i !== classDim);

  if (isFloating(target.dtype)) {
    if (formatShape(target.shape) !== formatShape(input.shape)) {
      throw new Error(
        `${op}(): a floating point target holds class probabilities and must have the input's shape ${formatShape(input.shape)}, ` +
          `but got ${formatShape(target.shape)} (class-index targets must be int32)`,
      );
    }
    if (ignoreIndex >= 0) {
      throw new Error(
        `${op}(): ignore_index is not supported for floating point target (got ${ignoreIndex})`,
      );
    }
    return probTargetCE(input, target, classDim, w, beta, reduction, outShape);
  }
  const t = checkIndexTarget(op, input, target, classDim, ignoreIndex);
  // PyTorch's smoothed target: 1 − β + β/C on the true class, β/C elsewhere.
  return indexTargetCE(
    input,
    t,
    classDim,
    w,
    1 - beta + beta / C,
    beta / C,
    true,
    ignoreIndex,
    reduction,
    outShape,
  );
}

/**
 * The fused smoothed cross-entropy with class-index targets, shared by {@link crossEntropy}
 * (PyTorch's smoothing) and the seed's LabelSmoothingLoss (q = on at the target, off elsewhere).
 * `meanByCount` divides 'mean' by the number of positions instead of Σ w_y (the seed's `torch.mean`).
 * `target` has been checked; `w` holds C weights.
 */
export function indexTargetCE(
  input: Tensor,
  target: Tensor,
  classDim: number,
  w: Float64Array,
  on: number,
  off: number,
  hasIgnore: boolean,
  ignoreIndex: number,
  reduction: Reduction,
  outShape: readonly number[],
  options: { meanByCount?: boolean; outDtype?: DType; name?: string } = {},
): Tensor {
  const { data, offset, outer, classes: C, inner } = classLayout(input, classDim);
  const positions = outer * inner;
  const losses = new Float64Array(positions);
  const stats = newRowStats(positions);
  const p: IndexTargets = {
    outer,
    C,
    inner,
    target: target.storage.data,
    tOff: target.offset,
    w,
    on,
    off,
    hasIgnore,
    ignoreIndex,
  };
  // When a gradient will be needed, the forward writes exp(x − max) into the future gradient's
  // buffer, so the backward scales it instead of computing every exp again. The first backward
  // takes the buffer; another one (retainGraph) recomputes from x and the saved row stats.
  let gradBuf: Tensor | null =
    isGradEnabled() && input.requiresGrad ? Tensor.alloc(input.shape, input.dtype) : null;
  const sumExp = gradBuf ? new Float64Array(positions) : null;
  const denomW = indexTargetForward(
    data,
    offset,
    p,
    losses,
    stats,
    gradBuf ? gradBuf.storage.data : null,
    sumExp,
  );
  // PyTorch's 'mean' with Σ w_y = 0 (all ignored, or zero weights) is its NLL part 0/0 = NaN, even
  // when the smoothing part's numerator is not 0; its gradient is NaN on the rows not ignored.
  const denom = options.meanByCount ? positions : denomW === 0 ? Number.NaN : denomW;
  const out = reduceLosses(losses, reduction, denom, outShape, options.outDtype ?? input.dtype);
  const shape = input.shape;
  const xDtype = input.dtype;
  return record(
    out,
    options.name ?? "CrossEntropyLossBackward0",
    [input],
    [input, target, ...savedRowStats(stats)],
    (g, saved) => {
      // `p.target` is the saved target's own storage.
      const [xs, , ...st] = saved as Tensor[];
      const gs = gradScale(g, reduction, denom);
      if (gradBuf !== null) {
        const grad = gradBuf;
        gradBuf = null;
        indexTargetBackward(p, gs, grad.storage.data, sumExp);
        return [grad];
      }
      const x = classLayout(xs, classDim);
      const grad = Tensor.alloc(shape, xDtype);
      indexTargetBackward(p, gs, grad.storage.data, null, x.data, x.offset, rowStatsOf(st));
      return [grad];
    },
  );
}

function probTargetCE(
  input: Tensor,
  target: Tensor,
  classDim: number,
  w: Float64Array,
  beta: number,
  reduction: Reduction,
  outShape: readonly number[],
): Tensor {
  const { data, offset, outer, classes: C, inner } = classLayout(input, classDim);
  const tl = classLayout(target, classDim);
  const positions = outer * inner;
  const losses = new Float64Array(positions);
  const stats = newRowStats(positions);
  probTargetForward(data, offset, { outer, C, inner, t: tl.data, tOff: tl.offset, w, beta }, losses, stats);
  // PyTorch divides 'mean' by N here, not by the weights (its issue 107680).
  const out = reduceLosses(losses, reduction, positions, outShape, promoteTypes(input.dtype, target.dtype));
  const shape = input.shape;
  const xDtype = input.dtype;
  const tDtype = target.dtype;
  return record(
    out,
    "CrossEntropyLossBackward0",
    [input, target],
    [input, target, ...savedRowStats(stats)],
    (g, saved, needs) => {
      const [xs, ts, ...st] = saved as Tensor[];
      const x = classLayout(xs, classDim);
      const t = classLayout(ts, classDim);
      const gx = needs[0] ? Tensor.alloc(shape, xDtype) : null;
      const gt = needs[1] ? Tensor.alloc(shape, tDtype) : null;
      const pt: ProbTargets = { outer, C, inner, t: t.data, tOff: t.offset, w, beta };
      probTargetBackward(
        x.data,
        x.offset,
        pt,
        rowStatsOf(st),
        gradScale(g, reduction, positions),
        gx ? gx.storage.data : null,
        gt ? gt.storage.data : null,
      );
      return [gx, gt];
    },
  );
}

/**
 * The cross-entropy loss between logits and class indices or class probabilities
 * (`torch.nn.CrossEntropyLoss`); it holds the options and calls {@link crossEntropy}.
 * `weight` is registered as a buffer (in `stateDict()`, converted by `double()`), as in PyTorch.
 *
 *     l_n = −Σ_c w_c q_{n,c} log softmax(x_n)_c,   q = (1 − β)·target + β/C
 *
 * @param options `{ weight = null, ignoreIndex = -100, reduction = 'mean', labelSmoothing = 0 }`
 *
 * Shape: input (C), (N, C) or (N, C, d1, …, dk); target (), (N) or (N, d1, …, dk) int32 in
 * [0, C), or the input's shape for probabilities; output a scalar, or the target's shape (the
 * input's without C) for `'none'`.
 *
 * @example
 * const loss = new CrossEntropyLoss({ labelSmoothing: 0.1 });
 * const out = loss.call(randn([3, 5], { requiresGrad: true }), tensor([1, 0, 4]));
 * out.backward();
 */
export class CrossEntropyLoss extends Module {
  static override readonly typeName: string = "CrossEntropyLoss";
  weight: Tensor | null;
  readonly ignoreIndex: number;
  readonly reduction: Reduction;
  readonly labelSmoothing: number;

  constructor(options: CrossEntropyOptions = {}) {
    super();
    const op = "CrossEntropyLoss";
    checkOptions(op, options, CROSS_ENTROPY_OPTIONS, 1);
    // Checked here too, so a bad option fails where it is written, not at the first call.
    this.weight = this.registerBuffer("weight", checkClassWeight(op, options.weight));
    this.ignoreIndex = checkIgnoreIndex(op, options.ignoreIndex ?? -100);
    this.reduction = checkReduction(op, options.reduction ?? "mean");
    this.labelSmoothing = checkLabelSmoothing(op, options.labelSmoothing ?? 0);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
      labelSmoothing: this.labelSmoothing,
    });
  }
}
