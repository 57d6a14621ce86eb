/**
 * Helpers shared by the losses: the `reduction` argument, argument checks with PyTorch's wording,
 * and the `[outer, C, inner]` view of a tensor around its class dim that the fused kernels use.
 */
import {
  checkOptions,
  type DType,
  formatShape,
  isFloating,
  isTensor,
  noGrad,
  normalizeDim,
  type OptionsSpec,
  otherCopyNote,
  Tensor,
  type TypedArray,
} from "@tsgrad/core";
import type { GradScale } from "./kernels.js";

/** How a loss reduces its per-element values (PyTorch's `reduction`). */
export type Reduction = "none" | "mean" | "sum";

/** A user's option value for a message: numbers as themselves, anything else quoted with its type. */
export function showValue(v: unknown): string {
  return typeof v === "number" ? String(v) : `${JSON.stringify(v) ?? String(v)} (${typeof v})`;
}

/** Throws PyTorch's `ValueError` wording for anything but `'none' | 'mean' | 'sum'`. */
export function checkReduction(op: string, reduction: unknown): Reduction {
  if (reduction === "none" || reduction === "mean" || reduction === "sum") return reduction;
  throw new Error(
    `${op}(): ${String(reduction)} is not a valid value for reduction (expected 'none', 'mean' or 'sum')`,
  );
}

/**
 * PyTorch's deprecated `size_average` / `reduce` keywords, which every loss that had them before
 * `reduction` (PyTorch 0.4) still takes in 1.13 and 2.x. Either one given (not null) overrides
 * `reduction` entirely, as in PyTorch: see {@link legacyReduction}.
 */
export interface LegacyReductionOptions {
  /** Deprecated (`size_average`): average (true, the default) or sum. Use `reduction`. */
  sizeAverage?: boolean | null;
  /** Deprecated (`reduce`): reduce (true, the default) or not at all (false). Use `reduction`. */
  reduce?: boolean | null;
}

const BOOLEAN_OR_NULL = {
  test: (v: unknown) => v === null || typeof v === "boolean",
  expected: "a boolean or null",
};

/** The spec entries of {@link LegacyReductionOptions}, spread into a loss's options spec. */
export const LEGACY_REDUCTION_OPTIONS: OptionsSpec<LegacyReductionOptions> = {
  sizeAverage: BOOLEAN_OR_NULL,
  reduce: BOOLEAN_OR_NULL,
};

/** The deprecation warnings printed so far (Python prints each distinct warning text once). */
const warned = new Set<string>();

/**
 * The `reduction` that `sizeAverage` / `reduce` stand for, as PyTorch's
 * `_Reduction.legacy_get_string`: each defaults to true; `reduce: false` is `'none'` (whatever
 * `sizeAverage` says), else `sizeAverage: false` is `'sum'`, else `'mean'`. Prints PyTorch's
 * deprecation warning (console.warn) once per process for each resulting reduction, as Python's
 * default warning filter does.
 *
 * PyTorch: `torch.nn._reduction.legacy_get_string(size_average, reduce)`.
 * @example
 * legacyReduction(false, null); // "sum"
 */
export function legacyReduction(
  sizeAverage: boolean | null | undefined,
  reduce: boolean | null | undefined,
): Reduction {
  const average = sizeAverage ?? true;
  const r: Reduction = (reduce ?? true) ? (average ? "mean" : "sum") : "none";
  const text = `size_average and reduce args will be deprecated, please use reduction='${r}' instead.`;
  if (!warned.has(text)) {
    warned.add(text);
    console.warn(text);
  }
  return r;
}

/**
 * Forgets which deprecation warnings were printed, so that tests can see them again.
 *
 * @example
 * resetLegacyReductionWarnings(); // the next legacy option warns again
 */
export function resetLegacyReductionWarnings(): void {
  warned.clear();
}

/** Whether the options use the deprecated keywords (either one given, not null). */
export function usesLegacyReduction(options: LegacyReductionOptions): boolean {
  return (
    (options.sizeAverage !== undefined && options.sizeAverage !== null) ||
    (options.reduce !== undefined && options.reduce !== null)
  );
}

/**
 * A loss's reduction from its options: the deprecated `sizeAverage` / `reduce` when either is
 * given (then `reduction` is ignored, as PyTorch ignores it), else `reduction` checked
 * (default `'mean'`).
 */
