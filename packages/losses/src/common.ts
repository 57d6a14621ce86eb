/**
 * Helpers shared by the losses: the `reduction` argument, argument checks with PyTorch's wording,
 * and the `[outer, C, inner]` view of a tensor around its class dim that the fused kernels use.
 */
import { formatShape, isFloating, noGrad, type Tensor, type TypedArray } from "@tsgrad/core";

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

/** `loss` reduced as asked: unchanged, its mean, or its sum. */
export function applyReduction(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === "mean") return loss.mean();
  if (reduction === "sum") return loss.sum();
  return loss;
}

export function checkTensor(op: string, name: string, t: unknown): asserts t is Tensor {
  if (t === null || typeof t !== "object" || !("shape" in t) || !("dtype" in t)) {
    throw new TypeError(
      `${op}(): argument '${name}' must be a Tensor, not ${t === null ? "null" : Array.isArray(t) ? "array" : typeof t}`,
    );
  }
}

export function checkFloating(op: string, name: string, t: Tensor): void {
  if (!isFloating(t.dtype)) {
    throw new Error(`${op}(): expected '${name}' to be a floating point tensor, but got dtype ${t.dtype}`);
  }
}

/** The same-shape check of BCE and friends, in PyTorch's words. */
export function checkSameShape(op: string, input: Tensor, target: Tensor): void {
  if (formatShape(input.shape) !== formatShape(target.shape)) {
    throw new Error(
      `${op}(): Target size (${formatShape(target.shape)}) must be the same as input size (${formatShape(input.shape)})`,
    );
  }
}

/**
 * The data of a class-weight tensor as plain float64 numbers (the kernels read it once per
 * class), after checking it is a 1-D floating tensor with one entry per class.
 */
export function weightValues(op: string, weight: Tensor, classes: number): Float64Array {
  checkTensor(op, "weight", weight);
  if (!isFloating(weight.dtype)) {
    throw new Error(
      `${op}(): expected 'weight' to be a floating point tensor, but got dtype ${weight.dtype}`,
    );
  }
  if (weight.dim() !== 1 || weight.shape[0] !== classes) {
    throw new Error(
      `${op}(): weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: ${formatShape(weight.shape)}`,
    );
  }
  return Float64Array.from(weight.toTypedArray());
}

/**
 * The checks a loss module's constructor can make on its class `weight` before it knows C: a 1-D
 * floating tensor (or none). Returns it, so a constructor fails at once, naming itself.
 */
export function checkClassWeight(op: string, weight: Tensor | null | undefined): Tensor | null {
  if (weight === undefined || weight === null) return null;
  checkTensor(op, "weight", weight);
  checkFloating(op, "weight", weight);
  if (weight.dim() !== 1) {
    throw new Error(
      `${op}(): weight must be a 1-D tensor with one entry per class, but got shape ${formatShape(weight.shape)}`,
    );
  }
  return weight;
}

/** `ignore_index` must be an integer (a fraction could never equal a class index). */
export function checkIgnoreIndex(op: string, ignoreIndex: unknown): number {
  if (typeof ignoreIndex !== "number" || !Number.isInteger(ignoreIndex)) {
    throw new Error(`${op}(): ignore_index must be an integer, but got ${showValue(ignoreIndex)}`);
  }
  return ignoreIndex;
}

/** PyTorch's range check of `label_smoothing`; NaN and infinities fail it too. */
export function checkLabelSmoothing(op: string, beta: unknown): number {
  if (typeof beta !== "number" || !(beta >= 0 && beta <= 1)) {
    throw new Error(`${op}(): label_smoothing must be between 0.0 and 1.0. Got: ${showValue(beta)}`);
  }
  return beta;
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
  for (let i = 0; i < dim; i++) outer *= c.shape[i]!;
  for (let i = dim + 1; i < c.dim(); i++) inner *= c.shape[i]!;
  return { data: c.storage.data, offset: c.offset, outer, classes: c.dim() === 0 ? 1 : c.shape[dim]!, inner };
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
  const C = input.shape[classDim]!;
  if (target.dtype !== "int32") {
    throw new Error(
      `${op}(): expected a class-index target of dtype int32 (tsgrad's index dtype, PyTorch's int64), but got ${target.dtype} with shape ${formatShape(target.shape)}`,
    );
  }
  const expected = input.shape.filter((_, i) => i !== classDim);
  if (formatShape(expected) !== formatShape(target.shape)) {
    if (input.dim() === 2 && target.dim() === 1) {
      throw new Error(
        `${op}(): Expected input batch_size (${input.shape[0]}) to match target batch_size (${target.shape[0]}).`,
      );
    }
    throw new Error(
      `${op}(): Expected target size ${formatShape(expected)}, got ${formatShape(target.shape)} (input shape ${formatShape(input.shape)}, class dim ${classDim})`,
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
        `${op}(): Target ${v} is out of bounds. (expected a class index in [0, ${C})${ignore}; found at target${positionOf(k, t.shape)})`,
      );
    }
  }
  return t;
}
