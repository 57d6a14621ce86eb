import {
  type DType,
  formatShape,
  isFloating,
  isGradEnabled,
  needsGrad,
  type OptionsSpec,
  promoteTypes,
  record,
  Tensor,
} from "@tsgrad/core";
import {
  bufferOf,
  checkIndexTarget,
  classLayout,
  classLossPrologue,
  gradScale,
  gradScaleTensor,
  nllNodeName,
  type Reduction,
  reduceLosses,
  savedBuffer,
} from "./common.js";
import {
  type IndexTargets,
  indexTargetBackward,
  indexTargetForward,
  probTargetBackward,
  probTargetForward,
} from "./kernels.js";
import { ClassLossModule, NLL_OPTIONS, type NLLLossOptions } from "./nll.js";

/** Options of {@link crossEntropy} and {@link CrossEntropyLoss}, PyTorch's keyword arguments: nll_loss's and one more. */
export interface CrossEntropyOptions extends NLLLossOptions {
  /** β in [0, 1]: the target becomes (1 − β)·onehot + β/C (default 0). */
  labelSmoothing?: number;
}

const CROSS_ENTROPY_OPTIONS: OptionsSpec<CrossEntropyOptions> = { ...NLL_OPTIONS, labelSmoothing: "number" };

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
 * Fused: one pass per row, and the backward writes `(softmax·Σ_c q_c w_c − q ⊙ w)·scale`
 * directly, so neither a log-softmax nor a smoothed target matrix is built (with class-index
 * targets the forward keeps exp(x − max) for the backward). `weight` receives no gradient
 * (PyTorch's nll_loss does not differentiate it either).
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
  const s = classLossPrologue(op, input, target, options, CROSS_ENTROPY_OPTIONS);
  const { classDim, classes: C, weight, ignoreIndex, reduction, labelSmoothing: beta, w } = s;
  if (weight !== null && weight.dtype !== input.dtype) {
    throw new Error(
      `${op}(): expected weight to have the input's dtype ${input.dtype}, but got ${weight.dtype}`,
    );
  }
  if (isFloating(target.dtype)) {
    if (formatShape(target._shape) !== formatShape(input._shape)) {
      throw new Error(
        `${op}(): a floating point target holds class probabilities and must have the input's shape ${formatShape(input._shape)}, ` +
          `but got ${formatShape(target._shape)} (class-index targets must be int32)`,
      );
    }
    if (ignoreIndex >= 0) {
      throw new Error(
        `${op}(): ignore_index is not supported for floating point target (got ${ignoreIndex})`,
      );
    }
    return probTargetCE(input, target, classDim, w, beta, reduction);
  }
  return indexTargetCE(input, checkIndexTarget(op, input, target, classDim, ignoreIndex), {
    classDim,
    weight: w,
    // PyTorch's smoothed target: 1 − β + β/C on the true class, β/C elsewhere.
    on: 1 - beta + beta / C,
    off: beta / C,
    ignoreIndex,
    reduction,
    meanOver: "weights",
    dtype: input.dtype,
    // PyTorch's cross_entropy is nll_loss(log_softmax) (plus a smoothing term added to it).
    name: beta > 0 ? "AddBackward0" : nllNodeName(input.dim(), reduction),
  });
}

/** What {@link indexTargetCE} is asked: the variant of the loss and what its output is. */
export interface IndexTargetLoss {
  /** The class dim of the input. */
  classDim: number;
  /** The C class weights w_c. */
  weight: Float64Array;
  /** The target distribution q: `on` at the target class, `off` at every other. */
  on: number;
  off: number;
  /** A target value whose positions are skipped (no loss, no gradient, not counted), or null. */
  ignoreIndex: number | null;
  reduction: Reduction;
  /**
   * What 'mean' divides by: Σ w_y over the targets not ignored (PyTorch's), or the number of
   * positions (the seed's `torch.mean`, whatever the weights).
   */
  meanOver: "weights" | "positions";
  /** The output's dtype. */
  dtype: DType;
  /** The backward node's name (`grad_fn`). */
  name: string;
}

/**
 * The fused smoothed cross-entropy with class-index targets, shared by {@link crossEntropy}
 * (PyTorch's smoothing) and the seed's LabelSmoothingLoss. `target` has been checked.
 */