export function resolveReduction(
  op: string,
  options: { reduction?: unknown } & LegacyReductionOptions,
): Reduction {
  if (usesLegacyReduction(options)) return legacyReduction(options.sizeAverage, options.reduce);
  return checkReduction(op, options.reduction ?? "mean");
}

/** `loss` reduced as asked: unchanged, its mean, or its sum. */
export function applyReduction(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === "mean") return loss.mean();
  if (reduction === "sum") return loss.sum();
  return loss;
}

export function checkTensor(op: string, name: string, t: unknown): asserts t is Tensor {
  if (!isTensor(t)) {
    throw new TypeError(
      `${op}(): argument '${name}' must be a Tensor, not ${t === null ? "null" : Array.isArray(t) ? "array" : typeof t}${otherCopyNote(t)}`,
    );
  }
}

export function checkFloating(op: string, name: string, t: Tensor): void {
  if (!isFloating(t.dtype)) {
    // JS has no 1.0 literal: tensor([1, 0]) and full(shape, 1.0) are int32, the usual cause here.
    const hint =
      t.dtype === "int32"
        ? ' (JS writes 1.0 as 1, so tensor([1, 0]) and full(shape, 1.0) are int32: pass { dtype: "float32" } or call .float())'
        : "";
    throw new Error(
      `${op}(): expected '${name}' to be a floating point tensor, but got dtype ${t.dtype}${hint}`,
    );
  }
}

/** Every loss's first check: `input` and `target` are tensors and `input` is floating. */
export function checkLossTensors(op: string, input: unknown, target: unknown, inputName = "input"): void {
  checkTensor(op, inputName, input);
  checkTensor(op, "target", target);
  checkFloating(op, inputName, input);
}

/**
 * The first checks of a loss over an input and a floating target (BCE, KL, the regression
 * losses): its options (the third argument), then both tensors, then the target's dtype.
 */
export function checkPairLoss<O extends object>(
  op: string,
  options: O,
  spec: OptionsSpec<O>,
  input: unknown,
  target: unknown,
): void {
  checkOptions(op, options, spec, 3);
  checkLossTensors(op, input, target);
  checkFloating(op, "target", target as Tensor);
}

/** The same-shape check of BCE and friends, in PyTorch's words. */
export function checkSameShape(op: string, input: Tensor, target: Tensor): void {
  if (formatShape(input._shape) !== formatShape(target._shape)) {
    throw new Error(
      `${op}(): Target size (${formatShape(target._shape)}) must be the same as input size (${formatShape(input._shape)})`,
    );
  }
}

/**
 * How a class-weight check words its failures: PyTorch's, used by cross_entropy, nll_loss and
 * their modules (the seed's LabelSmoothingLoss has its own). `classes` is null where C is not
 * known yet (a module's constructor): then only 1-D is checked.
 */
export const PYTORCH_WEIGHT = {
  dtype: (dtype: string) => `expected 'weight' to be a floating point tensor, but got dtype ${dtype}`,
  shape: (weight: Tensor, classes: number | null) =>
    classes === null
      ? `weight must be a 1-D tensor with one entry per class, but got shape ${formatShape(weight._shape)}`
      : `weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: ${formatShape(weight._shape)}`,
};
export type WeightWording = typeof PYTORCH_WEIGHT;

/**
 * The one check of a class weight: a floating tensor, 1-D, with one entry per class (or only 1-D
 * while `classes` is null). Returns it, so a constructor can fail at once, naming itself.
 */
export function checkClassWeight(
  op: string,
  weight: unknown,
  classes: number | null,
  words: WeightWording = PYTORCH_WEIGHT,
): Tensor {
  checkTensor(op, "weight", weight);
  if (!isFloating(weight.dtype)) throw new Error(`${op}(): ${words.dtype(weight.dtype)}`);
  if (weight.dim() !== 1 || (classes !== null && weight._shape[0] !== classes)) {
    throw new Error(`${op}(): ${words.shape(weight, classes)}`);
  }
  return weight;
}

/** A checked class weight's values as float64 (the kernels read it once per class); all 1 for none. */
export function classWeights(weight: Tensor | null, classes: number): Float64Array {
  return weight === null ? new Float64Array(classes).fill(1) : Float64Array.from(weight.toTypedArray());
}

/** The keyword arguments cross_entropy and nll_loss share (nll_loss has no `labelSmoothing`). */
export interface ClassLossSettings {
  weight: Tensor | null;
  ignoreIndex: number;
  reduction: Reduction;
  labelSmoothing: number;
}

