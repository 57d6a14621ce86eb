import {
  needsGrad,
  broadcastShapes,
  checkOptions,
  type DType,
  formatShape,
  nameGradFn,
  type OptionsSpec,
  promoteTypes,
  record,
  Tensor,
} from "@tsgrad/core";
import { Module } from "@tsgrad/nn";
import {
  applyReduction,
  bufferOf,
  checkFloating,
  checkPairLoss,
  checkSameShape,
  checkTensor,
  LEGACY_REDUCTION_OPTIONS,
  type LegacyReductionOptions,
  type Reduction,
  resolveReduction,
  savedBuffer,
} from "./common.js";

/** PyTorch's floor on x·(1 − x) in BCE's backward: 1e-12 stored as a float32. */
const EPSILON = Math.fround(1e-12);

/** Options of {@link binaryCrossEntropy} and {@link BCELoss}. */
export interface BCELossOptions extends LegacyReductionOptions {
  /** Rescaling weight of each element, broadcastable to the input (default: none). */
  weight?: Tensor | null;
  /** `'none' | 'mean' | 'sum'` (default `'mean'`). */
  reduction?: Reduction;
}

/** Options of {@link binaryCrossEntropyWithLogits} and {@link BCEWithLogitsLoss}. */
export interface BCEWithLogitsOptions extends BCELossOptions {
  /** Weight of the positive examples, broadcastable to the input along its last dim (default: none). */
  posWeight?: Tensor | null;
}

const BCE_OPTIONS: OptionsSpec<BCELossOptions> = {
  weight: "tensorOrNull",
  reduction: "string",
  ...LEGACY_REDUCTION_OPTIONS,
};
const BCE_WITH_LOGITS_OPTIONS: OptionsSpec<BCEWithLogitsOptions> = {
  ...BCE_OPTIONS,
  posWeight: "tensorOrNull",
};

/** Checks that `t` (a weight) is floating and broadcasts to the input's `shape` without growing it. */
function checkBroadcastsTo(op: string, name: string, t: Tensor, shape: readonly number[]): void {
  optionalWeight(op, name, t);
  let out: number[] | null;
  try {
    out = broadcastShapes(op, shape, t._shape);
  } catch {
    out = null;
  }
  if (out === null || formatShape(out) !== formatShape(shape)) {
    throw new Error(
      `${op}(): ${name} of shape ${formatShape(t._shape)} cannot be broadcast to the input's shape ${formatShape(shape)}`,
    );
  }
}

/** A constructor's check of an optional weight (its shape is checked at the call, against the input). */
function optionalWeight(op: string, name: string, t: Tensor | null | undefined): Tensor | null {
  if (t === undefined || t === null) return null;
  checkTensor(op, name, t);
  checkFloating(op, name, t);
  return t;
}

/** `t` broadcast to `shape`, read as float64 numbers (a copy, so the backward can save it). */
function expandedValues(op: string, name: string, t: Tensor, shape: readonly number[]): Float64Array {
  checkBroadcastsTo(op, name, t, shape);
  return Float64Array.from(t.expand(shape).contiguous().toTypedArray());
}