export function indexTargetCE(input: Tensor, target: Tensor, options: IndexTargetLoss): Tensor {
  const { classDim, weight, on, off, ignoreIndex, reduction } = options;
  const { data, offset, outer, classes: C, inner } = classLayout(input, classDim);
  const positions = outer * inner;
  const losses = new Float64Array(positions);
  const stats = { shift: new Float64Array(positions), logSum: new Float64Array(positions) };
  // The kernels' view of a target and weights (the backward's come from its saved tensors).
  const rows = (t: Tensor, w: Float64Array): IndexTargets => {
    return { outer, C, inner, target: t.storage.data, tOff: t.offset, w, on, off, ignoreIndex };
  };
  // When a gradient will be needed (exactly when `record` below records), the forward writes
  // exp(x − max) into the future gradient's buffer `e`, so the first backward only scales it in
  // place and hands it over: no exp computed twice, no second N×C buffer (W4 is bound by exp and
  // memory traffic). The saved flag `fresh` says whether `e` still holds the exps; a second
  // backward (retainGraph) finds it cleared and recomputes from x and the saved row stats.
  const e = isGradEnabled() && input.requiresGrad ? Tensor.alloc(input._shape, input.dtype) : null;
  const sumExp = e ? new Float64Array(positions) : null;
  const p = rows(target, weight);
  const denomW = indexTargetForward(data, offset, p, losses, stats, e?.storage.data, sumExp);
  // PyTorch's 'mean' with Σ w_y = 0 (all ignored, or zero weights) is its NLL part 0/0 = NaN, even
  // when the smoothing part's numerator is not 0; its gradient is NaN on the rows not ignored.
  const denom = options.meanOver === "positions" ? positions : denomW === 0 ? Number.NaN : denomW;
  const outShape = input._shape.filter((_, i) => i !== classDim);
  const out = reduceLosses(losses, reduction, denom, outShape, options.dtype);
  if (e === null || sumExp === null) return out;
  const shape = input._shape;
  const fresh = savedBuffer(Float64Array.of(1));
  const rowStats = [savedBuffer(stats.shift), savedBuffer(stats.logSum)];
  const saved = [input, target, ...rowStats, savedBuffer(weight), e, savedBuffer(sumExp), fresh];
  return record(out, options.name, [input], saved, (g, [xs, ts, m, L, ws, es, ss, flag]) => {
    if (needsGrad(g, xs)) return [indexTargetGradRecorded(g, xs!, rows(ts!, bufferOf(ws!)), options, denom)];
    const pb = rows(ts!, bufferOf(ws!));
    const gs = gradScale(g, reduction, denom);
    if (bufferOf(flag!)[0] === 1) {
      bufferOf(flag!)[0] = 0;
      indexTargetBackward(pb, gs, es!.storage.data, bufferOf(ss!));
      return [es!];
    }
    const x = classLayout(xs!, classDim);
    const grad = Tensor.alloc(shape, xs!.dtype);
    const st = { shift: bufferOf(m!), logSum: bufferOf(L!) };
    indexTargetBackward(pb, gs, grad.storage.data, null, x.data, x.offset, st);
    return [grad];
  });
}

/**
 * The class-index backward in recorded ops, for createGraph (so it can be differentiated again):
 * s_n·(softmax(x)·Q_n − qw) with qw_{n,c} = off·w_c + (on − off)·w_y·[c = y] and Q_n = Σ_c qw_{n,c},
 * the same rule as {@link indexTargetBackward}; ignored positions get 0.
 */