/**
 * The options of cross_entropy / nll_loss and their modules (already checked for unknown keys),
 * checked and defaulted. `classes` is C at a call, null in a constructor (see {@link checkClassWeight}).
 */
export function classLossSettings(
  op: string,
  options: Partial<ClassLossSettings> & LegacyReductionOptions,
  classes: number | null,
): ClassLossSettings {
  const reduction = resolveReduction(op, options);
  const ignoreIndex = options.ignoreIndex ?? -100;
  // A fraction could never equal a class index.
  if (typeof ignoreIndex !== "number" || !Number.isInteger(ignoreIndex)) {
    throw new Error(`${op}(): ignore_index must be an integer, but got ${showValue(ignoreIndex)}`);
  }
  // PyTorch's range check; NaN and infinities fail it too. PyTorch 1.13 silently ignores a
  // negative label_smoothing; tsgrad rejects it with the same message.
  const labelSmoothing = options.labelSmoothing ?? 0;
  if (typeof labelSmoothing !== "number" || !(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new Error(
      `${op}(): label_smoothing must be between 0.0 and 1.0. Got: ${showValue(labelSmoothing)}`,
    );
  }
  const w = options.weight;
  const weight = w === undefined || w === null ? null : checkClassWeight(op, w, classes);
  return { weight, ignoreIndex, reduction, labelSmoothing };
}

/** What {@link classLossPrologue} checked: the class dims, the settings and the weights as float64. */
export interface ClassLossCall extends ClassDims, ClassLossSettings {
  /** The C class weights w_c (all 1 without a weight). */
  w: Float64Array;
}

/**
 * The first steps of nll_loss and cross_entropy: their options (the third argument), the input
 * and target tensors and the class dim (PyTorch's: 1, or 0 for a 1-D input), then the settings.
 */
export function classLossPrologue<O extends Partial<ClassLossSettings> & LegacyReductionOptions>(
  op: string,
  input: Tensor,
  target: Tensor,
  options: O,
  spec: OptionsSpec<O>,
): ClassLossCall {
  checkOptions(op, options, spec, 3);
  const dims = checkClassInput(op, input, target, "input", null);
  const settings = classLossSettings(op, options, dims.classes);
  return { ...dims, ...settings, w: classWeights(settings.weight, dims.classes) };
}

/** Where a loss's classes lie: the class dim, C, and the shape of one loss per position. */
export interface ClassDims {
  classDim: number;
  classes: number;
  outShape: number[];
}

/**
 * The first checks of every loss over a class dim (cross_entropy, nll_loss, LabelSmoothingLoss):
 * `input` and `target` are tensors, `input` is floating and has a class dim. `dim` is the class
 * dim the loss was given; null takes PyTorch's rule (1, or 0 for a 1-D input).
 */
export function checkClassInput(
  op: string,
  input: Tensor,
  target: Tensor,
  inputName: string,
  dim: number | null,
): ClassDims {
  checkLossTensors(op, input, target, inputName);
  if (input.dim() === 0) {
    throw new Error(
      dim === null
        ? `${op}(): expected input of shape (C), (N, C) or (N, C, d1, ...), but got a 0-d tensor`
        : `${op}(): ${inputName} must have a class dim, but got a 0-d tensor`,
    );
  }
  const classDim = dim === null ? (input.dim() === 1 ? 0 : 1) : normalizeDim(op, dim, input.dim());
  const outShape = input._shape.filter((_, i) => i !== classDim);
  return { classDim, classes: input._shape[classDim]!, outShape };
}

/** A tensor seen as a contiguous `[outer, C, inner]` block around `dim`. */
export interface ClassLayout {
  data: TypedArray;
  offset: number;
  outer: number;
  classes: number;
  inner: number;
}

/** Reads `t` (made contiguous if needed) as `[outer, C, inner]` around the class dim `dim`. */
export function classLayout(t: Tensor, dim: number): ClassLayout {
  // Only the values are read (the fused ops record their own backward), so no graph is built.
  const c = t.isContiguous() ? t : noGrad(() => t.contiguous());
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < dim; i++) outer *= c._shape[i]!;
  for (let i = dim + 1; i < c.dim(); i++) inner *= c._shape[i]!;
  return {
    data: c.storage.data,
    offset: c.offset,
    outer,
    classes: c.dim() === 0 ? 1 : c._shape[dim]!,
    inner,
  };
}