/**
 * The binary cross-entropy between probabilities and targets
 * (`torch.nn.functional.binary_cross_entropy`):
 *
 *     l_n = −w_n·( y_n·log x_n + (1 − y_n)·log(1 − x_n) ),   each log clamped to ≥ −100
 *
 * As in PyTorch, the clamp keeps x = 0 or 1 finite (loss 100) and the input's gradient is
 * `w·(x − y) / max(x·(1 − x), 1e-12)`; the target's is `w·(log(1 − x) − log x)`.
 *
 * @param input probabilities in [0, 1], any shape
 * @param target the same shape, values in [0, 1]
 * @param options `{ weight = null, reduction = 'mean' }`
 *
 * @example
 * binaryCrossEntropy(tensor([0.8, 0.3]), tensor([1, 0]).float()) // tensor(0.2899)
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: BCELossOptions = {}): Tensor {
  const op = "binary_cross_entropy";
  checkPairLoss(op, options, BCE_OPTIONS, input, target);
  const reduction = resolveReduction(op, options);
  if (formatShape(input._shape) !== formatShape(target._shape)) {
    throw new Error(
      `${op}(): Using a target size (${formatShape(target._shape)}) that is different to the input size (${formatShape(input._shape)}) is deprecated. Please ensure they have the same size.`,
    );
  }
  const shape = input._shape;
  const n = input.numel();
  const x = input.toTypedArray();
  const y = target.toTypedArray();
  const w = options.weight ? expandedValues(op, "weight", options.weight, shape) : null;
  const dtype: DType = promoteTypes(input.dtype, target.dtype);
  const out = Tensor.alloc(shape, dtype);
  const o = out.storage.data;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    if (!(xi >= 0 && xi <= 1)) {
      // A float32 value printed to float32 precision (-0.2, not -0.20000000298023224).
      const shown = input.dtype === "float32" ? Number(xi.toPrecision(8)) : xi;
      throw new Error(
        `${op}(): all elements of input should be between 0 and 1 (got ${shown} at flat index ${i})`,
      );
    }
    const yi = y[i]!;
    const l = -(yi * Math.max(Math.log(xi), -100) + (1 - yi) * Math.max(Math.log1p(-xi), -100));
    o[i] = w === null ? l : w[i]! * l;
  }
  const loss = record(
    out,
    "BinaryCrossEntropyBackward0",
    [input, target],
    w === null ? [input, target] : [input, target, savedBuffer(w)],
    (g, saved, needs) => {
      const [xs, ys, ws] = saved as [Tensor, Tensor, Tensor?];
      if (needsGrad(g, xs, ys)) {
        // Recorded for createGraph, the same rule: s·(x − y) / max((1 − x)·x, ε), s·(log(1 − x) − log x).
        const wt = ws ? Tensor.fromArray(Float64Array.from(bufferOf(ws)), shape, "float64").to(dtype) : null;
        const s = wt === null ? g : g.mul(wt);
        return [
          needs[0] ? s.mul(xs.sub(ys)).div(xs.neg().add(1).mul(xs).clampMin(EPSILON)).to(xs.dtype) : null,
          needs[1] ? s.mul(xs.neg().log1p().sub(xs.log())).to(ys.dtype) : null,
        ];
      }
      const wv = ws ? bufferOf(ws) : null;
      const xv = xs.toTypedArray();
      const yv = ys.toTypedArray();
      const gv = g.contiguous().toTypedArray();
      const gx = needs[0] ? Tensor.alloc(shape, xs.dtype) : null;
      const gy = needs[1] ? Tensor.alloc(shape, ys.dtype) : null;
      for (let i = 0; i < n; i++) {
        const s = wv === null ? gv[i]! : gv[i]! * wv[i]!;
        const xi = xv[i]!;
        if (gx) gx.storage.data[i] = (s * (xi - yv[i]!)) / Math.max((1 - xi) * xi, EPSILON);
        if (gy) gy.storage.data[i] = s * (Math.log1p(-xi) - Math.log(xi));
      }
      return [gx, gy];
    },
  );
  return nameGradFn(applyReduction(loss, reduction), "BinaryCrossEntropyBackward0");
}

/**
 * The binary cross-entropy on logits (`torch.nn.functional.binary_cross_entropy_with_logits`),
 * a sigmoid and BCE in one stable expression:
 *
 *     l_n = w_n·( (1 − y_n)·x_n + (1 + (p − 1)·y_n)·log(1 + e^{−x_n}) )
 *
 * with p = `posWeight` (1 by default), evaluated as PyTorch does with m = max(−x, 0):
 * log(1 + e^{−x}) = log(e^{−m} + e^{−x−m}) + m, finite for any logit.
 *
 * @param input logits, any shape
 * @param target the same shape, values in [0, 1]
 * @param options `{ weight = null, posWeight = null, reduction = 'mean' }`; posWeight broadcasts
 *   against the input (shape (C) for the classes along the last dim)
 *
 * @example
 * binaryCrossEntropyWithLogits(tensor([2, -1]).float(), tensor([1, 0]).float(), { posWeight: tensor([3, 3]).float() });
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: BCEWithLogitsOptions = {},
): Tensor {
  const op = "binary_cross_entropy_with_logits";
  checkPairLoss(op, options, BCE_WITH_LOGITS_OPTIONS, input, target);
  const reduction = resolveReduction(op, options);
  checkSameShape(op, input, target);
  const m = input.neg().relu();
  // log(1 + e^{−x}) = log(e^{−m} + e^{−x−m}) + m; its gradient is −sigmoid(−x) whatever m's is.
  const softplusNeg = m.neg().exp().add(input.neg().sub(m).exp()).log().add(m);
  let logWeight: Tensor | number = 1;
  if (options.posWeight) {
    checkBroadcastsTo(op, "posWeight", options.posWeight, input._shape);
    logWeight = options.posWeight.detach().sub(1).mul(target).add(1);
  }
  let loss = target.neg().add(1).mul(input).add(softplusNeg.mul(logWeight));
  if (options.weight) {
    checkBroadcastsTo(op, "weight", options.weight, input._shape);
    loss = loss.mul(options.weight);
  }
  return nameGradFn(applyReduction(loss, reduction), "BinaryCrossEntropyWithLogitsBackward0");
}

/**
 * The binary cross-entropy between probabilities and targets (`torch.nn.BCELoss`); `weight` is a
 * registered buffer, as in PyTorch.
 *
 *     l_n = −w_n·( y_n·log x_n + (1 − y_n)·log(1 − x_n) ),   logs clamped to ≥ −100
 *
 * @param options `{ weight = null, reduction = 'mean' }`
 *
 * Shape: input any, in [0, 1]; target the same; output a scalar, or the input's shape for `'none'`.
 *
 * @example
 * const logits = randn([4]);
 * const target = tensor([1, 0, 1, 1]).float();
 * new BCELoss().call(logits.sigmoid(), target).shape; // []
 */