function indexTargetGradRecorded(
  g: Tensor,
  xs: Tensor,
  p: IndexTargets,
  options: IndexTargetLoss,
  denom: number,
): Tensor {
  const { outer, C, inner, target, tOff, w, on, off, ignoreIndex } = p;
  const qw = Tensor.alloc(xs._shape, xs.dtype);
  const valid = Tensor.alloc(
    xs._shape.map((s, i) => (i === options.classDim ? 1 : s)),
    "bool",
  );
  const q = qw.storage.data;
  let ignored = false;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const n = o * inner + i;
      const y = target[tOff + n]!;
      if (y === ignoreIndex) {
        ignored = true;
        continue;
      }
      valid.storage.data[n] = 1;
      const base = o * C * inner + i;
      for (let c = 0; c < C; c++) q[base + c * inner] = off * w[c]!;
      q[base + y * inner] = q[base + y * inner]! + (on - off) * w[y]!;
    }
  }
  const s = gradScaleTensor(g, options.reduction, denom, options.classDim);
  const grad = s.mul(xs.softmax(options.classDim).mul(qw.sum(options.classDim, true)).sub(qw));
  // An ignored row's s may be NaN ('mean' over no weight): its gradient is 0 all the same.
  return (ignored ? grad.where(valid, 0) : grad).to(xs.dtype);
}

/** The fused cross-entropy with probability targets (q = (1 − β)·target + β/C). */
function probTargetCE(
  input: Tensor,
  target: Tensor,
  classDim: number,
  w: Float64Array,
  beta: number,
  reduction: Reduction,
): Tensor {
  const { data, offset, outer, classes: C, inner } = classLayout(input, classDim);
  const tl = classLayout(target, classDim);
  const positions = outer * inner;
  const losses = new Float64Array(positions);
  const stats = { shift: new Float64Array(positions), logSum: new Float64Array(positions) };
  probTargetForward(data, offset, { outer, C, inner, t: tl.data, tOff: tl.offset, w, beta }, losses, stats);
  const outShape = input._shape.filter((_, i) => i !== classDim);
  // PyTorch divides 'mean' by N here, not by the weights (its issue 107680).
  const out = reduceLosses(losses, reduction, positions, outShape, promoteTypes(input.dtype, target.dtype));
  const shape = input._shape;
  const saved = [input, target, savedBuffer(stats.shift), savedBuffer(stats.logSum), savedBuffer(w)];
  // PyTorch's composite: -(w·q·log_softmax(x)).sum(classDim), then .mean() as a sum / N.
  const name = reduction === "mean" ? "DivBackward1" : "NegBackward0";
  return record(out, name, [input, target], saved, (g, [xs, ts, m, L, ws], needs) => {
    if (needsGrad(g, xs, ts)) {
      // Recorded for createGraph: q = (1 − β)·t + β/C, gx = s·(p·Σ w q − w q), gt = −s·(1 − β)·w·log p.
      const wt = Tensor.fromArray(Float64Array.from(bufferOf(ws!)), [C], "float64")
        .to(xs!.dtype)
        .reshape(shape.map((_, i) => (i === classDim ? C : 1)));
      const s = gradScaleTensor(g, reduction, positions, classDim);
      const logp = xs!.logSoftmax(classDim);
      const wq = wt.mul(ts!.mul(1 - beta).add(beta / C));
      return [
        needs[0] ? s.mul(logp.exp().mul(wq.sum(classDim, true)).sub(wq)).to(xs!.dtype) : null,
        needs[1] ? s.mul(wt.mul(logp).mul(beta - 1)).to(ts!.dtype) : null,
      ];
    }
    const x = classLayout(xs!, classDim);
    const t = classLayout(ts!, classDim);
    const gx = needs[0] ? Tensor.alloc(shape, xs!.dtype) : null;
    const gt = needs[1] ? Tensor.alloc(shape, ts!.dtype) : null;
    probTargetBackward(
      x.data,
      x.offset,
      { outer, C, inner, t: t.data, tOff: t.offset, w: bufferOf(ws!), beta },
      { shift: bufferOf(m!), logSum: bufferOf(L!) },
      gradScale(g, reduction, positions),
      gx ? gx.storage.data : null,
      gt ? gt.storage.data : null,
    );
    return [gx, gt];
  });
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
export class CrossEntropyLoss extends ClassLossModule {
  static override readonly typeName: string = "CrossEntropyLoss";
  /** The smoothing amount in [0, 1] (PyTorch's `label_smoothing`). */
  readonly labelSmoothing: number;

  constructor(options: CrossEntropyOptions = {}) {
    super("CrossEntropyLoss", options, CROSS_ENTROPY_OPTIONS);
    // Checked by the base, with the other options.
    this.labelSmoothing = options.labelSmoothing ?? 0;
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