/** The multi-index of flat position `n` in a row-major `shape`, printed as `[i, j]`. */
function positionOf(n: number, shape: readonly number[]): string {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = n % shape[d]!;
    n = Math.floor(n / shape[d]!);
  }
  return formatShape(idx);
}

/**
 * Checks a class-index target against `input` whose classes lie along `classDim`: dtype int32
 * (tsgrad's index type, PyTorch's int64), shape = input's shape without the class dim, and every
 * value in [0, C) or equal to `ignoreIndex` (when not null). Returns the contiguous target.
 * The out-of-range message starts as PyTorch's does: `Target 3 is out of bounds.`
 */
export function checkIndexTarget(
  op: string,
  input: Tensor,
  target: Tensor,
  classDim: number,
  ignoreIndex: number | null,
): Tensor {
  const C = input._shape[classDim]!;
  if (target.dtype !== "int32") {
    throw new Error(
      `${op}(): expected a class-index target of dtype int32 (tsgrad's index dtype, PyTorch's int64), but got ${target.dtype} with shape ${formatShape(target._shape)}`,
    );
  }
  const expected = input._shape.filter((_, i) => i !== classDim);
  if (formatShape(expected) !== formatShape(target._shape)) {
    if (input.dim() === 2 && target.dim() === 1) {
      throw new Error(
        `${op}(): Expected input batch_size (${input._shape[0]}) to match target batch_size (${target._shape[0]}).`,
      );
    }
    throw new Error(
      `${op}(): Expected target size ${formatShape(expected)}, got ${formatShape(target._shape)} (input shape ${formatShape(input._shape)}, class dim ${classDim})`,
    );
  }
  const t = target.isContiguous() ? target : noGrad(() => target.contiguous());
  const data = t.storage.data;
  const n = t.numel();
  for (let k = 0; k < n; k++) {
    const v = data[t.offset + k]!;
    if ((v < 0 || v >= C) && v !== ignoreIndex) {
      const ignore = ignoreIndex === null ? "" : ` or ignore_index ${ignoreIndex}`;
      throw new Error(
        `${op}(): Target ${v} is out of bounds. (expected a class index in [0, ${C})${ignore}; found at target${positionOf(k, t._shape)})`,
      );
    }
  }
  return t;
}

/** A tensor of `shape` and `dtype` over `values` (used as is for float64, rounded for float32). */
export function fromValues(values: Float64Array, shape: readonly number[], dtype: DType): Tensor {
  const data = dtype === "float64" ? values : Float32Array.from(values);
  return Tensor.fromArray(data, shape, dtype);
}

/** The per-position `losses` as the op's output: as is for 'none', else their sum or sum / `denom`. */
export function reduceLosses(
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
export function gradScale(g: Tensor, reduction: Reduction, denom: number): GradScale {
  if (reduction !== "none") {
    return { scalar: g.item() / (reduction === "mean" ? denom : 1), per: null, off: 0 };
  }
  const gc = classLayout(g, 0);
  return { scalar: 1, per: gc.data, off: gc.offset };
}

/**
 * `gradScale` as a recorded tensor, for the createGraph forms of the fused backwards: the
 * gradient of each position's loss, broadcastable against the input (size 1 along `classDim`).
 */
export function gradScaleTensor(g: Tensor, reduction: Reduction, denom: number, classDim: number): Tensor {
  if (reduction === "none") return g.unsqueeze(classDim);
  return reduction === "mean" ? g.div(denom) : g;
}

/** A float64 buffer as a 1-D tensor, to be kept in a node's `saved` (freed after the backward). */
export function savedBuffer(values: Float64Array): Tensor {
  return Tensor.fromArray(values, [values.length], "float64");
}

/** The float64 values of a tensor made by {@link savedBuffer}. */
export function bufferOf(t: Tensor): Float64Array {
  return t.storage.data as Float64Array;
}

/**
 * The `grad_fn` name PyTorch 1.13 shows for `nll_loss` (and so `cross_entropy` with class-index
 * targets) on an input of `dim` dims: `NllLossBackward0` up to 2-D, `NllLoss2DBackward0` beyond
 * (PyTorch runs the spatial kernel), except an unreduced 3-D or 5-D+ input, which PyTorch views
 * back to the target's shape (`ViewBackward0`).
 */
export function nllNodeName(dim: number, reduction: Reduction): string {
  if (dim <= 2) return "NllLossBackward0";
  return reduction === "none" && dim !== 4 ? "ViewBackward0" : "NllLoss2DBackward0";
}