export class BCELoss extends Module {
  static override readonly typeName: string = "BCELoss";
  /** The learnable weight (PyTorch's `weight`). */
  weight: Tensor | null;
  /** How the per-element losses are reduced: `"mean"`, `"sum"` or `"none"` (PyTorch's `reduction`). */
  readonly reduction: Reduction;
  constructor(options: BCELossOptions = {}) {
    super();
    checkOptions("BCELoss", options, BCE_OPTIONS, 1);
    this.weight = this.registerBuffer("weight", optionalWeight("BCELoss", "weight", options.weight));
    this.reduction = resolveReduction("BCELoss", options);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Sigmoid and binary cross-entropy in one stable loss (`torch.nn.BCEWithLogitsLoss`); `weight`
 * and `posWeight` (`pos_weight`) are registered buffers, as in PyTorch.
 *
 *     l_n = w_n·( (1 − y_n)·x_n + (1 + (p − 1)·y_n)·log(1 + e^{−x_n}) )
 *
 * @param options `{ weight = null, posWeight = null, reduction = 'mean' }`; posWeight > 1
 *   raises recall, < 1 raises precision; shape (C) for C classes along the last dim
 *
 * Shape: input any (logits); target the same; output a scalar, or the input's shape for `'none'`.
 *
 * @example
 * const logits = randn([4, 3]);
 * const target = ones([4, 3]);
 * new BCEWithLogitsLoss({ posWeight: full([3], 2.5) }).call(logits, target).shape; // []
 */
export class BCEWithLogitsLoss extends Module {
  static override readonly typeName: string = "BCEWithLogitsLoss";
  /** The learnable weight (PyTorch's `weight`). */
  weight: Tensor | null;
  /** The weight of the positive examples per class (PyTorch's `pos_weight`), or null. */
  posWeight: Tensor | null;
  /** How the per-element losses are reduced: `"mean"`, `"sum"` or `"none"` (PyTorch's `reduction`). */
  readonly reduction: Reduction;
  constructor(options: BCEWithLogitsOptions = {}) {
    super();
    const op = "BCEWithLogitsLoss";
    checkOptions(op, options, BCE_WITH_LOGITS_OPTIONS, 1);
    this.weight = this.registerBuffer("weight", optionalWeight(op, "weight", options.weight));
    this.posWeight = this.registerBuffer("pos_weight", optionalWeight(op, "posWeight", options.posWeight));
    this.reduction = resolveReduction("BCEWithLogitsLoss", options);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, {
      weight: this.weight,
      posWeight: this.posWeight,
      reduction: this.reduction,
    });
  }
}
